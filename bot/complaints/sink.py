"""Where filed complaints go. One small interface, so that a 1090 case-management API can later
replace or mirror the database without touching the conversation code."""
from typing import List, Optional, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.complaints.report import ComplaintReport
from bot.complaints.statuses import RECEIVED
from bot.store.db import session_factory
from bot.store.encryption import encrypt_text
from bot.store.models import Complaint, Contact, EvidenceItem, HarasserIdentifier, StatusChange
from bot.store.pseudonym import pseudonym, pseudonym_candidates

INITIAL_STATUS = RECEIVED


class ComplaintSink(Protocol):
    def deliver(self, report: ComplaintReport) -> None:
        """Stores the report. Idempotent: delivering the same reference code twice stores it once.
        Raises on any failure, so the caller can keep the report in the outbox."""


def identifier_key(kind: str, normalised_value: str) -> str:
    return pseudonym(f"harasser-{kind}", normalised_value)


def identifier_key_candidates(kind: str, normalised_value: str) -> List[str]:
    """The match key under every pseudonym key version: repeat reports stay linked across a rotation."""
    return pseudonym_candidates(f"harasser-{kind}", normalised_value)


class DatabaseSink:
    def __init__(self, url: Optional[str] = None):
        self.sessions = session_factory(url)

    def deliver(self, report: ComplaintReport) -> None:
        try:
            with self.sessions() as session, session.begin():
                session.add(_to_row(report))
        except IntegrityError:
            # Delivered before (a retry after a lost acknowledgement): exactly once, not twice.
            with self.sessions() as session:
                exists = session.execute(select(Complaint.id).where(
                    Complaint.reference_code == report.reference_code)).first()
            if not exists:
                raise


def _enc(value):
    return encrypt_text(value) if value else None


def _to_row(report: ComplaintReport) -> Complaint:
    complaint = Complaint(
        reference_code=report.reference_code, category=report.category, status=INITIAL_STATUS,
        language=report.language, channel=report.channel, district=report.district,
        place_enc=_enc(report.place), narrative_enc=encrypt_text(report.narrative),
        incident_start=report.incident_start, incident_end=report.incident_end,
        incident_when_text_enc=_enc(report.incident_when_text), evidence=report.evidence,
        contact_mode=report.contact_mode, pin_hash=report.pin_hash,
        reporter_pseudonym=report.reporter_pseudonym,
        updates_consent=bool(report.updates_consent and report.updates_recipient),
        updates_recipient_enc=_enc(report.updates_recipient) if report.updates_consent else None,
    )
    complaint.history.append(StatusChange(status=INITIAL_STATUS))
    for phone in report.harasser.phones:
        complaint.identifiers.append(HarasserIdentifier(
            kind="phone", match_key=identifier_key("phone", phone), value_enc=encrypt_text(phone)))
    for handle in report.harasser.handles:
        complaint.identifiers.append(HarasserIdentifier(
            kind="handle", match_key=identifier_key("handle", handle), value_enc=encrypt_text(handle)))
    if report.harasser.description:
        complaint.identifiers.append(HarasserIdentifier(
            kind="name", match_key=None, value_enc=encrypt_text(report.harasser.description)))
    if report.contact_mode == "callback" and report.callback_phone:
        complaint.contact = Contact(phone_enc=encrypt_text(report.callback_phone))
    if report.evidence and report.evidence != "none":
        complaint.evidence_items.append(EvidenceItem(kind=report.evidence))
    return complaint
