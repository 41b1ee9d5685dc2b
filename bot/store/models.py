"""ORM models (SQLAlchemy 1.4 with the 2.0-style API). Schema changes go through Alembic
(bot/store/migrations); `python -m bot.store.init_db` upgrades a database to the latest revision.

Privacy by construction:
- no column holds a channel id: `reporter_pseudonym` is a keyed hash, and nullable so that
  "delete my data" can cut the link between her and her reports;
- free text (narrative, place, harasser name) and contact details are encrypted (`*_enc` columns);
- harasser phone numbers and handles are stored as keyed hashes for counting repeat reports, plus
  an encrypted copy for authorised staff.

Every moment in time is a `UtcDateTime` (bot/store/types.py): stored in UTC, read back aware and UTC
on SQLite and PostgreSQL alike.
"""
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (BigInteger, Boolean, Column, Date, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, false, text)
from sqlalchemy.orm import declarative_base, relationship

from bot.store.types import UtcDateTime

# Annotated Any: SQLAlchemy 1.4 ships no type information, and mypy accepts a class derived from Any
# only when the variable says so.
Base: Any = declarative_base()

SCHEMA_VERSION = "12"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AppInfo(Base):
    """Facts about this database itself, such as the schema version the code expects."""

    __tablename__ = "app_info"

    key = Column(String(64), primary_key=True)
    value = Column(String(256), nullable=False)
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class Complaint(Base):
    __tablename__ = "complaints"

    id = Column(Integer, primary_key=True)
    reference_code = Column(String(16), nullable=False, unique=True)
    category = Column(String(32), nullable=False)
    status = Column(String(32), nullable=False, default="received", index=True)  # bot/complaints/statuses.py
    language = Column(String(8), nullable=False)
    channel = Column(String(16), nullable=False)
    district = Column(String(64))
    place_enc = Column(Text)
    narrative_enc = Column(Text, nullable=False)
    incident_start = Column(Date)
    incident_end = Column(Date)
    incident_when_text_enc = Column(Text)
    evidence = Column(String(32))
    contact_mode = Column(String(16), nullable=False)  # "anonymous" or "callback"
    pin_hash = Column(String(128))   # wrong PINs are counted in pin_attempts, per code string
    reporter_pseudonym = Column(String(64), index=True)
    # The officer working on it (the officers' desk in the console); null until someone takes it.
    assigned_to = Column(Integer, ForeignKey("staff_users.id"), index=True)
    # Set when she reopens it (the harassment has not stopped): listed first until an officer clears it.
    priority = Column(Boolean, nullable=False, default=False, server_default=false())
    # Whether 1090 may message her on the channel she used about this complaint (asked when she
    # files; default no), and where: her conversation id, encrypted, kept only when she said yes.
    updates_consent = Column(Boolean, nullable=False, default=False, server_default=false())
    updates_recipient_enc = Column(Text)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    history = relationship("StatusChange", back_populates="complaint", order_by="StatusChange.id",
                           cascade="all, delete-orphan")
    notes = relationship("ComplaintNote", back_populates="complaint", order_by="ComplaintNote.id",
                         cascade="all, delete-orphan")
    identifiers = relationship("HarasserIdentifier", back_populates="complaint", cascade="all, delete-orphan")
    contact = relationship("Contact", back_populates="complaint", uselist=False, cascade="all, delete-orphan")
    evidence_items = relationship("EvidenceItem", back_populates="complaint", cascade="all, delete-orphan")


class StatusChange(Base):
    __tablename__ = "complaint_status_history"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(String(32), nullable=False)
    changed_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    changed_by = Column(String(64))  # staff user id; "her" when she reopened it; null when the system set it
    reason_enc = Column(Text)        # why, in the officer's words (required in the console), encrypted

    complaint = relationship("Complaint", back_populates="history")


class ComplaintNote(Base):
    """An officer's private note on a complaint: encrypted, never shown to her, printed only on request."""

    __tablename__ = "complaint_notes"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id = Column(Integer, ForeignKey("staff_users.id"), nullable=False)
    text_enc = Column(Text, nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)

    complaint = relationship("Complaint", back_populates="notes")


class HarasserIdentifier(Base):
    """A phone number, social handle or name she gave for the harasser."""

    __tablename__ = "harasser_identifiers"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(16), nullable=False)  # "phone", "handle", "name"
    # Keyed hash of the normalised value (phones, handles): equal across reports, not reversible.
    match_key = Column(String(64), index=True)
    value_enc = Column(Text, nullable=False)

    complaint = relationship("Complaint", back_populates="identifiers")


class Contact(Base):
    """Callback details, only when she chose a callback. Separate table, encrypted."""

    __tablename__ = "contacts"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, unique=True)
    phone_enc = Column(Text, nullable=False)
    # When she said it is safe to call her, in her words, encrypted; null when she was not asked.
    safe_times_enc = Column(Text)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)

    complaint = relationship("Complaint", back_populates="contact")


class EvidenceItem(Base):
    """Evidence she has (declared) or sent (a stored, encrypted file on channels with media)."""

    __tablename__ = "evidence"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    storage_ref = Column(String(256))
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)

    complaint = relationship("Complaint", back_populates="evidence_items")


class ChannelIdentity(Base):
    """How to reach her on a channel, kept apart from everything else.

    Rasa, the tracker store and every other table see only `sender_pseudonym` (a keyed hash of the
    channel's own id: Telegram chat id, WhatsApp number). The real id is needed to send replies, so
    it lives here, encrypted, and nowhere else.
    """

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "sender_pseudonym"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    sender_pseudonym = Column(String(64), nullable=False)
    address_enc = Column(Text, nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    last_seen_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class ChannelDelivery(Base):
    """A webhook delivery already handled (Telegram update_id, WhatsApp message id).

    Platforms redeliver when a response is slow or not 2xx; remembering ids makes handling
    idempotent across restarts and across several server instances.
    """

    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel", "delivery_id"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    delivery_id = Column(String(128), nullable=False)
    received_at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)


class DeliveryFailure(Base):
    """A reply the platform could not deliver (e.g. WhatsApp 131047: outside the 24-hour window).

    Kept for staff so that nobody is left without an answer silently: no message text and no
    channel id, only her pseudonym and the platform's error.
    """

    __tablename__ = "delivery_failures"

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    sender_pseudonym = Column(String(64), nullable=False, index=True)
    error_code = Column(Integer, nullable=False)
    error_title = Column(String(128), nullable=False, default="")
    at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)


class ChannelRecentMessage(Base):
    """Ids (never text) of recent messages in her chat, so that the exit command can delete them.

    Only for channels whose API can delete messages (Telegram: messages younger than 48 hours).
    """

    __tablename__ = "channel_recent_messages"

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    sender_pseudonym = Column(String(64), nullable=False, index=True)
    message_id = Column(BigInteger, nullable=False)
    sent_at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)


class ChannelChatState(Base):
    """Whether she has blocked the bot on a channel (then nothing more is sent to her)."""

    __tablename__ = "channel_chat_states"
    __table_args__ = (UniqueConstraint("channel", "sender_pseudonym"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    sender_pseudonym = Column(String(64), nullable=False)
    blocked = Column(Boolean, nullable=False, default=False)
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class ChannelButtonPayload(Base):
    """Long button payloads behind short callback tokens (Telegram allows 64 bytes of callback data)."""

    __tablename__ = "channel_button_payloads"

    token = Column(String(32), primary_key=True)
    payload_enc = Column(Text, nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class PendingEvidence(Base):
    """A file she sent during a report, stored encrypted, waiting for the report to be filed.

    Keyed like `complaints.reporter_pseudonym`; moved into `evidence` once her complaint exists.
    """

    __tablename__ = "pending_evidence"

    id = Column(Integer, primary_key=True)
    reporter_pseudonym = Column(String(64), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    storage_ref = Column(String(256), nullable=False)
    size_bytes = Column(Integer, nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class StaffUser(Base):
    """A counsellor, officer (a woman officer of 1090) or supervisor of the console. Passwords are argon2 hashes."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(128), nullable=False)
    password_hash = Column(String(256), nullable=False)
    role = Column(String(16), nullable=False)  # "counsellor", "officer" or "supervisor" (bot/console/auth.py)
    active = Column(Boolean, nullable=False, default=True)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UtcDateTime())
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    # The console's language she chose ("hi" or "en"); None until she chooses (bot/console/i18n.py).
    language = Column(String(8))


class StaffSession(Base):
    """A logged-in console session. Only a hash of the cookie value is stored."""

    __tablename__ = "staff_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at = Column(UtcDateTime(), nullable=False)


class Handoff(Base):
    """Her request to talk to a counsellor: waiting, active (claimed), closed, or a callback request.

    Rasa's sender id of her conversation (a channel pseudonym, or a web chat's random socket.io
    session id) is needed to relay messages, so it is kept encrypted (`conversation_enc`, read through
    bot.handoff.service.conversation_id_of) and found again by its keyed hash
    (`conversation_pseudonym`): no table holds a raw session or channel id. The summary exists only
    when she agreed to share it, and is encrypted.
    """

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    conversation_pseudonym = Column(String(64), nullable=False, index=True)
    conversation_enc = Column(Text, nullable=False)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False)
    trigger = Column(String(16), nullable=False)  # "asked", "emergency", "self_harm", "fallback"
    status = Column(String(16), nullable=False, default="waiting", index=True)
    share_summary = Column(Boolean, nullable=False, default=False)
    summary_enc = Column(Text)
    category = Column(String(32))   # counts on the dashboard; set only when she shared the summary
    district = Column(String(64))
    callback_phone_enc = Column(Text)
    emergency_flag = Column(Boolean, nullable=False, default=False)
    requested_at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)
    # Rasa tracker timestamp (seconds) of the moment the bot was paused: the conversation since then.
    since_timestamp = Column(Float)
    # How far the relay (bot/console/relay.py) has checked her messages for danger (tracker seconds):
    # a worker that takes the relay over goes on from here, so no message of hers goes unchecked.
    relay_checked_until = Column(Float)
    # A counsellor is closing the case (Rasa resumed, the row not closed yet): the relay leaves the
    # conversation unpaused. Old marks (a console that died mid-close) are ignored (CLOSING_SECONDS).
    closing_at = Column(UtcDateTime())
    claimed_at = Column(UtcDateTime())
    claimed_by = Column(Integer, ForeignKey("staff_users.id"), index=True)
    closed_at = Column(UtcDateTime())
    closed_by = Column(Integer, ForeignKey("staff_users.id"))
    notified_at = Column(UtcDateTime())


class PinAttempts(Base):
    """Wrong PINs typed for one code string (a reference or booking code), whether or not such a
    code exists (bot/store/pin_lockout.py): the lock then says nothing about which codes are real.
    `code_key` is a keyed hash of the string, never the string."""

    __tablename__ = "pin_attempts"

    code_key = Column(String(64), primary_key=True)
    kind = Column(String(16), nullable=False)        # "complaint" or "booking"
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(UtcDateTime())
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)


class AuditEntry(Base):
    """Who looked at or changed what, and when. Never holds message text."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)
    staff_user_id = Column(Integer, ForeignKey("staff_users.id"), index=True)
    action = Column(String(32), nullable=False)
    object_type = Column(String(16))
    object_id = Column(String(64))
    detail = Column(String(256))


class Counsellor(Base):
    """A member of the WCSO/UNICEF counselling panel. Users only ever see the first name."""

    __tablename__ = "counsellors"

    id = Column(Integer, primary_key=True)
    first_name = Column(String(64), nullable=False)
    first_name_hi = Column(String(64), nullable=False)   # the same name in Devanagari
    languages = Column(String(32), nullable=False)       # comma separated: "hi,en"
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)

    hours = relationship("CounsellorHours", back_populates="counsellor", cascade="all, delete-orphan")
    leave_days = relationship("CounsellorLeave", back_populates="counsellor", cascade="all, delete-orphan")


class CounsellorHours(Base):
    """One working shift on a weekday, in Asia/Kolkata minutes after midnight. An end at or before
    the start means the shift runs past midnight into the next day."""

    __tablename__ = "counsellor_hours"

    id = Column(Integer, primary_key=True)
    counsellor_id = Column(Integer, ForeignKey("counsellors.id", ondelete="CASCADE"), nullable=False, index=True)
    weekday = Column(Integer, nullable=False)       # 0 = Monday
    start_minute = Column(Integer, nullable=False)  # 0..1439
    end_minute = Column(Integer, nullable=False)    # 1..1440; <= start_minute: next day

    counsellor = relationship("Counsellor", back_populates="hours")


class CounsellorLeave(Base):
    """A day off: no shift that starts on this (Asia/Kolkata) date, night shifts included."""

    __tablename__ = "counsellor_leave"
    __table_args__ = (UniqueConstraint("counsellor_id", "day"),)

    id = Column(Integer, primary_key=True)
    counsellor_id = Column(Integer, ForeignKey("counsellors.id", ondelete="CASCADE"), nullable=False)
    day = Column(Date, nullable=False)

    counsellor = relationship("Counsellor", back_populates="leave_days")


class CounsellingBooking(Base):
    """A booked session. Two active bookings can never hold the same counsellor and start time:
    a partial unique index (PostgreSQL and SQLite) over rows with status 'booked', so a cancelled
    booking frees its slot."""

    __tablename__ = "counselling_bookings"
    __table_args__ = (
        Index("uq_counselling_active_slot", "counsellor_id", "starts_at", unique=True,
              sqlite_where=text("status = 'booked'"), postgresql_where=text("status = 'booked'")),
    )

    id = Column(Integer, primary_key=True)
    booking_code = Column(String(16), nullable=False, unique=True)
    counsellor_id = Column(Integer, ForeignKey("counsellors.id"), nullable=False, index=True)
    starts_at = Column(UtcDateTime(), nullable=False)   # UTC
    minutes = Column(Integer, nullable=False)
    for_whom = Column(String(16), nullable=False)                 # couple / family / herself
    language = Column(String(8), nullable=False)                  # session language: hi / en
    chat_language = Column(String(8), nullable=False)             # how she writes: hi / hi-Latn / en
    channel = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="booked")  # booked / cancelled
    screen_positive = Column(Boolean, nullable=False, default=False)
    contact_mode = Column(String(16), nullable=False)             # "chat" or "callback"
    phone_enc = Column(Text)                                      # only with a callback, encrypted
    # Only when she asked for the link in this chat: her conversation id, encrypted, and its keyed
    # hash ("delete my data" finds it), so a counsellor can send the session link from the console.
    conversation_enc = Column(Text)
    conversation_pseudonym = Column(String(64), index=True)
    pin_hash = Column(String(128), nullable=False)   # wrong PINs: pin_attempts, per code string
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at = Column(UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    counsellor = relationship("Counsellor")
    reminders = relationship("CounsellingReminder", back_populates="booking", cascade="all, delete-orphan")


class CounsellingScreen(Base):
    """A positive risk screen (violence or threats at home): counted, no narrative, no identity."""

    __tablename__ = "counselling_screens"

    id = Column(Integer, primary_key=True)
    positive = Column(Boolean, nullable=False)
    language = Column(String(8), nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow, index=True)


class CounsellingReminder(Base):
    """A reminder due before a session. Lives in the database so that it survives restarts;
    `claimed_at` lets several action-server instances share the work without sending twice."""

    __tablename__ = "counselling_reminders"
    __table_args__ = (UniqueConstraint("booking_id", "kind"),)

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("counselling_bookings.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(16), nullable=False)       # "day_before" / "hour_before"
    due_at = Column(UtcDateTime(), nullable=False, index=True)
    sender_enc = Column(Text, nullable=False)       # her conversation id, encrypted
    sender_pseudonym = Column(String(64), nullable=False, index=True)  # keyed hash: "delete my data" finds it
    claimed_at = Column(UtcDateTime())
    sent_at = Column(UtcDateTime())
    attempts = Column(Integer, nullable=False, default=0)

    booking = relationship("CounsellingBooking", back_populates="reminders")


class ScheduledMessage(Base):
    """A message to her channel at a time: a status update, the "has it stopped?" follow-up, a
    counselling reminder, a session link (bot/jobs/scheduled.py). One table for all of them, so that
    one worker loop sends them, retries them and stops when she asks.

    Claimed by one worker at a time (status "sending" with a claim token; row locks on PostgreSQL,
    an atomic UPDATE on SQLite), so any number of workers send each message once. What it says
    (`payload_enc`) and where it goes (`recipient_enc`, her conversation id) are encrypted;
    `recipient_pseudonym` is a keyed hash, so "delete my data" and a do-not-contact record find her
    messages without anyone storing her id readable. `last_error` holds an error's kind, never text.
    """

    __tablename__ = "scheduled_messages"

    id = Column(Integer, primary_key=True)
    kind = Column(String(32), nullable=False)           # bot/jobs/scheduled.py KINDS
    channel = Column(String(32), nullable=False)        # her channel when it was scheduled
    recipient_pseudonym = Column(String(64), nullable=False, index=True)
    recipient_enc = Column(Text, nullable=False)
    payload_enc = Column(Text, nullable=False)          # JSON: text, buttons, slots, template
    # What it is about, for cancelling and counting (a complaint's or booking's id), and a key that
    # makes scheduling the same thing twice a no-op (the status hook may run again on a retry).
    subject_type = Column(String(16))
    subject_id = Column(Integer, index=True)
    dedupe_key = Column(String(96), unique=True)
    due_at = Column(UtcDateTime(), nullable=False)
    status = Column(String(16), nullable=False, default="pending")  # pending/sending/sent/dead/cancelled
    attempts = Column(Integer, nullable=False, default=0)
    claim_token = Column(String(32))
    claimed_at = Column(UtcDateTime())
    sent_at = Column(UtcDateTime())
    last_error = Column(String(64))
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)

    __table_args__ = (Index("ix_scheduled_messages_status_due", "status", "due_at"),)


class DoNotContact(Base):
    """A conversation that must never get a message it did not just ask for: on Telegram after /exit
    or the safe word (bot/jobs/do_not_contact.py). Replies to what she writes still reach her; the
    scheduled-message worker sends nothing here again. Keyed hash of her conversation id only."""

    __tablename__ = "do_not_contact"
    __table_args__ = (UniqueConstraint("channel", "recipient_pseudonym"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    recipient_pseudonym = Column(String(64), nullable=False)
    reason = Column(String(32), nullable=False)
    created_at = Column(UtcDateTime(), nullable=False, default=utcnow)


class FollowUp(Base):
    """One "has it stopped?" question after a complaint became action_taken (bot/complaints/feedback.py),
    and her answer: "stopped", "not_stopped", "worse", or null (no answer yet, or never). Counted per
    district and month on the dashboard; no text, no id."""

    __tablename__ = "follow_ups"

    id = Column(Integer, primary_key=True)
    complaint_id = Column(Integer, ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True)
    asked_at = Column(UtcDateTime(), nullable=False, index=True)   # when the question is (was) due
    answer = Column(String(16))
    answered_at = Column(UtcDateTime())


class JobLease(Base):
    """Which job worker runs a job that must run once at a time (bot/jobs/leases.py): the handoff
    relay, retention, one host's outbox. A holder renews its lease while it works; when it stops
    renewing (killed), the lease expires and another worker takes the job. `last_done_at`: when a
    periodic job (retention) last finished, so a new holder does not run it again too soon."""

    __tablename__ = "job_leases"

    name = Column(String(64), primary_key=True)
    holder = Column(String(64), nullable=False)
    expires_at = Column(UtcDateTime(), nullable=False)
    last_done_at = Column(UtcDateTime())


class JobGauge(Base):
    """A number only the job worker can see, reported after each pass (bot/jobs/gauges.py): e.g.
    "outbox:<hash of host and file>" = reports waiting in that host's outbox, `oldest_at` the oldest
    one's time. Never a path or anything of hers; `updated_at` shows a host that stopped reporting."""

    __tablename__ = "job_gauges"

    name = Column(String(64), primary_key=True)
    value = Column(Integer, nullable=False)
    oldest_at = Column(UtcDateTime())
    updated_at = Column(UtcDateTime(), nullable=False)
