"""The domain services the actions use, created once per action-server process.

No background loop runs here (the action server may run as several copies): reports kept in the
outbox while the database was down, scheduled messages and counselling reminders are all sent by
the job worker (`python -m bot.jobs`, bot/jobs/runner.py).
"""
import logging
import threading
from functools import lru_cache

from bot.complaints.service import ComplaintService

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def complaint_service() -> ComplaintService:
    return ComplaintService()


@lru_cache(maxsize=1)
def counselling_service():
    from bot.counselling.service import CounsellingService
    return CounsellingService()


@lru_cache(maxsize=1)
def scheduled_messages():
    from bot.jobs.scheduled import ScheduledMessages
    return ScheduledMessages()


@lru_cache(maxsize=1)
def feedback_loop():
    """Her answers to "has it stopped?": a reopened case alerts staff on Telegram (never her words)."""
    from bot.complaints.feedback import FeedbackLoop
    service = complaint_service()
    loop = FeedbackLoop(messages=scheduled_messages(), complaints=service, alert_staff=alert_staff_of_reopening)
    service.on_status_change = loop.on_status_change   # closing or reopening cancels what still waits
    return loop


def alert_staff_of_reopening(reference_code: str, answer: str) -> None:
    """In a thread: a slow Telegram must not delay her answer (the reopened case, listed first on the
    officers' desk, is the record)."""
    from bot.notify.telegram import StaffNotifier

    def send() -> None:
        import asyncio
        try:
            asyncio.run(StaffNotifier().case_reopened(reference_code, answer))
        except Exception as error:  # never let an alert break anything
            logger.warning("reopening alert not sent: %s", type(error).__name__)

    threading.Thread(target=send, name="reopen-alert", daemon=True).start()


def notify_staff_of_booking(day: str) -> None:
    """One line and a link to that day's bookings in the staff Telegram chat (never her details).

    In a thread of its own: a slow Telegram must not delay her confirmation, and a failure only
    costs the alert (the console's Bookings page is the record)."""
    from bot.notify.telegram import StaffNotifier

    def send() -> None:
        import asyncio
        try:
            asyncio.run(StaffNotifier().new_booking(None, day))
        except Exception as error:  # never let an alert break anything
            logger.warning("booking alert not sent: %s", type(error).__name__)

    threading.Thread(target=send, name="booking-alert", daemon=True).start()
