"""Filing complaints and answering status checks. Plain Python: no Rasa, no network."""
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import func, select, update

from bot.complaints.codes import hash_pin, new_pin, new_reference_code
from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport
from bot.complaints.sink import ComplaintSink, DatabaseSink, identifier_key_candidates
from bot.store.db import session_factory
from bot.store.models import Complaint, HarasserIdentifier, StatusChange
from bot.store.pin_lockout import OK, check_code_pin
from bot.store.pseudonym import pseudonym, pseudonym_candidates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filed:
    reference_code: str
    pin: Optional[str]     # only for anonymous reports, shown to her once
    queued: bool           # True: waiting in the outbox, not yet in the database


@dataclass(frozen=True)
class StatusAnswer:
    # "ok", "wrong_pin" (also for a code that does not exist: the same answer in the same time), "locked"
    outcome: str
    status: Optional[str] = None
    since: Optional[datetime] = None
    attempts_left: Optional[int] = None


def reporter_pseudonym(sender_id: str) -> str:
    return pseudonym("reporter", sender_id)


def reporter_pseudonyms(sender_id: str) -> List[str]:
    """Her reporter pseudonym under every pseudonym key version (lookups; see bot.store.pseudonym)."""
    return pseudonym_candidates("reporter", sender_id)


class ComplaintService:
    def __init__(self, sink: Optional[ComplaintSink] = None, outbox: Optional[Outbox] = None,
                 url: Optional[str] = None):
        self.sink = sink or DatabaseSink(url)
        self.outbox = outbox or Outbox()
        self.sessions = session_factory(url)

    def new_report_identity(self, contact_mode: str):
        """Reference code, and the PIN (plain, to show once; hashed, to store) for anonymous reports."""
        pin = new_pin() if contact_mode == "anonymous" else None
        return new_reference_code(), pin, (hash_pin(pin) if pin else None)

    def file(self, report: ComplaintReport, pin: Optional[str]) -> Filed:
        """Stores the report, or keeps it in the outbox when the database cannot be reached.
        Either way she gets her reference code: nothing she reported is lost."""
        try:
            self.sink.deliver(report)
            queued = False
        except Exception as error:
            logger.warning("complaint %s queued in the outbox (%s)", report.reference_code, type(error).__name__)
            self.outbox.put(report, error)
            queued = True
        return Filed(report.reference_code, pin, queued)

    def check_status(self, reference_code: str, pin: str, now: Optional[datetime] = None) -> StatusAnswer:
        now = now or datetime.now(timezone.utc)
        with self.sessions() as session, session.begin():
            complaint = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code).with_for_update()).scalar_one_or_none()
            # An unknown code (or one without a PIN: a call-back report) is checked like a wrong PIN.
            checked = check_code_pin(session, "complaint", reference_code,
                                     complaint.pin_hash if complaint is not None else None, pin, now)
            if checked.outcome != OK:
                return StatusAnswer(checked.outcome, attempts_left=checked.attempts_left)
            latest = complaint.history[-1] if complaint.history else None
            return StatusAnswer("ok", status=complaint.status,
                                since=latest.changed_at if latest else complaint.created_at)

    def set_status(self, reference_code: str, status: str, changed_by: Optional[str] = None) -> None:
        with self.sessions() as session, session.begin():
            complaint = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code)).scalar_one()
            complaint.status = status
            complaint.history.append(StatusChange(status=status, changed_by=changed_by))

    def other_reports_mentioning(self, kind: str, normalised_value: str, except_code: Optional[str] = None) -> int:
        """How many other complaints name this phone number or handle (for counsellors)."""
        keys = identifier_key_candidates(kind, normalised_value)
        query = (select(func.count(func.distinct(HarasserIdentifier.complaint_id)))
                 .join(Complaint).where(HarasserIdentifier.match_key.in_(keys)))
        if except_code:
            query = query.where(Complaint.reference_code != except_code)
        with self.sessions() as session:
            return session.execute(query).scalar_one()

    def forget_reporter(self, sender_id: str) -> int:
        """Cuts the link between her and her reports; the reports stay for police action."""
        with self.sessions() as session, session.begin():
            result = session.execute(update(Complaint).where(
                Complaint.reporter_pseudonym.in_(reporter_pseudonyms(sender_id))).values(reporter_pseudonym=None))
            return result.rowcount

    def deliver_outbox(self) -> int:
        return self.outbox.deliver_pending(self.sink)
