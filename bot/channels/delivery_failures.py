"""Replies a channel could not deliver, kept for staff (never dropped silently).

Only her pseudonym and the platform's error are stored: no text, no number. The counsellor
console's Undelivered replies page (supervisors) lists when, on which channel and why, without
the pseudonym, so staff see when replies stop reaching women (e.g. outside WhatsApp's 24-hour
window) and can act on it.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import func, select

from bot.store.db import session_factory
from bot.store.models import DeliveryFailure

# WhatsApp error codes staff will see most (Meta's error-code reference).
OUTSIDE_WINDOW = 131047  # more than 24 hours since her last message: only templates allowed
UNDELIVERABLE = 131026
RATE_LIMITED = 130429
UNKNOWN_RECIPIENT = 0  # ours: no address behind the pseudonym (she asked us to forget her)


@dataclass(frozen=True)
class Failure:
    channel: str
    sender_pseudonym: str
    error_code: int
    error_title: str
    at: datetime


class DeliveryFailures:
    def __init__(self, database_url: Optional[str] = None) -> None:
        self._sessions = session_factory(database_url)

    def record(self, channel: str, sender_pseudonym: str, error_code: int, error_title: str = "") -> None:
        with self._sessions() as session, session.begin():
            session.add(DeliveryFailure(channel=channel[:16], sender_pseudonym=sender_pseudonym[:64],
                                        error_code=int(error_code), error_title=(error_title or "")[:128],
                                        at=datetime.now(timezone.utc)))

    def recent(self, limit: int = 100, channel: Optional[str] = None) -> List[Failure]:
        """Newest first, for the staff console."""
        query = select(DeliveryFailure).order_by(DeliveryFailure.at.desc(), DeliveryFailure.id.desc()).limit(limit)
        if channel:
            query = query.where(DeliveryFailure.channel == channel)
        with self._sessions() as session:
            rows = session.execute(query).scalars().all()
        return [Failure(r.channel, r.sender_pseudonym, r.error_code, r.error_title, r.at) for r in rows]

    def count_since(self, since: datetime) -> int:
        """How many replies could not be delivered since `since` (the console's Machinery panel)."""
        with self._sessions() as session:
            return int(session.execute(select(func.count()).where(DeliveryFailure.at >= since)).scalar_one())
