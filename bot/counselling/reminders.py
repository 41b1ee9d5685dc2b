"""Sending a due reminder into her conversation through the Rasa server's HTTP API.

`POST /conversations/{sender}/trigger_intent?output_channel=latest` with the external intent
EXTERNAL_counselling_reminder: the bot answers in her language on the channel she last used.
"""
import logging
from datetime import datetime
from urllib.parse import quote

import requests

from bot import settings

logger = logging.getLogger(__name__)
REMINDER_INTENT = "EXTERNAL_counselling_reminder"


class RasaReminderSender:
    def __init__(self, url: str = None, token: str = None, timeout: float = 15):
        self.url = (url or settings.RASA_URL).rstrip("/")
        self.token = settings.RASA_API_TOKEN if token is None else token
        self.timeout = timeout

    def __call__(self, sender_id: str, kind: str, starts_at: datetime) -> bool:
        params = {"output_channel": "latest"}
        if self.token:
            params["token"] = self.token
        response = requests.post(
            f"{self.url}/conversations/{quote(sender_id, safe='')}/trigger_intent", params=params,
            json={"name": REMINDER_INTENT,
                  "entities": {"reminder_kind": kind, "reminder_starts_at": starts_at.isoformat()}},
            timeout=self.timeout)
        if response.status_code != 200:
            logger.warning("reminder: Rasa answered HTTP %d", response.status_code)
        return response.status_code == 200
