"""Rasa's own web channels, socket.io and REST, behind the gate (bot/channels/gate.py); and `guard`,
which our Telegram and WhatsApp channels use too.

credentials.yml names these classes instead of `socketio` and `rest`; they keep Rasa's names, so the
URLs (/socket.io, /webhooks/rest/webhook) and the output channel names do not change. The source
address of a message reaches the gate through a context variable, set for the one request or
socket.io event being handled: Sanic's peer address, or the last X-Forwarded-For hop when the peer is
a trusted proxy (EDGE_TRUSTED_PROXIES). Socket.io frames are capped at PUBLIC_MAX_BODY_BYTES too.
In production (HS_PROFILE=production) the REST channel is off: it lets the caller name any sender.
A socket.io connection from a page outside HS_WIDGET_ORIGINS is refused (CORS does not cover
websockets).
"""
import logging
import re
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot import settings
from bot.channels.gate import CUT_MARK, InputGate
from bot.proxies import is_trusted_proxy
from bot.rasa_patches.retried_messages import CLIENT_ID_PREFIX

logger = logging.getLogger(__name__)
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
SOURCE_ADDRESS: ContextVar[Optional[str]] = ContextVar("hs_source_address", default=None)
_gate: Optional[InputGate] = None


def input_gate() -> InputGate:
    """One gate per Rasa process, so every channel counts against the same quotas."""
    global _gate
    if _gate is None:
        _gate = InputGate(settings.SENDER_MESSAGES_PER_MINUTE, settings.ADDRESS_MESSAGES_PER_MINUTE)
    return _gate


def address_of(peer: Optional[str], forwarded_for: Optional[str]) -> Optional[str]:
    if is_trusted_proxy(peer, settings.EDGE_TRUSTED_PROXIES) and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return hops[-1][:64]
    return (peer or None) and peer[:64]


def page_allowed(origin: Optional[str], host: Optional[str]) -> bool:
    """A browser says which page opens a socket.io connection (Origin). CORS does not cover
    websockets, so the widget's origins are checked here: a configured origin, the server's own
    origin, or no Origin at all (not a browser: a script can claim any origin anyway) may connect."""
    if not origin or "*" in settings.WIDGET_ORIGINS:
        return True
    origin = origin.rstrip("/")
    return origin in settings.WIDGET_ORIGINS or origin.split("://", 1)[-1] == (host or "")


# A client's own id for a message (the widget's, a retrying client's): letters, digits, - and _.
CLIENT_MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def take_client_message_id(message: UserMessage) -> None:
    """A client that may send a message again gives it an id (metadata.message_id): Rasa records it
    as the message's id, so a second copy is answered from the saved turn, never run twice
    (bot/rasa_patches/retried_messages.py). Any other id is Rasa's own random one."""
    given = (message.metadata or {}).get("message_id") if isinstance(message.metadata, dict) else None
    if isinstance(given, str) and CLIENT_MESSAGE_ID.fullmatch(given):
        message.message_id = CLIENT_ID_PREFIX + given


def guard(on_new_message: OnNewMessage, channel: str, gate: Optional[InputGate] = None) -> OnNewMessage:
    """on_new_message behind the gate: a notice first when there is one, then Rasa if it passes."""
    async def guarded(message: UserMessage) -> None:
        take_client_message_id(message)
        verdict = (gate or input_gate()).check(channel, message.sender_id, SOURCE_ADDRESS.get(), message.text)
        if verdict.reason != "ok":
            logger.info("gate: %s on %s", verdict.reason, channel)  # never her text or ids
        if verdict.notice and message.output_channel is not None:
            await message.output_channel.send_text_message(message.sender_id, verdict.notice)
        if verdict.passes:
            if verdict.reason == "too_long":
                message.metadata = {**(message.metadata or {}), CUT_MARK: True}
            message.text = verdict.text
            await on_new_message(message)
    return guarded


def cap_bodies(webhook: Blueprint) -> None:
    """Sanic accepts 100 MB request bodies by default; our webhooks take small JSON. Set on the app
    when the server starts, before any connection reads the limit."""
    @webhook.listener("before_server_start")
    async def capped(app, _loop) -> None:
        app.config.REQUEST_MAX_SIZE = settings.PUBLIC_MAX_BODY_BYTES


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = super().blueprint(guard(on_new_message, self.name()))
        if settings.socketio_redis_url():
            # Several replicas: an emit reaches the replica holding her socket (bot/channels/socketio_bridge.py).
            from bot.channels.socketio_bridge import share_emits
            share_emits(self.sio, settings.socketio_redis_url(), settings.SOCKETIO_REDIS_CHANNEL)
        self.sio.eio.max_http_buffer_size = settings.PUBLIC_MAX_BODY_BYTES
        namespace = self.namespace or "/"
        handle_message = self.sio.handlers[namespace][self.user_message_evt]

        async def with_address(sid, data):
            request = (self.sio.get_environ(sid, namespace) or {}).get("sanic.request")
            if request is not None:
                SOURCE_ADDRESS.set(address_of(request.ip, request.headers.get("X-Forwarded-For")))
            if not isinstance(data, dict):
                return None  # Rasa's handler expects an object; anything else is not a message
            return await handle_message(sid, data)

        self.sio.handlers[namespace][self.user_message_evt] = with_address

        connect = self.sio.handlers[namespace]["connect"]

        async def connect_from_the_widget(sid, environ, auth=None):
            if not page_allowed(environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST")):
                logger.info("socket.io: a page outside HS_WIDGET_ORIGINS was refused")
                return False
            return await connect(sid, environ, auth)

        self.sio.handlers[namespace]["connect"] = connect_from_the_widget
        refuse_binary_packets(self.sio)
        cap_bodies(webhook)
        return webhook


# Socket.IO packet types that announce binary attachments (socket.io protocol v5: BINARY_EVENT, BINARY_ACK).
_BINARY_PACKET_TYPES = ("5", "6")


def refuse_binary_packets(sio) -> None:
    """The widget sends only text events. python-socketio 5.9 (held by Rasa 3.6) keeps a packet's binary
    attachments in memory with no limit on their number (GHSA-5w7q-77mv-v69f, docs/dependency-audit.md):
    a client that announces or sends binary data is disconnected before the packet is parsed."""
    handle_eio_message = sio._handle_eio_message

    async def text_packets_only(eio_sid, data):
        if isinstance(data, (bytes, bytearray)) or (isinstance(data, str) and data[:1] in _BINARY_PACKET_TYPES):
            logger.info("socket.io: a binary packet was refused and its client disconnected")
            sio._binary_packet.pop(eio_sid, None)
            await sio.eio.disconnect(eio_sid)
            return None
        return await handle_eio_message(eio_sid, data)

    sio.eio.on("message", text_packets_only)


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def get_metadata(self, request) -> Optional[dict]:
        """Only the client's message id from the body's metadata (Rasa's REST channel keeps none)."""
        given = (request.json or {}).get("metadata") if isinstance(request.json, dict) else None
        if isinstance(given, dict) and isinstance(given.get("message_id"), str):
            return {"message_id": given["message_id"]}
        return None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not settings.rest_channel_on():
            # REST takes any sender id from the request body: a tool for tests and local work, not for
            # the public. In production the blueprint has no routes, so /webhooks/rest/webhook is 404.
            logger.info("REST channel off (HS_PROFILE=production)")
            off = Blueprint("rest_off", url_prefix="/webhooks/rest")
            cap_bodies(off)
            return off
        webhook = super().blueprint(guard(on_new_message, self.name()))

        @webhook.middleware("request")
        async def remember_address(request) -> None:
            SOURCE_ADDRESS.set(address_of(request.ip, request.headers.get("X-Forwarded-For")))

        cap_bodies(webhook)
        return webhook
