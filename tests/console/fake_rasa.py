"""A stand-in for the part of Rasa's HTTP API the console uses, recording every call.

Good enough to test the console and relay without a trained model: conversations are lists of
events; `execute` appends the action and a bot event whose text is the response name.
"""
import time
from collections import defaultdict

from aiohttp import web

from tests.fakes.rasa_jwt import bearer_ok


class FakeRasa:
    def __init__(self, token: str = "test-token"):
        self.token = token
        self.events = defaultdict(list)
        self.calls = []  # (method, path, query dict, body)
        self.fail = False

    def user_says(self, conversation_id: str, text: str, timestamp: float = None) -> None:
        self.events[conversation_id].append({"event": "user", "text": text, "timestamp": timestamp or time.time()})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/conversations/{id}/tracker", self._tracker)
        app.router.add_post("/conversations/{id}/tracker/events", self._events)
        app.router.add_post("/conversations/{id}/execute", self._execute)
        return app

    def _check(self, request):
        if self.fail:
            raise web.HTTPServiceUnavailable()
        # Like Rasa started by bot/rasa_server.py: a signed bearer token only, never ?token=.
        if "token" in request.query or not bearer_ok(request.headers.get("Authorization"), self.token):
            raise web.HTTPUnauthorized()

    async def _tracker(self, request):
        self._check(request)
        self.calls.append(("GET", request.path, dict(request.query), None))
        cid = request.match_info["id"]
        return web.json_response({"sender_id": cid, "events": self.events[cid], "paused": self.paused(cid)})

    def paused(self, conversation_id: str) -> bool:
        state = False
        for event in self.events[conversation_id]:
            if event.get("event") in ("pause", "resume"):
                state = event["event"] == "pause"
            elif event.get("event") in ("restart", "session_started"):
                state = False
        return state

    async def _events(self, request):
        self._check(request)
        body = await request.json()
        self.calls.append(("POST", request.path, dict(request.query), body))
        cid = request.match_info["id"]
        for event in body if isinstance(body, list) else [body]:
            self.events[cid].append({**event, "timestamp": time.time()})
        return web.json_response({"sender_id": cid, "events": self.events[cid]})

    async def _execute(self, request):
        self._check(request)
        body = await request.json()
        self.calls.append(("EXECUTE", request.path, dict(request.query), body))
        cid = request.match_info["id"]
        self.events[cid].append({"event": "action", "name": body["name"], "timestamp": time.time()})
        self.events[cid].append({"event": "bot", "text": body["name"], "timestamp": time.time()})
        return web.json_response({"tracker": {"sender_id": cid}, "messages": []})

    def executed(self, conversation_id: str = None):
        return [body["name"] for method, path, _, body in self.calls
                if method == "EXECUTE" and (conversation_id is None or conversation_id in path)]
