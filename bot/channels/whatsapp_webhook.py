"""Reading WhatsApp Cloud API webhooks: the GET handshake, the body signature, and the events.

Plain Python (no Rasa, no network) so every rule of the protocol is unit-testable:
- the signature is HMAC-SHA256 of the *raw* body bytes (Meta signs its \\uXXXX-escaped form, so a
  re-serialised body would not match);
- every level of the envelope is a list (entries, changes, messages, statuses): never only `[0]`;
- unknown kinds and malformed parts are skipped, never an exception.

The sender address (`from`, or the BSUID `from_user_id` when she uses a username) is personal
data: it leaves this module only to be pseudonymised, and no log line here contains it.
"""
import hashlib
import hmac
from dataclasses import dataclass, field
from functools import partial
from typing import Any, List, Mapping, Optional, Tuple

# What the channel does with each message type.
TEXT, CHOICE, MEDIA, NOT_READABLE, IGNORED = "text", "choice", "media", "not_readable", "ignored"
# Media she can keep as evidence (acknowledged) vs. media the bot cannot read (asked to type).
EVIDENCE_MEDIA = ("image", "document")
UNREADABLE_MEDIA = ("audio", "video", "sticker")
# No conversation content: emoji reactions, "user changed number" and similar notices.
SILENT_TYPES = ("reaction", "system", "request_welcome", "order")


@dataclass(frozen=True)
class Inbound:
    message_id: str
    address: str  # phone number or BSUID: pseudonymise before use, never log
    kind: str
    text: str = ""  # typed text, or the id of the chosen button / list row
    title: str = ""  # title of the chosen button or row (fallback when its id is stale)
    media_type: str = ""
    media_id: str = ""
    caption: str = ""
    timestamp: int = 0


@dataclass(frozen=True)
class DeliveryStatus:
    message_id: str
    status: str  # sent, delivered, read, played, failed
    address: str  # her number (or BSUID): never log
    errors: Tuple[Tuple[int, str], ...] = ()


@dataclass
class Notification:
    messages: List[Inbound] = field(default_factory=list)
    statuses: List[DeliveryStatus] = field(default_factory=list)
    errors: List[Tuple[int, str]] = field(default_factory=list)  # value-level errors (code, title)


def signature_is_valid(app_secret: str, raw_body: bytes, header: Optional[str]) -> bool:
    """X-Hub-Signature-256 check over the exact bytes received (constant-time)."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip().lower())


def sign(app_secret: str, raw_body: bytes) -> str:
    """The header value Meta would send for `raw_body` (for tests and local tools)."""
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def handshake_challenge(args: Mapping[str, Any], verify_token: str) -> Optional[str]:
    """The challenge to echo for Meta's subscription GET, or None (answer 403)."""
    mode, token, challenge = (_first(args.get(k)) for k in ("hub.mode", "hub.verify_token", "hub.challenge"))
    if mode != "subscribe" or not verify_token or token is None or challenge is None:
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return challenge


def _first(value: Any) -> Optional[str]:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _errors(value: Any) -> Tuple[Tuple[int, str], ...]:
    return tuple((_int(e.get("code")), _str(e.get("title")) or _str(e.get("message")))
                 for e in _list(value) if isinstance(e, dict))


def parse_notification(body: Any) -> Notification:
    """Every message, status and error in a webhook body, in the order Meta sent them."""
    found = Notification()
    for entry in _list(_dict(body).get("entry")):
        for change in _list(_dict(entry).get("changes")):
            change = _dict(change)
            if change.get("field", "messages") != "messages":
                continue  # template status updates and the like: acknowledged, not ours
            value = _dict(change.get("value"))
            for message in _list(value.get("messages")):
                inbound = parse_message(message)
                if inbound is not None:
                    found.messages.append(inbound)
            for status in _list(value.get("statuses")):
                status = _dict(status)
                if _str(status.get("id")) and _str(status.get("status")):
                    found.statuses.append(DeliveryStatus(
                        message_id=status["id"], status=status["status"],
                        address=_str(status.get("recipient_id")) or _str(status.get("recipient_user_id")),
                        errors=_errors(status.get("errors"))))
            found.errors.extend(_errors(value.get("errors")))
    return found


def parse_message(message: Any) -> Optional[Inbound]:
    """One inbound message, or None when it has no id or no sender to answer."""
    message = _dict(message)
    message_id = _str(message.get("id"))
    # With WhatsApp usernames `from` may be "": the business-scoped user id is then her address.
    address = _str(message.get("from")) or _str(message.get("from_user_id"))
    if not message_id or not address:
        return None
    kind_of = _str(message.get("type"))
    inbound = partial(Inbound, message_id=message_id, address=address, timestamp=_int(message.get("timestamp")))

    if kind_of == "text":
        body = _str(_dict(message.get("text")).get("body"))
        return inbound(kind=TEXT, text=body) if body.strip() else inbound(kind=IGNORED)
    if kind_of == "interactive":
        interactive = _dict(message.get("interactive"))
        reply = _dict(interactive.get("button_reply")) or _dict(interactive.get("list_reply"))
        if _str(reply.get("id")) or _str(reply.get("title")):
            return inbound(kind=CHOICE, text=_str(reply.get("id")), title=_str(reply.get("title")))
        return inbound(kind=NOT_READABLE)  # e.g. an interactive without its object (131000)
    if kind_of == "button":  # quick reply of a template message
        button = _dict(message.get("button"))
        return inbound(kind=CHOICE, text=_str(button.get("payload")), title=_str(button.get("text")))
    if kind_of in EVIDENCE_MEDIA or kind_of in UNREADABLE_MEDIA:
        media = _dict(message.get(kind_of))
        return inbound(kind=MEDIA, media_type=kind_of, media_id=_str(media.get("id")),
                       caption=_str(media.get("caption")))
    if kind_of in SILENT_TYPES:
        return inbound(kind=IGNORED)
    # location, contacts, unsupported (131051), the legacy "unknown", and types added later
    return inbound(kind=NOT_READABLE)
