"""Leases: a job that must run in one worker at a time is held by one of them (table job_leases).

A worker `acquire`s a lease for a time and renews it (acquire again) while it works; a lease that
is not renewed expires, and then any worker may take it. So two workers never run the handoff
relay (or retention, or one host's outbox) at once, and a worker killed with -9 leaves its job to
another after at most the lease's time.

One conditional UPDATE takes or renews a lease: it changes the row only while it is ours or has
expired. On PostgreSQL the row lock makes the second of two racing UPDATEs re-read the row and find
it taken; SQLite runs one writer at a time. The first lease of a name is an INSERT, which only one
worker wins (primary key). Time is the worker's clock: hosts must keep theirs in sync (NTP), far
within the lease times (bot/settings.py JOB_LEASE_SECONDS).
"""
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import session_factory
from bot.store.models import JobLease


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Leases:
    def __init__(self, url: Optional[str] = None, clock: Callable[[], datetime] = _now) -> None:
        self.sessions = session_factory(url)
        self.clock = clock

    def acquire(self, name: str, holder: str, seconds: float) -> bool:
        """Takes or renews the lease `name` for `seconds`; False while another holder's is valid."""
        now = self.clock()
        until = now + timedelta(seconds=seconds)
        with self.sessions() as session, session.begin():
            taken = session.execute(update(JobLease).where(
                JobLease.name == name, or_(JobLease.holder == holder, JobLease.expires_at <= now))
                .values(holder=holder, expires_at=until).execution_options(synchronize_session=False)).rowcount
        if taken:
            return True
        try:
            with self.sessions() as session, session.begin():
                session.add(JobLease(name=name, holder=holder, expires_at=until))
        except IntegrityError:
            return False  # the row exists and is someone else's
        return True

    def release(self, name: str, holder: str, done: bool = False) -> None:
        """Gives the lease up now (another worker may take it at once); `done` notes the job finished."""
        now = self.clock()
        values = {"expires_at": now, **({"last_done_at": now} if done else {})}
        with self.sessions() as session, session.begin():
            session.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder)
                            .values(**values).execution_options(synchronize_session=False))

    def last_done(self, name: str) -> Optional[datetime]:
        with self.sessions() as session:
            return session.execute(select(JobLease.last_done_at).where(JobLease.name == name)).scalar_one_or_none()

    def holder(self, name: str) -> Optional[str]:
        """Who holds a valid lease of `name` now (None: nobody)."""
        with self.sessions() as session:
            row = session.execute(select(JobLease.holder, JobLease.expires_at).where(JobLease.name == name)).first()
        return row.holder if row is not None and row.expires_at > self.clock() else None
