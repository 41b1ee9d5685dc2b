"""A tiny fake of the Telegram Bot API (getMe, sendMessage) for the staff notifications."""
from aiohttp import web


class FakeStaffTelegram:
    def __init__(self):
        self.sent = []
        self.fail = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        return app

    async def _method(self, request):
        if self.fail:
            return web.json_response({"ok": False, "error_code": 500, "description": "down"}, status=500)
        method = request.match_info["method"]
        data = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "Staff",
                                                             "username": "staff_bot"}})
        if method == "sendMessage":
            self.sent.append({"token": request.match_info["token"], **data})
            return web.json_response({"ok": True, "result": {
                "message_id": len(self.sent), "date": 0, "chat": {"id": int(data["chat_id"]), "type": "group"},
                "text": data["text"]}})
        return web.json_response({"ok": False, "error_code": 404, "description": "unknown"}, status=404)
