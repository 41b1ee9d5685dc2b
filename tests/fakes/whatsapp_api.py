"""A local fake of the WhatsApp Cloud API (Graph API): real HTTP on loopback (aiohttp).

It records every message the bot sends and answers like Meta does:
- POST /{version}/{phone_number_id}/messages with a bearer token: `{"messaging_product", "contacts",
  "messages": [{"id": "wamid..."}]}`, or Meta's error object (HTTP 400) for bodies that break the
  platform's limits (3 buttons, 20-char titles, 10 rows, 24-char row titles, 1024/4096 bodies);
- scripted failures with Meta's codes: 131047 (outside the 24-hour window), 131026 (undeliverable),
  130429 (rate limit), per recipient or for the next N sends;
- the 24-hour rule: a recipient `outside_window` gets free-form messages refused (131047) but an
  approved template accepted; a template that was not registered (`templates`, name -> languages)
  is refused with 132001, as Meta does;
- media: GET /{version}/{media_id} -> {"url", "mime_type", ...}; GET that url (token needed) -> bytes.

Runs in its own thread and event loop, so sync tests (e2e) and async tests can both use it.
`FakeWhatsAppApi().start()`; `.base_url` goes into WHATSAPP_API_BASE_URL.
"""
import asyncio
import base64
import itertools
import threading
import time
from typing import Dict, List, Optional, Tuple

from aiohttp import web

ERRORS = {
    131047: ("Re-engagement message", "Message failed to send because more than 24 hours have passed since "
                                      "the customer last replied to this number."),
    131026: ("Message Undeliverable", "Message failed to send because the recipient is not reachable."),
    130429: ("Rate limit hit", "Cloud API message throughput has been reached."),
    131009: ("Parameter value is not valid", "One or more parameter values are invalid."),
    132001: ("Template name does not exist in the translation", "template name or language not approved"),
    190: ("Invalid OAuth access token", "Invalid OAuth access token - Cannot parse access token"),
}


def error_body(code: int, details: Optional[str] = None) -> dict:
    title, default_details = ERRORS.get(code, ("Unknown error", ""))
    return {"error": {"message": f"(#{code}) {title}", "type": "OAuthException", "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": details or default_details},
                      "fbtrace_id": "AbCdEfGhIjKlMnOp"}}


def limit_problem(body: dict) -> Optional[str]:
    """What Meta would reject in a message body (None when it is valid)."""
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if not (body.get("to") or body.get("recipient")):
        return "no recipient"
    kind = body.get("type")
    if kind == "text":
        text = (body.get("text") or {}).get("body") or ""
        return None if 1 <= len(text) <= 4096 else f"text body length {len(text)}"
    if kind == "template":
        template = body.get("template") or {}
        if not template.get("name") or not (template.get("language") or {}).get("code"):
            return "template name and language"
        return None
    if kind == "image":
        return None if (body.get("image") or {}).get("link") or (body.get("image") or {}).get("id") else "no image"
    if kind != "interactive":
        return f"unknown type {kind!r}"
    interactive = body.get("interactive") or {}
    text = (interactive.get("body") or {}).get("text") or ""
    if not 1 <= len(text) <= 1024:
        return f"interactive body length {len(text)}"
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        titles = [b["reply"]["title"] for b in buttons]
        if not 1 <= len(buttons) <= 3:
            return f"{len(buttons)} buttons"
        if any(not 1 <= len(t) <= 20 for t in titles) or len(set(titles)) != len(titles):
            return "button titles"
        if any(not 1 <= len(b["reply"]["id"]) <= 256 for b in buttons):
            return "button ids"
        return None
    if interactive.get("type") == "list":
        rows = [row for section in action.get("sections") or [] for row in section.get("rows") or []]
        if not 1 <= len(rows) <= 10:
            return f"{len(rows)} rows"
        if not 1 <= len(action.get("button") or "") <= 20:
            return "list button label"
        if any(not 1 <= len(r["title"]) <= 24 or len(r.get("description", "")) > 72 or not 1 <= len(r["id"]) <= 200
               for r in rows):
            return "row title/description/id"
        return None
    return f"unknown interactive type {interactive.get('type')!r}"


class FakeWhatsAppApi:
    def __init__(self, access_token: str = "test-access-token", phone_number_id: str = "100000000000001",
                 version: str = "v21.0") -> None:
        self.access_token, self.phone_number_id, self.version = access_token, phone_number_id, version
        self.sent: List[dict] = []  # every accepted message body, in order
        self.rejected: List[Tuple[dict, int]] = []  # (body, error code) of refused sends
        self.media: Dict[str, Tuple[bytes, str]] = {}
        self.media_requests: List[str] = []
        self._fail_recipients: Dict[str, int] = {}
        # Templates an operator registered: name -> languages (the README lists ours).
        self.templates: Dict[str, set] = {}
        self._fail_next: List[int] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None
        self.port: Optional[int] = None

    # --- scripting ---------------------------------------------------------------------------
    def outside_window(self, address: str) -> None:
        """Every free-form send to `address` fails with 131047, as after 24 hours of silence."""
        self._fail_recipients[address] = 131047

    def in_window(self, address: str) -> None:
        """She wrote again: free-form messages are accepted again."""
        self._fail_recipients.pop(address, None)

    def register_template(self, name: str, *languages: str) -> None:
        self.templates.setdefault(name, set()).update(languages)

    def undeliverable(self, address: str) -> None:
        self._fail_recipients[address] = 131026

    def fail_next(self, code: int, times: int = 1) -> None:
        self._fail_next.extend([code] * times)

    def add_media(self, media_id: str, data: bytes, mime_type: str = "image/jpeg") -> None:
        self.media[media_id] = (data, mime_type)

    def sent_to(self, address: str) -> List[dict]:
        with self._lock:
            return [b for b in self.sent if address in (b.get("to"), b.get("recipient"))]

    def wait_for(self, count: int, address: Optional[str] = None, timeout: float = 30.0) -> List[dict]:
        """Waits until at least `count` messages were sent (to `address`), returns them."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.sent_to(address) if address else list(self.sent)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def wait_quiet(self, quiet: float = 5.0, timeout: float = 120.0) -> None:
        """Waits until nothing was sent or refused for `quiet` seconds (the bot has finished)."""
        deadline = time.monotonic() + timeout
        last, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.sent) + len(self.rejected)
            if count != last:
                last, since = count, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)

    def clear(self) -> None:
        """Forgets what was sent and every scripted failure (a fresh platform for the next test)."""
        with self._lock:
            self.sent.clear()
            self.rejected.clear()
            self._fail_recipients.clear()
            self._fail_next.clear()
            self.templates.clear()

    # --- HTTP --------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.access_token}"

    async def _messages(self, request: web.Request) -> web.Response:
        if request.match_info["version"] != self.version or request.match_info["phone_id"] != self.phone_number_id:
            return web.json_response(error_body(100, "Unsupported post request"), status=400)
        if not self._authorised(request):
            return web.json_response(error_body(190), status=401)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response(error_body(100, "invalid JSON"), status=400)
        address = body.get("to") or body.get("recipient") or ""
        with self._lock:
            code = self._fail_next.pop(0) if self._fail_next else self._fail_recipients.get(address)
            if body.get("type") == "template":
                template = body.get("template") or {}
                if code == 131047:
                    code = None           # the 24-hour rule is what templates are for
                if not code and ((template.get("language") or {}).get("code")
                                 not in self.templates.get(template.get("name"), set())):
                    code = 132001
            problem = None if code else limit_problem(body)
            if problem:
                code = 131009
            if code:
                self.rejected.append((body, code))
            else:
                self.sent.append(body)
        if code:
            return web.json_response(error_body(code, problem), status=400)
        number = next(self._ids)
        wamid = "wamid." + base64.b64encode(f"fake-{address}-{number:08d}".encode()).decode()
        return web.json_response({"messaging_product": "whatsapp",
                                  "contacts": [{"input": address, "wa_id": address}],
                                  "messages": [{"id": wamid}]})

    async def _media_info(self, request: web.Request) -> web.Response:
        media_id = request.match_info["media_id"]
        if not self._authorised(request):
            return web.json_response(error_body(190), status=401)
        if media_id not in self.media:
            return web.json_response(error_body(100, "media not found"), status=404)
        data, mime = self.media[media_id]
        return web.json_response({"messaging_product": "whatsapp", "id": media_id, "mime_type": mime,
                                  "sha256": "0" * 64, "file_size": len(data),
                                  "url": f"{self.base_url}/media-download/{media_id}?ext=1"})

    async def _media_download(self, request: web.Request) -> web.Response:
        media_id = request.match_info["media_id"]
        self.media_requests.append(media_id)
        if not self._authorised(request):
            return web.Response(status=401)
        if media_id not in self.media:
            return web.Response(status=404)
        data, mime = self.media[media_id]
        return web.Response(body=data, content_type=mime)

    def start(self) -> "FakeWhatsAppApi":
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/{version}/{phone_id}/messages", self._messages)
            app.router.add_get("/media-download/{media_id}", self._media_download)
            app.router.add_get("/{version}/{media_id}", self._media_info)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True, name="fake-whatsapp-api")
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake WhatsApp API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
