"""The complaints list for staff: filters and status changes. Never decrypts the narrative here."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, List, Optional

from sqlalchemy import func, select

from bot.complaints.categories import CATEGORIES
from bot.complaints.labels import STATUS_LABELS
from bot.store.db import session_factory
from bot.store.models import Complaint

STATUSES = tuple(STATUS_LABELS)
PAGE_SIZE = 200


@dataclass
class Filters:
    status: Optional[str] = None
    category: Optional[str] = None
    district: Optional[str] = None
    date_from: Optional[date] = None
    date_to: Optional[date] = None

    @classmethod
    def from_query(cls, query) -> "Filters":
        def pick(name, allowed=None):
            value = (query.get(name) or "").strip()[:64]
            if not value or (allowed is not None and value not in allowed):
                return None
            return value
        return cls(pick("status", STATUSES), pick("category", CATEGORIES), pick("district"),
                   _date(query.get("from")), _date(query.get("to")))


def _date(text: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat((text or "").strip()) if text else None
    except ValueError:
        return None


class ComplaintsView:
    def __init__(self, url: Optional[str] = None):
        self.sessions = session_factory(url)

    def list(self, filters: Filters) -> List[Complaint]:
        query = select(Complaint).order_by(Complaint.created_at.desc()).limit(PAGE_SIZE)
        if filters.status:
            query = query.where(Complaint.status == filters.status)
        if filters.category:
            query = query.where(Complaint.category == filters.category)
        if filters.district:
            query = query.where(Complaint.district == filters.district)
        if filters.date_from:
            query = query.where(Complaint.created_at >= datetime.combine(filters.date_from, time(), timezone.utc))
        if filters.date_to:
            end = datetime.combine(filters.date_to + timedelta(days=1), time(), timezone.utc)
            query = query.where(Complaint.created_at < end)
        with self.sessions() as session:
            return session.execute(query).scalars().all()

    def districts(self) -> List[str]:
        with self.sessions() as session:
            return [d for d in session.execute(select(Complaint.district).distinct()
                                               .order_by(Complaint.district)).scalars() if d]

    def exists(self, reference_code: str) -> bool:
        with self.sessions() as session:
            return session.execute(select(Complaint.id).where(
                Complaint.reference_code == reference_code)).first() is not None

    def per_day(self, since: datetime) -> Dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(Complaint.created_at).where(Complaint.created_at >= since)).scalars()
            counts: Dict[str, int] = {}
            for moment in rows:  # aware UTC (UtcDateTime)
                counts[moment.date().isoformat()] = counts.get(moment.date().isoformat(), 0) + 1
            return dict(sorted(counts.items()))

    def count_by(self, column: str, since: datetime) -> Dict[str, int]:
        field = getattr(Complaint, column)
        with self.sessions() as session:
            rows = session.execute(select(field, func.count()).where(Complaint.created_at >= since)
                                   .group_by(field).order_by(func.count().desc())).all()
        return {key or "unknown": count for key, count in rows}
