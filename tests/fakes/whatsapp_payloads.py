"""WhatsApp Cloud API webhook bodies of our own making (a fresh clone tests itself with these).

Same envelope and value types as Meta's: every level a list, ids and timestamps as strings,
error codes as ints. The shapes in ../shared/webhooks/whatsapp/ are run as well when present.
"""
import base64
import itertools
import json
import time
from typing import List, Optional

from bot.channels.whatsapp_webhook import sign

BUSINESS_NUMBER = "919800000000"
PHONE_NUMBER_ID = "100000000000001"
WABA_ID = "200000000000001"
_counter = itertools.count(1)


def wamid(address: str) -> str:
    # Real wamids are base64 around the customer's number, which is why we never store them raw.
    raw_id = b"\x1c\x18\x0c" + address.encode() + b"\x15\x02\x00\x12\x18\x14" + f"T{next(_counter):019d}".encode()
    return "wamid." + base64.b64encode(raw_id).decode()


def envelope(messages: Optional[List[dict]] = None, statuses: Optional[List[dict]] = None,
             address: Optional[str] = None, errors: Optional[List[dict]] = None) -> dict:
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": BUSINESS_NUMBER, "phone_number_id": PHONE_NUMBER_ID}}
    if messages is not None:
        value["contacts"] = [{"profile": {"name": "Test Sender"}, "wa_id": address or messages[0]["from"]}]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    if errors is not None:
        value["errors"] = errors
    return {"object": "whatsapp_business_account",
            "entry": [{"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}]}


def message(address: str, kind: str, content: dict, message_id: Optional[str] = None) -> dict:
    return {"from": address, "id": message_id or wamid(address), "timestamp": str(int(time.time())),
            "type": kind, **content}


def text(address: str, body: str, message_id: Optional[str] = None) -> dict:
    return envelope([message(address, "text", {"text": {"body": body}}, message_id)])


def button_reply(address: str, reply_id: str, title: str) -> dict:
    return envelope([message(address, "interactive", {"interactive": {
        "type": "button_reply", "button_reply": {"id": reply_id, "title": title}}})])


def list_reply(address: str, reply_id: str, title: str) -> dict:
    return envelope([message(address, "interactive", {"interactive": {
        "type": "list_reply", "list_reply": {"id": reply_id, "title": title, "description": "x"}}})])


def media(address: str, kind: str, media_id: str = "1000000000000001", caption: str = "") -> dict:
    content = {"mime_type": "image/jpeg", "sha256": "abc=", "id": media_id}
    if kind == "audio":
        content = {"mime_type": "audio/ogg; codecs=opus", "sha256": "abc=", "id": media_id, "voice": True}
    if caption:
        content["caption"] = caption
    return envelope([message(address, kind, {kind: content})])


def status(address: str, state: str, message_id: Optional[str] = None, code: Optional[int] = None,
           title: str = "") -> dict:
    item = {"id": message_id or wamid(address), "status": state, "timestamp": str(int(time.time())),
            "recipient_id": address}
    if code is not None:
        item["errors"] = [{"code": code, "title": title, "message": title,
                           "error_data": {"details": "made-up details"}}]
    return envelope(statuses=[item])


def raw(body: dict) -> bytes:
    """The bytes Meta sends: compact JSON with non-ASCII as \\uXXXX escapes."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=True).encode()


def signed(body: dict, app_secret: str):
    data = raw(body)
    return data, sign(app_secret, data)
