"""Staff notifications on Telegram through python-telegram-bot.

A new handoff or booking posts one short line and a console link to the staff chat: never her
words, her district or anything that identifies her. Off (one log line) when the token or chat id
is unset.
"""
import logging
from typing import Optional

from telegram import Bot
from telegram.error import TelegramError

from bot import settings

logger = logging.getLogger(__name__)
TRIGGER_WORDS = {"emergency": "after an EMERGENCY message", "self_harm": "after a SELF-HARM message",
                 "fallback": "after the bot did not understand", "asked": "she asked for a person"}


class StaffNotifier:
    def __init__(self, token: Optional[str] = None, chat_id: Optional[str] = None,
                 api_base_url: Optional[str] = None, console_url: Optional[str] = None):
        self.token = settings.STAFF_TELEGRAM_BOT_TOKEN if token is None else token
        self.chat_id = settings.STAFF_TELEGRAM_CHAT_ID if chat_id is None else chat_id
        self.api_base_url = (api_base_url or settings.TELEGRAM_API_BASE_URL).rstrip("/")
        self.console_url = (console_url or settings.CONSOLE_PUBLIC_URL).rstrip("/")
        self.enabled = bool(self.token and self.chat_id)
        if not self.enabled:
            logger.info("staff notifications off: STAFF_TELEGRAM_BOT_TOKEN or STAFF_TELEGRAM_CHAT_ID not set")

    @staticmethod
    def handoff_text(handoff, console_url: str) -> str:
        if handoff.status == "callback":
            return f"New callback request #{handoff.id} ({handoff.language}). Open: {console_url}/callbacks"
        flag = "URGENT " if handoff.emergency_flag else ""
        why = TRIGGER_WORDS.get(handoff.trigger, handoff.trigger)
        return (f"{flag}New chat handoff #{handoff.id} waiting on {handoff.channel} ({handoff.language}), {why}. "
                f"Open: {console_url}/cases/{handoff.id}")

    async def new_handoff(self, handoff) -> bool:
        return await self.send(self.handoff_text(handoff, self.console_url))

    async def new_booking(self, booking_id: Optional[int] = None, day: Optional[str] = None) -> bool:
        """For the counselling bookings: one line and a link to that day, no names or codes."""
        number = f" #{booking_id}" if booking_id else ""
        when = f" for {day}" if day else ""
        link = f"{self.console_url}/bookings" + (f"?day={day}" if day else "")
        return await self.send(f"New counselling booking{number}{when}. Open: {link}")

    async def case_reopened(self, reference_code: str, answer: str) -> bool:
        """She answered the follow-up "has it stopped?" with no (or worse): the case is reopened with
        priority. The reference code and a link for the officers; never her words or channel."""
        why = "it got WORSE" if answer == "worse" else "it has NOT stopped"
        return await self.send(f"PRIORITY: case {reference_code} reopened, she says {why}. "
                               f"Open: {self.console_url}/complaints/{reference_code}")

    async def send(self, text: str) -> bool:
        """True when sent or when notifications are off (nothing to retry)."""
        if not self.enabled:
            return True
        try:
            async with Bot(self.token, base_url=self.api_base_url + "/bot") as bot:
                await bot.send_message(chat_id=self.chat_id, text=text)
            return True
        except (TelegramError, OSError) as error:
            logger.warning("staff notification not sent: %s", type(error).__name__)
            return False
