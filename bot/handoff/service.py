"""The handoff queue: she asks for a person, a counsellor claims, maybe transfers, and closes.

Plain Python over SQLAlchemy, used by the action server (request, callback) and the console
(everything else). Rules that protect her: a counsellor sees only waiting cases and her own; the
summary exists only when she agreed, and is encrypted. Her conversation id (Rasa's sender id,
which for a web chat is the raw socket.io session id) is stored only encrypted, with a keyed hash to
find her open case again.
"""
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from statistics import median
from typing import List, Optional, Tuple

from sqlalchemy import func, or_, select, update

from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.flood import FloodLimits
from bot.store.models import Handoff, StaffUser
from bot.store.pseudonym import pseudonym, pseudonym_candidates

WAITING, ACTIVE, CLOSED, CALLBACK = "waiting", "active", "closed", "callback"
OPEN = (WAITING, ACTIVE)
TRIGGERS = ("asked", "emergency", "self_harm", "fallback")
MAX_SHARED_CHARS = 500
# A close takes two calls to Rasa; a mark older than this is from a console that died mid-close.
CLOSING_SECONDS = 60


class HandoffError(Exception):
    """A change that does not fit the case's state (already claimed, already closed)."""


class NotAllowed(Exception):
    """A counsellor acting on a case that is not hers."""


@dataclass
class Queued:
    handoff_id: int
    position: int
    already_waiting: bool


def can_see(handoff: Handoff, user: StaffUser) -> bool:
    """Supervisors see every case; a counsellor sees waiting cases (the shared queue) and the case she
    has while it is open. Once it is closed or transferred away she reads nothing more of it: she
    may go on writing to the bot (a new report, her PIN) and that is no longer the counsellor's."""
    if user.role == "supervisor":
        return True
    return handoff.status == WAITING or (handoff.status == ACTIVE and handoff.claimed_by == user.id)


def handoff_window(handoff: Handoff) -> Tuple[Optional[float], Optional[float]]:
    """The tracker timestamps the case covers: from the handoff until it was closed (open: no end).
    Messages outside it are the bot's business, not the console's, for every role."""
    until = handoff.closed_at.timestamp() if handoff.closed_at and handoff.status == CLOSED else None
    return handoff.since_timestamp, until


def can_act(handoff: Handoff, user: StaffUser) -> bool:
    """Replying, transferring and closing: the counsellor who has her, or a supervisor."""
    return user.role == "supervisor" or (handoff.status == ACTIVE and handoff.claimed_by == user.id)


def may_call_back(handoff: Handoff, user: StaffUser) -> bool:
    """Her callback number: for the counsellor who took the callback, or a supervisor."""
    return user.role == "supervisor" or (handoff.claimed_by is not None and handoff.claimed_by == user.id)


def conversation_pseudonym(conversation_id: str) -> str:
    return pseudonym("handoff-conversation", conversation_id)


def conversation_pseudonyms(conversation_id: str) -> List[str]:
    """Under every pseudonym key version: her open case is found across a key rotation."""
    return pseudonym_candidates("handoff-conversation", conversation_id)


def conversation_id_of(handoff: Handoff) -> str:
    """Rasa's sender id of her conversation, to relay messages (decrypted only when needed)."""
    return decrypt_text(handoff.conversation_enc)


def is_conversation(handoff: Handoff, conversation_id: str) -> bool:
    return handoff.conversation_pseudonym in conversation_pseudonyms(conversation_id)


def build_summary(category: Optional[str], district: Optional[str], language: str, trigger: str,
                  shared: Optional[str]) -> dict:
    return {"category": category or None, "district": district or None, "language": language,
            "trigger": trigger, "shared": (shared or "")[:MAX_SHARED_CHARS] or None}


class HandoffService:
    def __init__(self, url: Optional[str] = None, clock=lambda: datetime.now(timezone.utc)):
        self.sessions = session_factory(url)
        self.clock = clock
        self.flood = FloodLimits(url, clock)

    # --- her side (action server) ---------------------------------------------------------------
    def request(self, conversation_id: str, channel: str, language: str, trigger: str,
                summary: Optional[dict], since_timestamp: Optional[float] = None) -> Queued:
        """Puts her in the queue, or tells her place when she is already waiting or talking."""
        trigger = trigger if trigger in TRIGGERS else "asked"
        with self.sessions() as session, session.begin():
            existing = session.execute(
                select(Handoff).where(Handoff.conversation_pseudonym.in_(conversation_pseudonyms(conversation_id)),
                                      Handoff.status.in_(OPEN))
                .order_by(Handoff.id.desc())).scalars().first()
            if existing is not None:
                return Queued(existing.id, _position(session, existing), True)
            self.flood.check_handoff(session)  # FloodLimited: too many new requests lately
            handoff = Handoff(conversation_pseudonym=conversation_pseudonym(conversation_id),
                              conversation_enc=encrypt_text(conversation_id), channel=(channel or "unknown")[:32],
                              language=language, trigger=trigger, status=WAITING,
                              share_summary=summary is not None, emergency_flag=trigger in ("emergency", "self_harm"),
                              requested_at=self.clock(), since_timestamp=since_timestamp)
            if summary is not None:
                handoff.summary_enc = encrypt_text(json.dumps(summary, ensure_ascii=False))
                handoff.category = summary.get("category")
                handoff.district = summary.get("district")
            session.add(handoff)
            session.flush()
            return Queued(handoff.id, _position(session, handoff), False)

    def request_callback(self, conversation_id: str, channel: str, language: str, phone_e164: str) -> int:
        with self.sessions() as session, session.begin():
            handoff = Handoff(conversation_pseudonym=conversation_pseudonym(conversation_id),
                              conversation_enc=encrypt_text(conversation_id), channel=(channel or "unknown")[:32],
                              language=language, trigger="asked", status=CALLBACK, share_summary=False,
                              emergency_flag=False, requested_at=self.clock(),
                              callback_phone_enc=encrypt_text(phone_e164))
            session.add(handoff)
            session.flush()
            return handoff.id

    # --- console side -----------------------------------------------------------------------------
    def get(self, handoff_id: int) -> Optional[Handoff]:
        with self.sessions() as session:
            return session.get(Handoff, handoff_id)

    def queue(self, user: StaffUser) -> List[Handoff]:
        """Open cases this user may see: waiting first (oldest first), then active ones."""
        with self.sessions() as session:
            rows = session.execute(select(Handoff).where(Handoff.status.in_(OPEN))
                                   .order_by(Handoff.requested_at, Handoff.id)).scalars().all()
        visible = [h for h in rows if can_see(h, user)]
        return sorted(visible, key=lambda h: (h.status != WAITING, h.requested_at))

    def callbacks(self) -> List[Handoff]:
        with self.sessions() as session:
            return session.execute(select(Handoff).where(Handoff.status == CALLBACK)
                                   .order_by(Handoff.requested_at)).scalars().all()

    def open_handoffs(self) -> List[Handoff]:
        with self.sessions() as session:
            return session.execute(select(Handoff).where(Handoff.status.in_(OPEN))).scalars().all()

    def position(self, handoff_id: int) -> int:
        with self.sessions() as session:
            handoff = session.get(Handoff, handoff_id)
            return _position(session, handoff) if handoff else 0

    def claim(self, handoff_id: int, user: StaffUser) -> Handoff:
        with self.sessions() as session, session.begin():
            handoff = _locked(session, handoff_id)
            if handoff.status != WAITING:
                raise HandoffError("not waiting")
            handoff.status, handoff.claimed_by, handoff.claimed_at = ACTIVE, user.id, self.clock()
            return handoff

    def transfer(self, handoff_id: int, user: StaffUser, to_user_id: int) -> Handoff:
        with self.sessions() as session, session.begin():
            handoff = _locked(session, handoff_id)
            if not can_act(handoff, user):
                raise NotAllowed()
            if handoff.status != ACTIVE:
                raise HandoffError("not active")
            target = session.get(StaffUser, to_user_id)
            if target is None or not target.active or target.role not in ("counsellor", "supervisor"):
                raise HandoffError("no such counsellor")  # officers work complaints, not live chats
            handoff.claimed_by = target.id
            return handoff

    def close(self, handoff_id: int, user: StaffUser) -> Handoff:
        with self.sessions() as session, session.begin():
            handoff = _locked(session, handoff_id)
            if handoff.status == WAITING and user.role != "supervisor":
                raise NotAllowed()
            if handoff.status not in OPEN:
                raise HandoffError("not open")
            if not can_act(handoff, user):
                raise NotAllowed()
            handoff.status, handoff.closed_at, handoff.closed_by = CLOSED, self.clock(), user.id
            return handoff

    def take_callback(self, handoff_id: int, user: StaffUser) -> None:
        """She asked to be called back: one counsellor takes it, and only she (or a supervisor) may then
        see the number. claimed_at stays empty: callbacks are not live chats (median wait)."""
        with self.sessions() as session, session.begin():
            handoff = _locked(session, handoff_id)
            if handoff.status != CALLBACK:
                raise HandoffError("not a callback")
            if handoff.claimed_by not in (None, user.id) and user.role != "supervisor":
                raise NotAllowed()
            handoff.claimed_by = user.id

    def close_callback(self, handoff_id: int, user: StaffUser) -> None:
        with self.sessions() as session, session.begin():
            handoff = _locked(session, handoff_id)
            if handoff.status != CALLBACK:
                raise HandoffError("not a callback")
            if not may_call_back(handoff, user):
                raise NotAllowed()
            handoff.status, handoff.closed_at, handoff.closed_by = CLOSED, self.clock(), user.id

    def flag_emergency(self, handoff_id: int) -> None:
        with self.sessions() as session, session.begin():
            _locked(session, handoff_id).emergency_flag = True

    def unnotified(self) -> List[Handoff]:
        with self.sessions() as session:
            return session.execute(select(Handoff).where(Handoff.notified_at.is_(None),
                                                         Handoff.status.in_((WAITING, CALLBACK)))).scalars().all()

    # --- the relay (bot/console/relay.py, run by the job worker) and closing -----------------------
    def set_relay_checked(self, handoff_id: int, until: float) -> None:
        """Her messages up to `until` (tracker seconds) were checked for danger. Only ever forward: a
        relay that lost its lease while it worked cannot move the mark back past its successor's."""
        with self.sessions() as session, session.begin():
            session.execute(update(Handoff).where(
                Handoff.id == handoff_id,
                or_(Handoff.relay_checked_until.is_(None), Handoff.relay_checked_until < until))
                .values(relay_checked_until=until))

    def mark_closing(self, handoff_id: int, closing: bool = True) -> None:
        """A counsellor began (or gave up) closing the case: the relay does not pause her again meanwhile."""
        with self.sessions() as session, session.begin():
            session.execute(update(Handoff).where(Handoff.id == handoff_id)
                            .values(closing_at=self.clock() if closing else None))

    def is_closing(self, handoff: Handoff) -> bool:
        return (handoff.closing_at is not None
                and (self.clock() - handoff.closing_at).total_seconds() < CLOSING_SECONDS)

    def mark_notified(self, handoff_id: int) -> None:
        with self.sessions() as session, session.begin():
            _locked(session, handoff_id).notified_at = self.clock()

    # --- dashboard: counts only -------------------------------------------------------------------
    def per_day(self, since: datetime) -> dict:
        with self.sessions() as session:
            rows = session.execute(select(Handoff.requested_at).where(Handoff.requested_at >= since)).scalars()
            counts: dict = {}
            for moment in rows:
                day = moment.date().isoformat()
                counts[day] = counts.get(day, 0) + 1
            return counts

    def median_wait_seconds(self, since: datetime) -> Optional[float]:
        with self.sessions() as session:
            rows = session.execute(select(Handoff.requested_at, Handoff.claimed_at).where(
                Handoff.claimed_at.is_not(None), Handoff.requested_at >= since)).all()
        waits = [(claimed - requested).total_seconds() for requested, claimed in rows]
        return median(waits) if waits else None

    def count_by(self, column: str, since: datetime) -> dict:
        field = getattr(Handoff, column)
        with self.sessions() as session:
            rows = session.execute(select(field, func.count()).where(Handoff.requested_at >= since)
                                   .group_by(field)).all()
        return {key or "unknown": count for key, count in rows}


def read_summary(handoff: Handoff) -> Optional[dict]:
    if not handoff.summary_enc:
        return None
    return json.loads(decrypt_text(handoff.summary_enc))


def read_callback_phone(handoff: Handoff) -> Optional[str]:
    return decrypt_text(handoff.callback_phone_enc) if handoff.callback_phone_enc else None


def _position(session, handoff: Handoff) -> int:
    if handoff.status != WAITING:
        return 0
    ahead = session.execute(select(func.count()).select_from(Handoff).where(
        Handoff.status == WAITING, Handoff.id < handoff.id)).scalar_one()
    return ahead + 1


def _locked(session, handoff_id: int) -> Handoff:
    # FOR UPDATE on PostgreSQL: two counsellors clicking "claim" at once cannot both win.
    handoff = session.execute(select(Handoff).where(Handoff.id == handoff_id).with_for_update()).scalar_one_or_none()
    if handoff is None:
        raise HandoffError("no such case")
    return handoff
