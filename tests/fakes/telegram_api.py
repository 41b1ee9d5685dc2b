"""A fake Telegram Bot API server: real HTTP on loopback, answers shaped like the real API.

Records every call the bot makes (method and parameters) so tests can check what she would have
seen. Speaks both request encodings the real API accepts (JSON body, form fields whose complex
values are JSON strings, as python-telegram-bot sends them).

    api = FakeTelegramApi(token="123:abc")
    await api.start()            # inside an event loop (pytest-asyncio), or
    api.start_in_thread()        # for tests that drive a separate Rasa process
    api.base_url                 # -> give to the channel as TELEGRAM_API_BASE_URL
    api.calls("sendMessage")     # -> [{'chat_id': 5500000001, 'text': ..., 'reply_markup': {...}}]
"""
import asyncio
import itertools
import json
import re
import socket
import threading
import time
from typing import Any, Dict, List, Optional, Set

from aiohttp import web

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Test Helper Bot", "username": "TestHelperBot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
JSON_FIELDS = {"reply_markup", "message_ids", "allowed_updates", "entities", "link_preview_options",
               "reply_parameters"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=code)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


class FakeTelegramApi:
    def __init__(self, token: str = "123456:TEST-token_for_fake", files: Optional[Dict[str, bytes]] = None) -> None:
        self.token = token
        self.port = _free_port()
        self.files: Dict[str, bytes] = dict(files or {})    # file_id -> content served by getFile
        self.blocked_chats: Set[int] = set()                # sends to these answer 403
        self.undeletable: Set[int] = set()                  # message ids deleteMessage refuses (400)
        self.refuse_bulk_delete = False                     # deleteMessages answers 400 when True
        self.deleted: Dict[int, List[int]] = {}             # chat id -> deleted message ids
        self.sent_ids: dict[int, list[int]] = {}            # chat id -> ids of the messages sent there
        self.webhook: Dict[str, Any] = {}
        self._calls: List[Dict[str, Any]] = []
        self._message_ids = itertools.count(1000)
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- what the bot did ----------------------------------------------------------------------
    def calls(self, method: Optional[str] = None) -> List[Dict[str, Any]]:
        return [dict(c["params"]) for c in list(self._calls) if method is None or c["method"] == method]

    def methods(self) -> List[str]:
        return [c["method"] for c in list(self._calls)]

    def clear(self) -> None:
        self._calls.clear()

    def texts(self, chat_id: Optional[int] = None) -> List[str]:
        return [c["text"] for c in self.calls("sendMessage") if chat_id is None or c["chat_id"] == chat_id]

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    # --- lifecycle -----------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        return app

    async def start(self) -> "FakeTelegramApi":
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self) -> "FakeTelegramApi":
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self.stop())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-telegram-api", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Telegram API did not start")
        return self

    def stop_thread(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> List[Dict[str, Any]]:
        """For tests against another process: waits until the bot has called `method` `count` times."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(method)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.calls(method)

    # --- HTTP ----------------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> Dict[str, Any]:
        params: Dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.read()
            if body:
                params.update(json.loads(body))
        elif request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                params[key] = value if isinstance(value, str) else value.file.read()
        for key, value in list(params.items()):
            if isinstance(value, str):
                if key in JSON_FIELDS:
                    params[key] = json.loads(value)
                elif re.fullmatch(r"-?\d+", value) and key in ("chat_id", "message_id", "max_connections"):
                    params[key] = int(value)
                elif value in ("true", "false") and key in ("drop_pending_updates", "show_alert"):
                    params[key] = value == "true"
        return params

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            params = await self._params(request)
        except ValueError:
            return _error(400, "Bad Request: can't parse JSON object")
        self._calls.append({"method": method, "params": params})
        handler = getattr(self, "_api_" + method, None)
        if handler is None:
            return _error(404, "Not Found")
        return handler(params)

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    # --- the Bot API methods the channel uses --------------------------------------------------
    def _api_getMe(self, params) -> web.Response:
        return _ok(BOT_USER)

    def _chat(self, chat_id) -> Dict[str, Any]:
        return {"id": chat_id, "first_name": "Test User", "type": "private"}

    def _api_sendMessage(self, params) -> web.Response:
        chat_id, text = params.get("chat_id"), params.get("text")
        if not text:
            return _error(400, "Bad Request: message text is empty")
        if len(str(text).encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message is too long")
        if chat_id in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        markup = params.get("reply_markup")
        if markup:
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data")
                    if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                        return _error(400, "Bad Request: BUTTON_DATA_INVALID")
        message = {"message_id": next(self._message_ids), "from": BOT_USER, "chat": self._chat(chat_id),
                   "date": int(time.time()), "text": text}
        self.sent_ids.setdefault(chat_id, []).append(message["message_id"])
        if markup:
            message["reply_markup"] = markup
        return _ok(message)

    def _api_answerCallbackQuery(self, params) -> web.Response:
        if not params.get("callback_query_id"):
            return _error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(params.get("text") or "") > 200:
            return _error(400, "Bad Request: MESSAGE_TOO_LONG")
        return _ok(True)

    def _api_deleteMessage(self, params) -> web.Response:
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        if chat_id in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        if message_id in self.undeletable or message_id in self.deleted.get(chat_id, []):
            return _error(400, "Bad Request: message can't be deleted")
        self.deleted.setdefault(chat_id, []).append(message_id)
        return _ok(True)

    def _api_deleteMessages(self, params) -> web.Response:
        chat_id, ids = params.get("chat_id"), params.get("message_ids") or []
        if self.refuse_bulk_delete:
            return _error(400, "Bad Request: message can't be deleted")
        if not 1 <= len(ids) <= 100:
            return _error(400, "Bad Request: too many messages to delete")
        if chat_id in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        # Like the real method: messages that cannot be deleted are skipped, the call succeeds.
        for message_id in ids:
            if message_id not in self.undeletable:
                self.deleted.setdefault(chat_id, []).append(message_id)
        return _ok(True)

    def _api_getFile(self, params) -> web.Response:
        file_id = params.get("file_id")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        content = self.files[file_id]
        if len(content) > 20 * 1024 * 1024:
            return _error(400, "Bad Request: file is too big")
        return _ok({"file_id": file_id, "file_unique_id": "u" + str(abs(hash(file_id)))[:12],
                    "file_size": len(content), "file_path": f"documents/{file_id}"})

    def _api_setWebhook(self, params) -> web.Response:
        url, secret = params.get("url", ""), params.get("secret_token")
        if url and not url.startswith("https://"):
            return _error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not SECRET_TOKEN.match(secret):
            return _error(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": params.get("allowed_updates"),
                        "drop_pending_updates": params.get("drop_pending_updates", False)}
        return _ok(True)

    def _api_getWebhookInfo(self, params) -> web.Response:
        info = {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return _ok(info)

    def _api_deleteWebhook(self, params) -> web.Response:
        self.webhook = {}
        return _ok(True)
