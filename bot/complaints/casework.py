"""An officer's work on one complaint: the case file (her words decrypted for that view only),
assignment, private notes, the priority flag, her callback number and evidence files.

Status changes are not here: they go through ComplaintService.set_status, the one place they happen.
Who may do what is the console's business (bot/console/views/complaint_case.py); this module checks
only what the data itself requires (a note has text, an assignee is an active officer or supervisor).
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Dict, List, Optional, Tuple

from sqlalchemy import func, select

from bot.complaints.sink import identifier_key_candidates
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.models import Complaint, ComplaintNote, EvidenceItem, HarasserIdentifier, StaffUser

MAX_NOTE_CHARS = 4000
# Who can be given a case: the officers of 1090, and supervisors (who may work cases themselves).
ASSIGNABLE_ROLES = ("officer", "supervisor")
_KIND_ORDER = {"phone": 0, "handle": 1, "name": 2}


class CaseWorkError(ValueError):
    """A request the data does not allow (empty note, an assignee who is not an active officer)."""


@dataclass(frozen=True)
class AboutHim:
    kind: str                       # "phone", "handle" or "name"
    value: str
    identifier_id: int
    other_reports: Optional[int]    # other complaints naming the same number or handle; None for a name


@dataclass(frozen=True)
class Evidence:
    id: int
    kind: str
    has_file: bool                  # False: she said she has it, but no file reached us
    created_at: datetime


@dataclass(frozen=True)
class HistoryEntry:
    status: str
    changed_at: datetime
    changed_by: Optional[str]       # a staff user id as text, "her", or None (the system)
    reason: Optional[str]


@dataclass(frozen=True)
class Note:
    id: int
    author_id: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class CaseFile:
    reference_code: str
    status: str
    priority: bool
    category: str
    district: Optional[str]
    place: Optional[str]
    narrative: str
    incident_start: Optional[date]
    incident_end: Optional[date]
    incident_when_text: Optional[str]
    declared_evidence: Optional[str]
    channel: str
    language: str
    contact_mode: str
    has_callback_number: bool
    safe_times: Optional[str]       # None: she was not asked
    assigned_to: Optional[int]
    created_at: datetime
    updated_at: datetime
    about_him: List[AboutHim]
    evidence: List[Evidence]
    history: List[HistoryEntry]
    notes: List[Note]


def _dec(value: Optional[str]) -> Optional[str]:
    return decrypt_text(value) if value else None


class CaseWork:
    def __init__(self, url: Optional[str] = None):
        self.sessions = session_factory(url)

    def _complaint(self, session, reference_code: str, lock: bool = False) -> Optional[Complaint]:
        query = select(Complaint).where(Complaint.reference_code == reference_code)
        if lock:
            query = query.with_for_update()
        return session.execute(query).scalar_one_or_none()

    def case_file(self, reference_code: str) -> Optional[CaseFile]:
        """Everything about one complaint, decrypted, except her callback number (callback_number)."""
        with self.sessions() as session:
            row = self._complaint(session, reference_code)
            if row is None:
                return None
            counts = self._other_reports(session, row)
            return CaseFile(
                reference_code=row.reference_code, status=row.status, priority=bool(row.priority),
                category=row.category, district=row.district, place=_dec(row.place_enc),
                narrative=decrypt_text(row.narrative_enc), incident_start=row.incident_start,
                incident_end=row.incident_end, incident_when_text=_dec(row.incident_when_text_enc),
                declared_evidence=row.evidence, channel=row.channel, language=row.language,
                contact_mode=row.contact_mode, has_callback_number=row.contact is not None,
                safe_times=_dec(row.contact.safe_times_enc) if row.contact is not None else None,
                assigned_to=row.assigned_to, created_at=row.created_at, updated_at=row.updated_at,
                about_him=[AboutHim(i.kind, decrypt_text(i.value_enc), i.id,
                                    counts.get(i.match_key, 0) if i.match_key else None)
                           for i in sorted(row.identifiers, key=lambda i: (_KIND_ORDER.get(i.kind, 3), i.id))],
                evidence=[Evidence(e.id, e.kind, bool(e.storage_ref), e.created_at)
                          for e in sorted(row.evidence_items, key=lambda e: e.id)],
                history=[HistoryEntry(h.status, h.changed_at, h.changed_by, _dec(h.reason_enc)) for h in row.history],
                notes=[Note(n.id, n.author_id, decrypt_text(n.text_enc), n.created_at) for n in row.notes],
            )

    @staticmethod
    def _other_reports(session, row: Complaint) -> Dict[str, int]:
        # Each number or handle under every pseudonym key version, so that reports made before a key
        # rotation (and not yet re-keyed by rotate_keys) are still counted: candidate -> own key.
        own = {candidate: i.match_key for i in row.identifiers if i.match_key
               for candidate in identifier_key_candidates(i.kind, decrypt_text(i.value_enc))}
        if not own:
            return {}
        query = (select(HarasserIdentifier.match_key, func.count(func.distinct(HarasserIdentifier.complaint_id)))
                 .where(HarasserIdentifier.match_key.in_(own), HarasserIdentifier.complaint_id != row.id)
                 .group_by(HarasserIdentifier.match_key))
        counts: Dict[str, int] = {}
        for key, count in session.execute(query).all():
            counts[own[key]] = counts.get(own[key], 0) + count
        return counts

    def callback_number(self, reference_code: str) -> Optional[Tuple[str, Optional[str]]]:
        """Her number and the times she said are safe to call, for a call-back report; None otherwise."""
        with self.sessions() as session:
            row = self._complaint(session, reference_code)
            if row is None or row.contact is None:
                return None
            return decrypt_text(row.contact.phone_enc), _dec(row.contact.safe_times_enc)

    def assign(self, reference_code: str, staff_id: Optional[int]) -> Optional[int]:
        """Gives the case to an active officer or supervisor (None: to nobody); returns who had it."""
        with self.sessions() as session, session.begin():
            row = self._complaint(session, reference_code, lock=True)
            if row is None:
                raise CaseWorkError("no such complaint")
            if staff_id is not None:
                person = session.get(StaffUser, staff_id)
                if person is None or not person.active or person.role not in ASSIGNABLE_ROLES:
                    raise CaseWorkError("not an active officer")
            before = row.assigned_to
            row.assigned_to = staff_id
            return before

    def add_note(self, reference_code: str, author_id: int, text: str) -> int:
        text = (text or "").strip()
        if not text:
            raise CaseWorkError("empty note")
        if len(text) > MAX_NOTE_CHARS:
            raise CaseWorkError("note too long")
        with self.sessions() as session, session.begin():
            row = self._complaint(session, reference_code)
            if row is None:
                raise CaseWorkError("no such complaint")
            note = ComplaintNote(author_id=author_id, text_enc=encrypt_text(text))
            row.notes.append(note)
            session.flush()
            return note.id

    def clear_priority(self, reference_code: str) -> bool:
        """True when the flag was set and is now cleared."""
        with self.sessions() as session, session.begin():
            row = self._complaint(session, reference_code, lock=True)
            if row is None or not row.priority:
                return False
            row.priority = False
            return True

    def evidence_file(self, reference_code: str, evidence_id: int) -> Optional[Tuple[str, str]]:
        """(kind, storage reference) of a stored file of THIS complaint; None for another complaint's
        item, a declared item without a file, or an unknown id."""
        with self.sessions() as session:
            row = session.execute(select(EvidenceItem.kind, EvidenceItem.storage_ref).join(Complaint).where(
                Complaint.reference_code == reference_code, EvidenceItem.id == evidence_id)).first()
        if row is None or not row.storage_ref:
            return None
        return row.kind, row.storage_ref
