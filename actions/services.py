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
