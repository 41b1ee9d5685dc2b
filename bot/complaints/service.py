"""Filing complaints and answering status checks. Plain Python: no Rasa, no network."""
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, List, Optional

from sqlalchemy import delete, func, select, update

from bot.complaints.codes import hash_pin, new_pin, new_reference_code
from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport
from bot.complaints.sink import ComplaintSink, DatabaseSink, identifier_key_candidates
from bot.complaints.statuses import BY_HER, REOPENED, STATUSES
from bot.store.db import session_factory
from bot.store.encryption import encrypt_text
from bot.store.flood import FloodLimits
from bot.store.models import Complaint, Contact, HarasserIdentifier, StatusChange
from bot.store.pin_lockout import OK, check_code_pin
from bot.store.pseudonym import pseudonym, pseudonym_candidates

logger = logging.getLogger(__name__)
MAX_REASON_CHARS = 2000


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


@dataclass(frozen=True)
class ComplaintState:
    """Where a complaint stands, without anything she wrote: for the feedback loop and the console."""
    reference_code: str
    status: str
    priority: bool
    category: str
    district: Optional[str]
    channel: str
    language: str
    contact_mode: str
    assigned_to: Optional[int]
    reporter_pseudonym: Optional[str]
    created_at: datetime
    updated_at: datetime


class UnknownComplaint(LookupError):
    pass


# Called after a status change has been committed: (reference_code, old_status, new_status).
StatusChangeHook = Callable[[str, str, str], None]


def unlink_reporter(session, sender_id: str) -> int:
    """Her reports stay (police work), without her pseudonym, her call-back number, her consent to be
    messaged or the address to message her at; returns how many. The erase service's and
    forget_reporter's one implementation."""
    ids = list(session.execute(select(Complaint.id).where(
        Complaint.reporter_pseudonym.in_(reporter_pseudonyms(sender_id)))).scalars())
    if ids:
        session.execute(delete(Contact).where(Contact.complaint_id.in_(ids)))
        session.execute(update(Complaint).where(Complaint.id.in_(ids)).values(
            reporter_pseudonym=None, updates_consent=False, updates_recipient_enc=None))
    return len(ids)


class ComplaintService:
    def __init__(self, sink: Optional[ComplaintSink] = None, outbox: Optional[Outbox] = None,
                 url: Optional[str] = None, on_status_change: Optional[StatusChangeHook] = None):
        self.sink = sink or DatabaseSink(url)
        self.outbox = outbox or Outbox()
        self.sessions = session_factory(url)
        self.flood = FloodLimits(url)
        # HOOK for the feedback loop (issue 15): e.g. schedule her discreet message when a case becomes
        # action_taken. Runs after the change is committed, never for a change that did not happen.
        self.on_status_change = on_status_change

    def new_report_identity(self, contact_mode: str):
        """Reference code, and the PIN (plain, to show once; hashed, to store) for anonymous reports."""
        pin = new_pin() if contact_mode == "anonymous" else None
        return new_reference_code(), pin, (hash_pin(pin) if pin else None)

    def file(self, report: ComplaintReport, pin: Optional[str]) -> Filed:
        """Stores the report, or keeps it in the outbox when the database cannot be reached.
        Either way she gets her reference code: nothing she reported is lost. FloodLimited (nothing
        stored) when too many complaints arrive at once or from her conversation (bot/store/flood.py)."""
        self.flood.check_complaint([report.reporter_pseudonym] if report.reporter_pseudonym else [])
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

    def set_status(self, reference_code: str, status: str, changed_by: Optional[str] = None,
                   reason: Optional[str] = None, *, priority: Optional[bool] = None) -> bool:
        """THE one place a complaint's status changes. True when it changed (then the history gets an
        entry with who and why, the reason encrypted, and `on_status_change` runs after the commit);
        False when it already had that status (nothing is written, except `priority` when given).
        `changed_by`: a staff user id, BY_HER, or None for the system. Raises UnknownComplaint and,
        for a status that is not in STATUSES, ValueError."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        reason = (reason or "").strip()[:MAX_REASON_CHARS] or None
        with self.sessions() as session, session.begin():
            complaint = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code).with_for_update()).scalar_one_or_none()
            if complaint is None:
                raise UnknownComplaint(reference_code)
            old = complaint.status
            if priority is not None:
                complaint.priority = priority
            if old == status:
                return False
            complaint.status = status
            complaint.history.append(StatusChange(status=status, changed_by=changed_by,
                                                  reason_enc=encrypt_text(reason) if reason else None))
        if self.on_status_change is not None:
            try:
                self.on_status_change(reference_code, old, status)
            except Exception as error:
                # The change stands (it is committed); whoever hooked in must make its own work durable.
                logger.error("status change hook failed for %s (%s)", reference_code, type(error).__name__)
        return True

    def reopen(self, reference_code: str, reason: str, by_her: bool = True) -> bool:
        """The case is open again: the harassment has not stopped. When she reopened it (her answer to
        "has it stopped?", or her status check) it is also marked priority, so it is listed first.
        True when the status changed to reopened (False: it was reopened already)."""
        return self.set_status(reference_code, REOPENED, changed_by=BY_HER if by_her else None, reason=reason,
                               priority=True if by_her else None)

    def complaint_by_code(self, reference_code: str) -> Optional[ComplaintState]:
        with self.sessions() as session:
            row = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code)).scalar_one_or_none()
            if row is None:
                return None
            return ComplaintState(
                reference_code=row.reference_code, status=row.status, priority=bool(row.priority),
                category=row.category, district=row.district, channel=row.channel, language=row.language,
                contact_mode=row.contact_mode, assigned_to=row.assigned_to,
                reporter_pseudonym=row.reporter_pseudonym, created_at=row.created_at, updated_at=row.updated_at)

    def other_reports_mentioning(self, kind: str, normalised_value: str, except_code: Optional[str] = None) -> int:
        """How many other complaints name this phone number or handle (for officers)."""
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
            return unlink_reporter(session, sender_id)

    def deliver_outbox(self) -> int:
        return self.outbox.deliver_pending(self.sink)
