"""Sending a due reminder into her conversation through the Rasa server's HTTP API.

`POST /conversations/{sender}/trigger_intent?output_channel=latest` with the external intent
EXTERNAL_counselling_reminder: the bot answers in her language on the channel she last used.
"""
import logging
from datetime import datetime
from typing import Optional
from urllib.parse import quote

import requests

from bot import settings

logger = logging.getLogger(__name__)
REMINDER_INTENT = "EXTERNAL_counselling_reminder"


class RasaReminderSender:
    def __init__(self, url: str = None, token: str = None, timeout: float = 15):
        self.url = (url or settings.RASA_API_URL).rstrip("/")
        self.token = settings.RASA_API_TOKEN if token is None else token
        self.timeout = timeout

    def __call__(self, sender_id: str, kind: str, starts_at: datetime) -> Optional[bool]:
        """True: sent. False: failed (retried, counted). None: she is in the middle of a form right
        now (a report, a booking); the reminder would be taken as her answer, so it waits."""
        conversation = f"{self.url}/conversations/{quote(sender_id, safe='')}"
        token = {"token": self.token} if self.token else {}
        tracker = requests.get(f"{conversation}/tracker", params={"include_events": "NONE", **token},
                               timeout=self.timeout)
        if tracker.status_code == 200 and ((tracker.json() or {}).get("active_loop") or {}).get("name"):
            return None
        response = requests.post(
            f"{conversation}/trigger_intent", params={"output_channel": "latest", **token},
            json={"name": REMINDER_INTENT,
                  "entities": {"reminder_kind": kind, "reminder_starts_at": starts_at.isoformat()}},
            timeout=self.timeout)
        if response.status_code != 200:
            logger.warning("reminder: Rasa answered HTTP %d", response.status_code)
        return response.status_code == 200
