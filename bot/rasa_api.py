"""The Rasa server's HTTP API: the one client of the project, with the API token.

Authentication: Rasa runs with the API key as its JWT secret (bot/rasa_server.py) and no query-string
token at all; every request carries `Authorization: Bearer <JWT>`, signed here with HS256 and valid
for five minutes. So the key is never in a URL (access logs, proxies) nor on a command line (`ps`).

The calls we make:
- read a conversation: `GET /conversations/{id}/tracker` (the console, the relay, the reminder sender);
- pause/resume: `POST /conversations/{id}/tracker/events` with {"event": "pause"|"resume"};
- a counsellor's text to her channel: a `bot` event there with output_channel=latest and
  execute_side_effects=true (Rasa sends it through the channel she last wrote on);
- a response from the domain in her language: `POST /conversations/{id}/execute`;
- an external intent, e.g. a counselling reminder: `POST /conversations/{id}/trigger_intent`.

Async (aiohttp): the console and its relay await it; the reminder loop, a thread of its own, runs
it with asyncio.run. Imports no Rasa, so the console keeps its own small environment. The token
never leaves the server side.
"""
import base64
import hashlib
import hmac
import json
import time
from typing import List, Optional
from urllib.parse import quote

import aiohttp

COUNSELLOR_MARK = "counsellor"

# Marks events the tracker store copied into a new session (bot.store.tracker_store.CARRIED_OVER;
# not imported from there, because that module loads Rasa).
CARRIED_OVER = "hs_carried_over"


TOKEN_LIFETIME_SECONDS = 300
SERVICE_USER = {"username": "hamari-suraksha-services", "role": "admin"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def bearer_token(key: str, now: Optional[float] = None) -> str:
    """A JWT (HS256) that Rasa's sanic-jwt accepts as an admin: short-lived, so a copy that leaks
    (a debug log, a proxy) is useless minutes later; the key itself never leaves this process."""
    issued = int(now if now is not None else time.time())
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps({"user": SERVICE_USER, "iat": issued,
                               "exp": issued + TOKEN_LIFETIME_SECONDS}).encode())
    signature = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


class RasaError(Exception):
    """Rasa refused (status: its HTTP status) or could not be reached (status None)."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout: float = 10):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    async def __aenter__(self) -> "RasaClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    async def _request(self, method: str, url: str, params: Optional[dict] = None, json=None):
        headers = {"Authorization": f"Bearer {bearer_token(self.token)}"} if self.token else {}
        http = await self._http()
        try:
            async with http.request(method, url, params=params or None, json=json, headers=headers) as response:
                if response.status >= 400:
                    raise RasaError(f"Rasa answered {response.status}", response.status)
                return await response.json(content_type=None)
        except aiohttp.ClientError as error:
            raise RasaError(type(error).__name__) from error

    async def tracker(self, conversation_id: str, include_events: Optional[str] = None) -> dict:
        """The conversation's tracker; include_events="NONE" reads only its state (slots, active form)."""
        params = {"include_events": include_events} if include_events else None
        return await self._request("GET", self._url(conversation_id, "tracker"), params)

    async def append_events(self, conversation_id: str, events: List[dict], to_channel: bool = False) -> dict:
        params = {"output_channel": "latest", "execute_side_effects": "true"} if to_channel else {}
        return await self._request("POST", self._url(conversation_id, "tracker/events"), params, events)

    async def pause(self, conversation_id: str) -> None:
        await self.append_events(conversation_id, [{"event": "pause"}])

    async def resume(self, conversation_id: str) -> None:
        await self.append_events(conversation_id, [{"event": "resume"}])

    async def send_counsellor_text(self, conversation_id: str, text: str) -> None:
        await self.append_events(conversation_id, [{"event": "bot", "text": text,
                                                    "metadata": {COUNSELLOR_MARK: True}}], to_channel=True)

    async def execute(self, conversation_id: str, action: str) -> dict:
        return await self._request("POST", self._url(conversation_id, "execute"),
                                   {"output_channel": "latest"}, {"name": action})

    async def trigger_intent(self, conversation_id: str, intent: str, entities: dict) -> dict:
        """The bot answers the intent in her conversation, on the channel she last used."""
        return await self._request("POST", self._url(conversation_id, "trigger_intent"),
                                   {"output_channel": "latest"}, {"name": intent, "entities": entities})


def conversation_since(tracker: dict, since: Optional[float], until: Optional[float] = None) -> List[dict]:
    """Her messages, the bot's and the counsellor's since the handoff (and up to `until`, when the
    case was closed), oldest first."""
    messages = []
    for event in tracker.get("events") or []:
        timestamp = event.get("timestamp") or 0
        if since is not None and timestamp < since:
            continue
        if until is not None and timestamp > until:
            continue
        if (event.get("metadata") or {}).get(CARRIED_OVER):
            continue  # a copy made when a long conversation continued in a new session
        if event.get("event") == "user":
            messages.append({"from": "her", "text": event.get("text") or "", "ts": timestamp})
        elif event.get("event") == "bot" and (event.get("text") or ""):
            counsellor = bool((event.get("metadata") or {}).get(COUNSELLOR_MARK))
            messages.append({"from": "counsellor" if counsellor else "bot", "text": event["text"], "ts": timestamp})
    return messages
