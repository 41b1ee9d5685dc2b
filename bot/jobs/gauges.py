"""Gauges: numbers only the job worker can see, written to the database for the console, which runs
on another host and reads only the database (table job_gauges).

Today: per host and outbox file, how many reports filed while the database was down still wait there
and since when ("outbox:<hash>", the outbox lease's name: never the path in clear). Each report
overwrites the row, so `updated_at` tells a host that stopped reporting (the panel warns).
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, List, Optional

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import session_factory
from bot.store.models import JobGauge

OUTBOX_PREFIX = "outbox:"


@dataclass(frozen=True)
class Gauge:
    name: str
    value: int
    oldest_at: Optional[datetime]
    updated_at: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Gauges:
    def __init__(self, url: Optional[str] = None, clock: Callable[[], datetime] = _now) -> None:
        self.sessions = session_factory(url)
        self.clock = clock

    def report(self, name: str, value: int, oldest_at: Optional[datetime] = None) -> None:
        """Sets the gauge `name` (an UPDATE, or the first INSERT; two writers of one name race only
        when they hold the same lease, which leases prevent)."""
        values = dict(value=int(value), oldest_at=oldest_at, updated_at=self.clock())
        with self.sessions() as session, session.begin():
            changed = session.execute(update(JobGauge).where(JobGauge.name == name).values(**values)
                                      .execution_options(synchronize_session=False)).rowcount
        if changed:
            return
        try:
            with self.sessions() as session, session.begin():
                session.add(JobGauge(name=name, **values))
        except IntegrityError:  # written meanwhile by a worker before us: ours is as fresh
            self.report(name, value, oldest_at)

    def read(self, prefix: str = "") -> List[Gauge]:
        with self.sessions() as session:
            rows = session.execute(select(JobGauge).where(JobGauge.name.startswith(prefix, autoescape=True))
                                   .order_by(JobGauge.name)).scalars().all()
        return [Gauge(r.name, r.value, r.oldest_at, r.updated_at) for r in rows]

    def get(self, name: str) -> Optional[Gauge]:
        found = [g for g in self.read(name) if g.name == name]
        return found[0] if found else None
