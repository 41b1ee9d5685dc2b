"""The one scheduled-message service: a message to her channel at a time.

Status updates, the "has it stopped?" follow-up and its reminder, counselling reminders, session
links and "a counsellor has joined" are all the same thing, so they share one table
(`scheduled_messages`), one claim protocol and one worker loop (bot/jobs/worker.py):

- `schedule` stores a message: what it says and where it goes are encrypted; her conversation id is
  also kept as a keyed hash, so "delete my data" (`forget_recipient`) and a do-not-contact record
  (`cancel_for_recipient`) find her messages. A `dedupe_key` makes scheduling the same thing twice a
  no-op.
- `claim_due` hands a worker a batch of due messages that no other worker holds: on PostgreSQL with
  SELECT ... FOR UPDATE SKIP LOCKED (workers never wait on each other), elsewhere (SQLite, which
  serialises writers) with one atomic UPDATE that only takes rows still pending. Each claimed row
  carries the worker's claim token; only that token can finish it.
- `finish` records what the delivery said: sent; deferred (she is busy in a form: try again soon,
  not a failure); retry with exponential backoff; or dead (too many attempts, or a failure retrying
  cannot fix) where supervisors see it (`dead_letters`, the console's Undelivered page) and may
  `requeue` it. A worker that died mid-send leaves its claim behind; after `CLAIM_TIMEOUT` the row is
  pending again, and the delivery that takes it up looks in her conversation first for the message
  it may already have sent (bot/jobs/delivery.py: SCHEDULED_ID), so it goes out once.

Plain Python and SQLAlchemy: no Rasa, no network. Nothing here logs text or an id.
"""
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot import settings
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.models import ScheduledMessage
from bot.store.pseudonym import pseudonym, pseudonym_candidates

logger = logging.getLogger(__name__)

NAMESPACE = "scheduled-recipient"
# The metadata key that marks a bot message as one we started (channels refuse it for do-not-contact).
SCHEDULED_MARK = "hs_scheduled"
KINDS = ("status_update", "follow_up", "follow_up_reminder", "counselling_reminder", "session_link",
         "counsellor_joined")
PENDING, SENDING, SENT, DEAD, CANCELLED = "pending", "sending", "sent", "dead", "cancelled"
CLAIM_TIMEOUT = timedelta(seconds=settings.SCHEDULED_CLAIM_TIMEOUT_SECONDS)
DEFER_DELAY = timedelta(minutes=5)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def recipient_pseudonym(conversation_id: str) -> str:
    return pseudonym(NAMESPACE, conversation_id)


def recipient_pseudonyms(conversation_id: str) -> List[str]:
    """Under every pseudonym key of the ring, so a message made before a rotation is still found."""
    return pseudonym_candidates(NAMESPACE, conversation_id)


def new_row(kind: str, channel: str, conversation_id: str, payload: Dict[str, Any], due_at: datetime,
            subject_type: Optional[str] = None, subject_id: Optional[int] = None,
            dedupe_key: Optional[str] = None) -> ScheduledMessage:
    """A pending message, for callers that add it in their own transaction (a booking and its
    reminders are stored together, or not at all)."""
    if kind not in KINDS:
        raise ValueError(f"unknown scheduled message kind {kind!r}")
    return ScheduledMessage(kind=kind, channel=channel[:32], recipient_pseudonym=recipient_pseudonym(conversation_id),
                            recipient_enc=encrypt_text(conversation_id),
                            payload_enc=encrypt_text(json.dumps(payload, ensure_ascii=False)),
                            subject_type=subject_type, subject_id=subject_id, dedupe_key=dedupe_key,
                            due_at=due_at, status=PENDING, attempts=0)


@dataclass
class Message:
    """What the worker needs to send one message (decrypted only in its hands)."""

    id: int
    kind: str
    channel: str
    conversation_id: str
    payload: Dict[str, Any]
    attempts: int
    claim_token: str
    subject_type: Optional[str] = None
    subject_id: Optional[int] = None


@dataclass(frozen=True)
class Outcome:
    """What a delivery says. `state`: "sent", "defer", "retry", "dead" or "cancelled"; `error` is the
    kind of a failure (an exception's class name, a platform code), never text."""

    state: str
    error: Optional[str] = None

    @classmethod
    def sent(cls) -> "Outcome":
        return cls("sent")


@dataclass(frozen=True)
class DeadLetter:
    id: int
    kind: str
    channel: str
    attempts: int
    last_error: Optional[str]
    due_at: datetime
    created_at: datetime


class ScheduledMessages:
    def __init__(self, url: Optional[str] = None, max_attempts: Optional[int] = None,
                 retry_base: Optional[timedelta] = None) -> None:
        self.sessions = session_factory(url)
        self.max_attempts = max_attempts or settings.SCHEDULED_MAX_ATTEMPTS
        self.retry_base = retry_base or timedelta(seconds=settings.SCHEDULED_RETRY_SECONDS)

    # ------------------------------------------------------------------ scheduling ------------
    def schedule(self, kind: str, channel: str, conversation_id: str, payload: Dict[str, Any],
                 due_at: Optional[datetime] = None, subject_type: Optional[str] = None,
                 subject_id: Optional[int] = None, dedupe_key: Optional[str] = None) -> Optional[int]:
        """Stores one message; returns its id, or None when `dedupe_key` was scheduled before."""
        row = new_row(kind, channel, conversation_id, payload, due_at or _now(), subject_type, subject_id,
                      dedupe_key)
        try:
            with self.sessions() as session, session.begin():
                session.add(row)
        except IntegrityError:
            if dedupe_key is None:
                raise
            return None
        return row.id

    def cancel_subject(self, subject_type: str, subject_id: int, kinds: Optional[List[str]] = None) -> int:
        """Cancels what is still waiting about a complaint or booking (she answered, it was cancelled)."""
        query = update(ScheduledMessage).where(
            ScheduledMessage.subject_type == subject_type, ScheduledMessage.subject_id == subject_id,
            ScheduledMessage.status == PENDING)
        if kinds:
            query = query.where(ScheduledMessage.kind.in_(kinds))
        with self.sessions() as session, session.begin():
            return session.execute(query.values(status=CANCELLED, last_error="cancelled")).rowcount

    def cancel_for_recipient(self, conversation_id: str, reason: str = "do_not_contact") -> int:
        """Nothing more goes to this conversation (a do-not-contact record): pending rows are cancelled."""
        with self.sessions() as session, session.begin():
            return session.execute(update(ScheduledMessage).where(
                ScheduledMessage.recipient_pseudonym.in_(recipient_pseudonyms(conversation_id)),
                ScheduledMessage.status.in_((PENDING, DEAD))).values(status=CANCELLED, last_error=reason[:64])
            ).rowcount

    def forget_recipient(self, conversation_id: str) -> int:
        """"Delete my data": every message for her goes, sent or not (they hold her id, encrypted)."""
        with self.sessions() as session, session.begin():
            rows = session.execute(select(ScheduledMessage).where(
                ScheduledMessage.recipient_pseudonym.in_(recipient_pseudonyms(conversation_id)))).scalars().all()
            for row in rows:
                session.delete(row)
            return len(rows)

    # ------------------------------------------------------------------ the worker's side -----
    def claim_due(self, worker: str, batch: int = 20, now: Optional[datetime] = None) -> List[Message]:
        """Due messages that this worker now holds and no other worker can take."""
        now = now or _now()
        self._release_stale_claims(now)
        token = f"{worker[:15]}-{secrets.token_hex(8)}"
        due = (select(ScheduledMessage.id).where(ScheduledMessage.status == PENDING, ScheduledMessage.due_at <= now)
               .order_by(ScheduledMessage.due_at, ScheduledMessage.id).limit(batch))
        claim = dict(status=SENDING, claim_token=token, claimed_at=now, attempts=ScheduledMessage.attempts + 1)
        with self.sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                ids = session.execute(due.with_for_update(skip_locked=True)).scalars().all()
                if ids:
                    session.execute(update(ScheduledMessage).where(ScheduledMessage.id.in_(ids)).values(**claim))
            else:
                # One statement: the database takes only rows that are still pending at that moment.
                session.execute(update(ScheduledMessage).where(ScheduledMessage.id.in_(due.scalar_subquery()),
                                                               ScheduledMessage.status == PENDING)
                                .values(**claim).execution_options(synchronize_session=False))
        with self.sessions() as session:
            rows = session.execute(select(ScheduledMessage).where(ScheduledMessage.claim_token == token,
                                                                  ScheduledMessage.status == SENDING)
                                   .order_by(ScheduledMessage.due_at, ScheduledMessage.id)).scalars().all()
            return [self._message(row) for row in rows]

    @staticmethod
    def _message(row: ScheduledMessage) -> Message:
        return Message(id=row.id, kind=row.kind, channel=row.channel, conversation_id=decrypt_text(row.recipient_enc),
                       payload=json.loads(decrypt_text(row.payload_enc)), attempts=row.attempts,
                       claim_token=row.claim_token, subject_type=row.subject_type, subject_id=row.subject_id)

    def _release_stale_claims(self, now: datetime) -> None:
        # A worker that died between claim and finish: its rows go back to pending.
        with self.sessions() as session, session.begin():
            released = session.execute(update(ScheduledMessage).where(
                ScheduledMessage.status == SENDING, ScheduledMessage.claimed_at < now - CLAIM_TIMEOUT)
                .values(status=PENDING, claim_token=None)).rowcount
        if released:
            logger.warning("scheduled messages: %d stale claim(s) released", released)

    def finish(self, message: Message, outcome: Outcome, now: Optional[datetime] = None) -> str:
        """Records the outcome of one delivery; returns the row's new status. Only the claim's holder
        can finish it (a released and re-claimed row is not touched by the old holder)."""
        now = now or _now()
        values: Dict[str, Any] = {"claim_token": None, "last_error": (outcome.error or None) and outcome.error[:64]}
        if outcome.state == "sent":
            values.update(status=SENT, sent_at=now)
        elif outcome.state == "defer":
            # Not a failure: the attempt this claim counted is given back.
            values.update(status=PENDING, due_at=now + DEFER_DELAY, attempts=ScheduledMessage.attempts - 1)
        elif outcome.state == "cancelled":
            values.update(status=CANCELLED)
        elif outcome.state == "retry" and message.attempts < self.max_attempts:
            values.update(status=PENDING, due_at=now + self.retry_base * (2 ** (message.attempts - 1)))
        else:
            values.update(status=DEAD)
        with self.sessions() as session, session.begin():
            session.execute(update(ScheduledMessage).where(ScheduledMessage.id == message.id,
                                                           ScheduledMessage.claim_token == message.claim_token)
                            .values(**values))
        if values["status"] == DEAD:
            logger.warning("scheduled message %d (%s) is dead after %d attempt(s): %s",
                           message.id, message.kind, message.attempts, values["last_error"])
        return str(values["status"])

    # ------------------------------------------------------------------ staff -----------------
    def dead_letters(self, limit: int = 100) -> List[DeadLetter]:
        """Messages that could not be sent, newest first: kind, channel, attempts, error. No text, no id."""
        with self.sessions() as session:
            rows = session.execute(select(ScheduledMessage).where(ScheduledMessage.status == DEAD)
                                   .order_by(ScheduledMessage.due_at.desc(), ScheduledMessage.id.desc())
                                   .limit(limit)).scalars().all()
        return [DeadLetter(r.id, r.kind, r.channel, r.attempts, r.last_error, r.due_at, r.created_at) for r in rows]

    def requeue(self, message_id: int, now: Optional[datetime] = None) -> bool:
        """A supervisor sends a dead message again (after fixing what failed): attempts start over."""
        with self.sessions() as session, session.begin():
            return bool(session.execute(update(ScheduledMessage).where(
                ScheduledMessage.id == message_id, ScheduledMessage.status == DEAD)
                .values(status=PENDING, attempts=0, due_at=now or _now(), claim_token=None)).rowcount)

    def counts(self) -> Dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(ScheduledMessage.status, func.count())
                                   .group_by(ScheduledMessage.status)).all()
        return {str(row[0]): int(row[1]) for row in rows}

    def overdue_count(self, due_before: datetime) -> int:
        """Messages still not sent that were due before `due_before` (the Machinery panel, the alerts)."""
        with self.sessions() as session:
            return int(session.execute(select(func.count()).where(
                ScheduledMessage.status.in_((PENDING, SENDING)), ScheduledMessage.due_at < due_before)).scalar_one())
