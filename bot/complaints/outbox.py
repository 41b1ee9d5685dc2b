"""A durable local outbox: a report that cannot reach the complaint database waits here.

It is a SQLite file on the action server's own disk (not in the database that may be down),
written before she is told her reference code, with the report encrypted. `deliver_pending`
retries later; the sink is idempotent on the reference code, so each report lands exactly once.
"""
import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional, Tuple

from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine, func, select
from sqlalchemy.orm import declarative_base, sessionmaker

from bot import settings
from bot.complaints.report import ComplaintReport
from bot.complaints.sink import ComplaintSink
from bot.store.encryption import decrypt_text, encrypt_text

logger = logging.getLogger(__name__)
OutboxBase: Any = declarative_base()  # Any: SQLAlchemy 1.4 is untyped (see bot/store/models.py)


class PendingReport(OutboxBase):
    __tablename__ = "outbox"

    reference_code = Column(String(16), primary_key=True)
    payload_enc = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(String(128))  # the exception class only: never report content
    delivered_at = Column(DateTime(timezone=True))


def default_path() -> Path:
    return settings.VAR_DIR / "outbox.db"


class Outbox:
    def __init__(self, path: Optional[Path] = None):
        path = Path(path or default_path())
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{path}", future=True)
        OutboxBase.metadata.create_all(engine)
        self.sessions = sessionmaker(bind=engine, future=True)

    def put(self, report: ComplaintReport, error: Exception) -> None:
        payload = encrypt_text(json.dumps(report.to_dict(), ensure_ascii=False))
        with self.sessions() as session, session.begin():
            session.merge(PendingReport(reference_code=report.reference_code, payload_enc=payload,
                                        created_at=_now(), attempts=1, last_error=type(error).__name__))

    def pending_count(self) -> int:
        return self.waiting()[0]

    def waiting(self) -> Tuple[int, Optional[datetime]]:
        """How many reports wait and when the oldest was kept (the job worker's gauge)."""
        with self.sessions() as session:
            count, oldest = session.execute(select(func.count(), func.min(PendingReport.created_at)).where(
                PendingReport.delivered_at.is_(None))).one()
        # SQLite hands back a naive time for min(): it was stored in UTC.
        return int(count), None if oldest is None else _aware(oldest)

    def deliver_pending(self, sink: ComplaintSink) -> int:
        """Tries every waiting report once; returns how many were delivered."""
        delivered = 0
        with self.sessions() as session:
            waiting = session.execute(select(PendingReport).where(
                PendingReport.delivered_at.is_(None)).order_by(PendingReport.created_at)).scalars().all()
            for item in waiting:
                report = ComplaintReport.from_dict(json.loads(decrypt_text(item.payload_enc)))
                try:
                    sink.deliver(report)
                except Exception as error:  # still down: try again later
                    item.attempts += 1
                    item.last_error = type(error).__name__
                    session.commit()
                    logger.warning("outbox: %s still waiting (%s)", item.reference_code, item.last_error)
                    continue
                item.delivered_at = _now()
                # The delivered copy is not kept: the database has it now.
                item.payload_enc = ""
                session.commit()
                delivered += 1
        return delivered


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: Any) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
