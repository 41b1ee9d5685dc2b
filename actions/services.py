"""The domain services the actions use, created once per action-server process."""
import logging
import threading
import time
from functools import lru_cache

from bot.complaints.service import ComplaintService

logger = logging.getLogger(__name__)
OUTBOX_RETRY_SECONDS = 60


@lru_cache(maxsize=1)
def complaint_service() -> ComplaintService:
    service = ComplaintService()
    threading.Thread(target=_retry_outbox_forever, args=(service,), daemon=True, name="outbox-retry").start()
    return service


def _retry_outbox_forever(service: ComplaintService) -> None:
    # Reports filed while the database was down are delivered when it is back.
    while True:
        try:
            delivered = service.deliver_outbox()
            if delivered:
                logger.info("outbox: delivered %d waiting complaint(s)", delivered)
        except Exception as error:  # never let the retry loop die
            logger.warning("outbox retry failed: %s", type(error).__name__)
        time.sleep(OUTBOX_RETRY_SECONDS)


@lru_cache(maxsize=1)
def counselling_service():
    from bot.counselling.service import CounsellingService
    return CounsellingService()


@lru_cache(maxsize=1)
def start_reminder_loop() -> bool:
    """Called when the action server loads the counselling actions, so reminders due while it was
    down go out as soon as it is back. Needs the Rasa API (RASA_API_TOKEN, set by the run command)."""
    from bot import settings
    if not settings.rasa_api_token_given():
        logger.info("counselling reminders off: RASA_API_TOKEN is not set")
        return False
    threading.Thread(target=_send_reminders_forever, args=(counselling_service(),), daemon=True,
                     name="counselling-reminders").start()
    return True


@lru_cache(maxsize=1)
def scheduled_messages():
    from bot.jobs.scheduled import ScheduledMessages
    return ScheduledMessages()


@lru_cache(maxsize=1)
def start_scheduled_worker() -> bool:
    """The scheduled-message worker (bot/jobs/worker.py) as a thread of this action server: status
    updates, follow-ups and reminders due while it was down go out when it is back. Like the reminder
    loop it needs the Rasa API, so it runs only when RASA_API_TOKEN is set (never in a test that
    merely imports the actions). Several action servers may run it: each message is claimed once."""
    from bot import settings
    if not settings.rasa_api_token_given():
        logger.info("scheduled messages off: RASA_API_TOKEN is not set")
        return False
    from bot.jobs.delivery import RasaDelivery
    from bot.jobs.worker import Worker, start_in_thread
    start_in_thread(Worker(scheduled_messages(), RasaDelivery()))
    return True


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


def _send_reminders_forever(service) -> None:
    # Reminders live in the database, so a restart loses none; this loop only delivers them.
    from bot.counselling.reminders import RasaReminderSender
    from bot import settings
    sender = RasaReminderSender()
    while True:
        time.sleep(settings.COUNSELLING_REMINDER_POLL_SECONDS)
        try:
            sent = service.deliver_due_reminders(sender)
            if sent:
                logger.info("counselling: %d reminder(s) sent", sent)
        except Exception as error:  # never let the loop die
            logger.warning("counselling reminders failed: %s", type(error).__name__)


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
