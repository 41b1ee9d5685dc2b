"""The complaints list of the officers' desk: filters, priority first, time since filing and overdue
marks, and the counts for the dashboard. Never decrypts anything she wrote."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Dict, List, Optional

from sqlalchemy import func, select

from bot import settings
from bot.complaints.categories import CATEGORIES
from bot.complaints.statuses import FINISHED, STATUSES, is_overdue
from bot.store.db import session_factory
from bot.store.models import Complaint, HarasserIdentifier

PAGE_SIZE = 200
MINE, UNASSIGNED = "mine", "unassigned"


@dataclass
class Filters:
    status: Optional[str] = None
    category: Optional[str] = None
    district: Optional[str] = None
    date_from: Optional[date] = None
    date_to: Optional[date] = None
    officer: Optional[str] = None       # "mine", "unassigned", or a staff user id as text
    overdue: bool = False
    priority: bool = False
    mentions: Optional[int] = None      # a harasser identifier's id: complaints naming the same one

    @classmethod
    def from_query(cls, query) -> "Filters":
        def pick(name, allowed=None):
            value = (query.get(name) or "").strip()[:64]
            if not value or (allowed is not None and value not in allowed):
                return None
            return value
        officer = pick("officer")
        if officer not in (None, MINE, UNASSIGNED) and not (officer.isdigit() and len(officer) < 10):
            officer = None
        mentions = pick("mentions")
        return cls(pick("status", STATUSES), pick("category", CATEGORIES), pick("district"),
                   _date(query.get("from")), _date(query.get("to")), officer,
                   query.get("overdue") == "1", query.get("priority") == "1",
                   int(mentions) if mentions and mentions.isdigit() and len(mentions) < 10 else None)

    def describe(self) -> str:
        """For the audit log: which list was looked at (no personal data in any filter)."""
        parts = [f"{name}={value}" for name, value in vars(self).items() if value not in (None, False)]
        return ", ".join(parts)


def _date(text: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat((text or "").strip()) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ListRow:
    reference_code: str
    created_at: datetime
    category: str
    district: Optional[str]
    contact_mode: str
    status: str
    priority: bool
    assigned_to: Optional[int]
    age_hours: int
    overdue: bool


class ComplaintsView:
    def __init__(self, url: Optional[str] = None, clock: Optional[Callable[[], datetime]] = None,
                 overdue_hours: Optional[float] = None):
        self.sessions = session_factory(url)
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.overdue_hours = settings.COMPLAINT_OVERDUE_HOURS if overdue_hours is None else overdue_hours

    def _overdue_before(self, now: datetime) -> datetime:
        return now - timedelta(hours=self.overdue_hours)

    def list(self, filters: Filters, user_id: Optional[int] = None) -> List[ListRow]:
        now = self.clock()
        query = (select(Complaint).order_by(Complaint.priority.desc(), Complaint.created_at.desc(), Complaint.id.desc())
                 .limit(PAGE_SIZE))
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
        if filters.officer == MINE:
            query = query.where(Complaint.assigned_to == user_id)
        elif filters.officer == UNASSIGNED:
            query = query.where(Complaint.assigned_to.is_(None))
        elif filters.officer:
            query = query.where(Complaint.assigned_to == int(filters.officer))
        if filters.overdue:
            query = query.where(Complaint.status.not_in(FINISHED), Complaint.created_at < self._overdue_before(now))
        if filters.priority:
            query = query.where(Complaint.priority.is_(True))
        if filters.mentions is not None:
            named = select(HarasserIdentifier.match_key).where(HarasserIdentifier.id == filters.mentions)
            query = query.where(Complaint.id.in_(select(HarasserIdentifier.complaint_id).where(
                HarasserIdentifier.match_key == named.scalar_subquery())))
        with self.sessions() as session:
            return [ListRow(c.reference_code, c.created_at, c.category, c.district, c.contact_mode, c.status,
                            bool(c.priority), c.assigned_to, int((now - c.created_at).total_seconds() // 3600),
                            is_overdue(c.status, c.created_at, now, self.overdue_hours))
                    for c in session.execute(query).scalars()]

    def districts(self) -> List[str]:
        with self.sessions() as session:
            return [d for d in session.execute(select(Complaint.district).distinct()
                                               .order_by(Complaint.district)).scalars() if d]

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

    def per_status(self) -> Dict[str, int]:
        """Every complaint by its status now, in the order of a case's life (zeros included)."""
        with self.sessions() as session:
            rows = dict(session.execute(select(Complaint.status, func.count()).group_by(Complaint.status)).all())
        counts = {status: rows.pop(status, 0) for status in STATUSES}
        counts.update(rows)  # a status this code does not know (say, before a migration) still counts
        return counts

    def overdue_count(self) -> int:
        with self.sessions() as session:
            return session.execute(select(func.count()).select_from(Complaint).where(
                Complaint.status.not_in(FINISHED),
                Complaint.created_at < self._overdue_before(self.clock()))).scalar_one()
