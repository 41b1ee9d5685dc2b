"""WhatsApp's 24-hour rule for messages we start: free-form text only within 24 hours of her last
message; after that only a template an operator registered with Meta (bot/jobs/wording.py
TEMPLATES, listed in the README).

A scheduled message (bot/jobs/) carries the template to use in its metadata. The channel sends the
free-form text while the window is open and the template once it has closed (her last message is
`ChannelIdentity.last_seen_at`, updated on every message she sends); if Meta still answers 131047
(clocks differ), the template is sent then. Replies to what she just wrote are always in the window.
"""
from datetime import datetime, timedelta, timezone
from typing import Optional

# A little inside Meta's 24 hours, so a message sent at 23:59 is not refused on arrival.
WINDOW = timedelta(hours=23, minutes=45)


def window_open(last_seen: Optional[datetime], now: Optional[datetime] = None) -> bool:
    if last_seen is None:
        return False
    return (now or datetime.now(timezone.utc)) - last_seen < WINDOW


def template_body(template: dict) -> dict:
    """A Cloud API template message: name, language and the reference code as its one parameter."""
    return {"type": "template", "template": {
        "name": str(template["name"]), "language": {"code": str(template.get("language") or "en")},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": str(p)}
                                                       for p in template.get("params") or []]}]}}
