"""The one erase service: "delete my data" reaches every place her data lives.

Her data is spread over several stores (channel identities, chat memory, handoffs, call-back
requests, evidence files, delivery logs, the outbox, bookings, and Rasa's tracker store). Each store
has an *eraser* here (bot/privacy/erasers.py): one small object that knows how to find her rows by
the keyed pseudonyms her conversation id makes, and how to remove or unlink them. The service runs
them all, in order, and returns what each did, so her reply can say exactly what went and what
stays. A store added later (say scheduled messages) adds one eraser to `default_erasers`: nothing
else changes, and the data-inventory test (tests/unit/test_privacy_inventory.py) fails until
docs/privacy.md names the new table.

Rasa's tracker store is the one place not erased from here: it lives in the Rasa server's
database, and it erases a conversation itself when it stores the event of the "delete my data"
action (bot/store/tracker_store.py), so no process needs another's database to forget her.

Why unlink rather than delete her filed complaints: a filed report is police work under 1090's
own rules (retention: bot/privacy/retention.py); it stays, without any link to her chat, her
number or her conversation, still findable by its code and PIN, which only she holds.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional, Protocol, Sequence, Union

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subject:
    """Whom to forget: Rasa's sender id of her conversation (a channel pseudonym on Telegram and
    WhatsApp, the widget's session id on the web). Every store derives its own keyed pseudonyms
    from it (under every key of the ring), so nothing here ever holds her real chat id or number."""
    sender_id: str
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class Eraser(Protocol):
    """One store's part of "delete my data"."""
    name: str

    def erase(self, subject: Subject) -> Union[int, Dict[str, int]]:
        """Removes (or unlinks) her data in this store; returns how many rows or files it touched
        (or a count per kind, when one store does two things)."""
        ...


@dataclass
class Erasure:
    """What the erase did, per store; `kept_reports` and `cancelled_bookings` are what her reply tells."""
    counts: Dict[str, int] = field(default_factory=dict)
    failed: List[str] = field(default_factory=list)

    @property
    def kept_reports(self) -> int:
        return self.counts.get("complaint_links", 0)

    @property
    def cancelled_bookings(self) -> int:
        return self.counts.get("bookings_cancelled", 0)

    @property
    def complete(self) -> bool:
        return not self.failed


class EraseService:
    def __init__(self, erasers: Optional[Sequence[Eraser]] = None) -> None:
        if erasers is None:
            from bot.privacy.erasers import default_erasers  # they import this module's Subject
            erasers = default_erasers()
        self.erasers = list(erasers)

    def erase(self, sender_id: str, now: Optional[datetime] = None) -> Erasure:
        """Runs every eraser; one store failing does not stop the others (it is reported, so her
        reply does not claim what was not done, and logged without anything about her)."""
        subject = Subject(sender_id, now or datetime.now(timezone.utc))
        result = Erasure()
        for eraser in self.erasers:
            try:
                result.counts.update(_counts(eraser, eraser.erase(subject)))
            except Exception as error:
                logger.error("erase: %s failed (%s)", eraser.name, type(error).__name__)
                result.failed.append(eraser.name)
        logger.info("erase: done (%s)", ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items())))
        return result


def _counts(eraser: Eraser, value) -> Dict[str, int]:
    """An eraser returns an int, or a dict when it does two things (bookings: cancelled and reminders)."""
    if isinstance(value, dict):
        return {str(k): int(v) for k, v in value.items()}
    return {eraser.name: int(value)}
