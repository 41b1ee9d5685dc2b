"""Reminders before a counselling session, opt-in (the booking form asks) and discreet.

New bookings put their reminders in the one scheduled-message service (bot/jobs/scheduled.py):
`reminder_rows` words them in her script (the booking code and the time, nothing about
counselling) and the booking stores them in its own transaction; the scheduled-message worker sends
them. What follows is the older path, kept for reminders stored before that (counselling_reminders):
sending a due reminder into her conversation through the Rasa server's HTTP API.

`POST /conversations/{sender}/trigger_intent?output_channel=latest` with the external intent
EXTERNAL_counselling_reminder: the bot answers in her language on the channel she last used.
The reminder loop is a thread of its own (actions/services.py): each send runs the project's
async Rasa client (bot/rasa_api.py) in an event loop of its own with asyncio.run.
"""
import asyncio
import logging
from datetime import datetime, timedelta
from typing import List, Optional

from bot import settings
from bot.counselling.availability import INDIA, Slot
from bot.counselling.wording import describe_slot
from bot.jobs.scheduled import new_row
from bot.jobs.wording import counselling_reminder_payload
from bot.rasa_api import RasaClient, RasaError
from bot.store.models import ScheduledMessage

logger = logging.getLogger(__name__)
REMINDER_INTENT = "EXTERNAL_counselling_reminder"
REMINDERS = (("day_before", timedelta(days=1)), ("hour_before", timedelta(hours=1)))
KIND = "counselling_reminder"


def reminder_rows(booking_id: int, booking_code: str, starts_at: datetime, minutes: int, sender_id: str,
                  chat_language: str, channel: str, now: datetime) -> List[ScheduledMessage]:
    """The day-before and hour-before reminders still ahead, as scheduled messages of the booking.
    "Tomorrow"/"today" in the text are said from the day each one is sent."""
    slot = Slot(0, starts_at, minutes)
    rows = []
    for _, before in REMINDERS:
        due = starts_at - before
        if due > now:
            when = describe_slot(slot, chat_language, due.astimezone(INDIA).date())
            payload = counselling_reminder_payload(booking_code, chat_language, when)
            rows.append(new_row(KIND, channel, sender_id, payload, due, "booking", booking_id))
    return rows


class RasaReminderSender:
    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, timeout: float = 15):
        self.url = url or settings.RASA_API_URL
        self.token = settings.rasa_api_token() if token is None else token
        self.timeout = timeout

    def __call__(self, sender_id: str, kind: str, starts_at: datetime) -> Optional[bool]:
        """True: sent. False: refused (retried, counted). None: she is in the middle of a form right
        now (a report, a booking); the reminder would be taken as her answer, so it waits.
        Raises when Rasa cannot be reached (the reminder is retried)."""
        return asyncio.run(self._send(sender_id, kind, starts_at))

    async def _send(self, sender_id: str, kind: str, starts_at: datetime) -> Optional[bool]:
        async with RasaClient(self.url, self.token, self.timeout) as rasa:
            try:
                tracker = await rasa.tracker(sender_id, include_events="NONE")
            except RasaError as error:
                if error.status is None:
                    raise
                tracker = None  # Rasa refused the read: the trigger below tells whether it takes the reminder
            if ((tracker or {}).get("active_loop") or {}).get("name"):
                return None
            try:
                await rasa.trigger_intent(sender_id, REMINDER_INTENT,
                                          {"reminder_kind": kind, "reminder_starts_at": starts_at.isoformat()})
            except RasaError as error:
                if error.status is None:
                    raise
                logger.warning("reminder: Rasa answered HTTP %d", error.status)
                return False
        return True
