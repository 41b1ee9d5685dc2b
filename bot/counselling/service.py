"""Bookings: free slots from the database, booking with database-enforced uniqueness, check,
reschedule and cancel with the booking code and PIN, positive screens, due reminders.

Plain Python: no Rasa, no network (reminder delivery takes a `send` function).
"""
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from bot import settings
from bot.complaints.codes import hash_pin, new_pin
from bot.counselling.availability import INDIA, PanelMember, Shift, Slot, free_slots, parse_slot_key
from bot.counselling.codes import new_booking_code
from bot.counselling.reminders import KIND as REMINDER_KIND, reminder_rows
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.pin_lockout import OK, check_code_pin
from bot.store.pseudonym import pseudonym, pseudonym_candidates
from bot.store.models import (Counsellor, CounsellingBooking, CounsellingReminder, CounsellingScreen,
                              ScheduledMessage)

logger = logging.getLogger(__name__)
CLAIM_EXPIRES = timedelta(minutes=10)   # a claim older than this was lost with its process
MAX_REMINDER_ATTEMPTS = 10
NEXT_FREE_DAY_SEARCH = 14
SESSION_LANGUAGES = ("hi", "en")


@dataclass(frozen=True)
class BookingRequest:
    for_whom: str
    language: str          # session language: hi / en
    chat_language: str     # the script she writes in: hi / hi-Latn / en
    channel: str
    sender_id: str         # for reminders only; stored encrypted
    contact_mode: str = "chat"
    phone: Optional[str] = None
    screen_positive: bool = False
    reminders: bool = False  # opt-in: she said yes to reminders in this chat (the booking form asks)


@dataclass(frozen=True)
class BookingResult:
    outcome: str                            # "booked", "taken", "unavailable"
    booking_code: Optional[str] = None
    pin: Optional[str] = None               # shown to her once
    slot: Optional[Slot] = None
    alternatives: List[Slot] = field(default_factory=list)


@dataclass(frozen=True)
class BookingView:
    outcome: str                            # "ok", "wrong_pin" (unknown codes too), "locked"
    booking_code: Optional[str] = None
    slot: Optional[Slot] = None
    status: Optional[str] = None
    for_whom: Optional[str] = None
    language: Optional[str] = None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def sender_pseudonym(sender_id: str) -> str:
    return pseudonym("counselling-sender", sender_id)


def sender_pseudonyms(sender_id: str) -> List[str]:
    """Under every pseudonym key version: "delete my data" finds reminders made before a rotation."""
    return pseudonym_candidates("counselling-sender", sender_id)


def _link_target(request: "BookingRequest") -> Dict[str, Any]:
    """Where the counsellor's session link goes: this chat, when she chose a link in the chat."""
    if request.contact_mode == "callback" or not request.sender_id:
        return {}
    return {"conversation_enc": encrypt_text(request.sender_id),
            "conversation_pseudonym": sender_pseudonym(request.sender_id)}


def _has_reminders(session, booking_id: int) -> bool:
    return session.execute(select(ScheduledMessage.id).where(
        ScheduledMessage.subject_type == "booking", ScheduledMessage.subject_id == booking_id,
        ScheduledMessage.kind == REMINDER_KIND)).first() is not None


def _cancel_reminders(session, booking_id: int) -> None:
    session.execute(update(ScheduledMessage).where(
        ScheduledMessage.subject_type == "booking", ScheduledMessage.subject_id == booking_id,
        ScheduledMessage.kind == REMINDER_KIND, ScheduledMessage.status == "pending")
        .values(status="cancelled", last_error="booking changed"))


def legacy_reminder(kind: str, due_at: datetime, sender_id: str) -> CounsellingReminder:
    """A reminder row as bookings stored them before reminders became scheduled messages (the old
    loop still sends those; tests and the key rotation make them with this)."""
    return CounsellingReminder(kind=kind, due_at=due_at, sender_enc=encrypt_text(sender_id),
                               sender_pseudonym=sender_pseudonym(sender_id), attempts=0)


class CounsellingService:
    def __init__(self, url: Optional[str] = None, minutes: Optional[int] = None, notice_minutes: Optional[int] = None):
        self.sessions = session_factory(url)
        self.minutes = minutes or settings.COUNSELLING_SESSION_MINUTES
        self.notice_minutes = settings.COUNSELLING_MIN_NOTICE_MINUTES if notice_minutes is None else notice_minutes

    # ------------------------------------------------------------------ availability -----------
    def panel(self, session=None) -> List[PanelMember]:
        def load(s):
            rows = s.execute(select(Counsellor).where(Counsellor.active.is_(True)).options(
                selectinload(Counsellor.hours), selectinload(Counsellor.leave_days))).scalars().all()
            return [PanelMember(c.id, c.first_name, c.first_name_hi,
                                frozenset(x.strip() for x in c.languages.split(",") if x.strip()),
                                tuple(Shift(h.weekday, h.start_minute, h.end_minute) for h in c.hours),
                                frozenset(leave.day for leave in c.leave_days)) for c in rows]
        if session is not None:
            return load(session)
        with self.sessions() as s:
            return load(s)

    def _busy(self, session, day: date) -> Dict[int, List[Tuple[datetime, int]]]:
        # Wide window: a session that started the evening before can still overlap this day.
        start = datetime.combine(day, datetime.min.time(), tzinfo=INDIA) - timedelta(days=1)
        end = start + timedelta(days=3)
        rows = session.execute(select(CounsellingBooking.counsellor_id, CounsellingBooking.starts_at,
                                      CounsellingBooking.minutes).where(
            CounsellingBooking.status == "booked", CounsellingBooking.starts_at >= start,
            CounsellingBooking.starts_at < end)).all()
        busy: Dict[int, List[Tuple[datetime, int]]] = {}
        for counsellor_id, starts_at, minutes in rows:
            busy.setdefault(counsellor_id, []).append((starts_at, minutes))
        return busy

    def free_slots(self, day: date, language: str, now: Optional[datetime] = None, part_of_day: Optional[str] = None,
                   hour: Optional[int] = None) -> List[Slot]:
        now = now or _now()
        with self.sessions() as session:
            busy = self._busy(session, day)
            return free_slots(self.panel(session), day, language, now, self.minutes, busy,
                              self.notice_minutes, part_of_day, hour)

    def next_free_day(self, after: date, language: str, now: Optional[datetime] = None) -> Optional[date]:
        """The first day after `after` with a free slot (within two weeks), for "nothing free that day"."""
        for offset in range(1, NEXT_FREE_DAY_SEARCH + 1):
            day = after + timedelta(days=offset)
            if self.free_slots(day, language, now):
                return day
        return None

    def is_bookable_day(self, day: date, now: Optional[datetime] = None) -> str:
        """"ok", "past" or "too_far"."""
        today = (now or _now()).astimezone(INDIA).date()
        if day < today:
            return "past"
        if day > today + timedelta(days=settings.COUNSELLING_HORIZON_DAYS):
            return "too_far"
        return "ok"

    def slot_from_key(self, key: str, language: str, now: Optional[datetime] = None) -> Optional[Slot]:
        """The offered slot behind a button payload, if it is still free and fits the rules."""
        parsed = parse_slot_key(key)
        if parsed is None:
            return None
        counsellor_id, starts_at = parsed
        day = starts_at.astimezone(INDIA).date()
        for slot in self._all_free(day, language, now):
            if slot.counsellor_id == counsellor_id and slot.starts_at == starts_at:
                return slot
        return None

    def _all_free(self, day: date, language: str, now: Optional[datetime] = None) -> List[Slot]:
        now = now or _now()
        with self.sessions() as session:
            busy = self._busy(session, day)
            # Every free start of every counsellor (no de-duplication by time, no limit).
            slots = []
            for member in self.panel(session):
                slots += free_slots([member], day, language, now, self.minutes, busy, self.notice_minutes,
                                    limit=10_000)
            return slots

    # ------------------------------------------------------------------ booking ---------------
    def book(self, request: BookingRequest, slot_key: str, now: Optional[datetime] = None) -> BookingResult:
        """Books the slot, or says it was just taken and offers fresh alternatives.
        The partial unique index decides races: exactly one of many concurrent bookings wins."""
        now = now or _now()
        slot = self.slot_from_key(slot_key, request.language, now)
        if slot is None:
            parsed = parse_slot_key(slot_key)
            taken = parsed and self._slot_taken(Slot(parsed[0], parsed[1], self.minutes))
            outcome = "taken" if taken else "unavailable"
            return BookingResult(outcome, alternatives=self._alternatives(slot_key, request.language, now))
        pin = new_pin()
        for _ in range(3):
            code = new_booking_code()
            booking = CounsellingBooking(
                booking_code=code, counsellor_id=slot.counsellor_id, starts_at=slot.starts_at, minutes=slot.minutes,
                for_whom=request.for_whom, language=request.language, chat_language=request.chat_language,
                channel=(request.channel or "unknown")[:16], status="booked",
                screen_positive=request.screen_positive,
                contact_mode="callback" if request.contact_mode == "callback" and request.phone else "chat",
                phone_enc=encrypt_text(request.phone) if request.contact_mode == "callback" and request.phone else None,
                **_link_target(request),
                pin_hash=hash_pin(pin))
            try:
                with self.sessions() as session, session.begin():
                    session.add(booking)
                    if request.reminders:   # opt-in; sent by the scheduled-message worker (bot/jobs/)
                        session.flush()
                        session.add_all(reminder_rows(booking.id, code, slot.starts_at, slot.minutes,
                                                      request.sender_id, request.chat_language,
                                                      request.channel or "unknown", now))
                return BookingResult("booked", code, pin, slot)
            except IntegrityError:
                if self._slot_taken(slot):
                    logger.info("counselling slot taken by a concurrent booking")
                    return BookingResult("taken", alternatives=self._alternatives(slot_key, request.language, now))
                # otherwise a booking-code collision (1 in 5e11): try a new code
        raise RuntimeError("could not allocate a booking code")

    def _slot_taken(self, slot: Slot) -> bool:
        with self.sessions() as session:
            return session.execute(select(CounsellingBooking.id).where(
                CounsellingBooking.counsellor_id == slot.counsellor_id,
                CounsellingBooking.starts_at == slot.starts_at,
                CounsellingBooking.status == "booked")).first() is not None

    def _alternatives(self, slot_key: str, language: str, now: datetime) -> List[Slot]:
        parsed = parse_slot_key(slot_key)
        day = parsed[1].astimezone(INDIA).date() if parsed else now.astimezone(INDIA).date()
        if self.is_bookable_day(day, now) != "ok":
            day = now.astimezone(INDIA).date()
        slots = self.free_slots(day, language, now)
        if not slots:
            following = self.next_free_day(day, language, now)
            slots = self.free_slots(following, language, now) if following else []
        return slots

    # ------------------------------------------------------------------ her booking -----------
    def _verified(self, session, code: str, pin: str, now: datetime):
        booking = session.execute(select(CounsellingBooking).where(
            CounsellingBooking.booking_code == code).with_for_update()).scalar_one_or_none()
        # An unknown code is checked like a wrong PIN: same time, same answer (bot.store.pin_lockout).
        checked = check_code_pin(session, "booking", code, booking.pin_hash if booking is not None else None,
                                 pin, now)
        if checked.outcome != OK:
            return None, BookingView(checked.outcome)
        return booking, None

    def _view(self, booking: CounsellingBooking) -> BookingView:
        counsellor = booking.counsellor
        slot = Slot(booking.counsellor_id, booking.starts_at, booking.minutes,
                    counsellor.first_name if counsellor else "", counsellor.first_name_hi if counsellor else "")
        return BookingView("ok", booking.booking_code, slot, booking.status, booking.for_whom, booking.language)

    def lookup(self, code: str, pin: str, now: Optional[datetime] = None) -> BookingView:
        now = now or _now()
        with self.sessions() as session, session.begin():
            booking, failure = self._verified(session, code, pin, now)
            return failure or self._view(booking)

    def cancel(self, code: str, pin: str, now: Optional[datetime] = None) -> BookingView:
        """Cancels and frees the slot (the unique index only covers active bookings)."""
        now = now or _now()
        with self.sessions() as session, session.begin():
            booking, failure = self._verified(session, code, pin, now)
            if failure:
                return failure
            booking.status = "cancelled"
            for reminder in list(booking.reminders):
                if reminder.sent_at is None:
                    booking.reminders.remove(reminder)
            _cancel_reminders(session, booking.id)
            return self._view(booking)

    def reschedule(self, code: str, pin: str, slot_key: str, sender_id: str,
                   now: Optional[datetime] = None) -> BookingResult:
        """Moves her booking to a new slot (same code and PIN) or offers fresh alternatives."""
        now = now or _now()
        # Code and PIN first: nothing (not even the alternatives offered) may differ for an unknown code.
        with self.sessions() as session, session.begin():
            booking, failure = self._verified(session, code, pin, now)
            if failure or booking.status != "booked":
                return BookingResult("unavailable")
            language = booking.language
        slot = self.slot_from_key(slot_key, language, now)
        if slot is None:
            return BookingResult("unavailable", alternatives=self._alternatives(slot_key, language, now))
        try:
            with self.sessions() as session, session.begin():
                booking = session.execute(select(CounsellingBooking).where(
                    CounsellingBooking.booking_code == code).with_for_update()).scalar_one()
                if booking.status != "booked":
                    return BookingResult("unavailable")
                booking.counsellor_id, booking.starts_at = slot.counsellor_id, slot.starts_at
                booking.minutes = slot.minutes
                legacy = bool(booking.reminders)   # stored before reminders were scheduled messages
                wanted = legacy or _has_reminders(session, booking.id)   # she opted in when she booked
                booking.reminders.clear()
                _cancel_reminders(session, booking.id)
                session.flush()
                if wanted:
                    session.add_all(reminder_rows(booking.id, code, slot.starts_at, slot.minutes, sender_id,
                                                  booking.chat_language, booking.channel, now))
            return BookingResult("booked", code, None, slot)
        except IntegrityError:
            return BookingResult("taken", alternatives=self._alternatives(slot_key, language, now))

    def forget_sender(self, sender_id: str) -> int:
        """"Delete my data": her conversation id leaves the reminders (they are not sent any more).
        Her bookings stay, reachable only with the booking code and PIN, like her complaints."""
        with self.sessions() as session, session.begin():
            # Nor can a session link reach her any more (the booking keeps no trace of this chat).
            session.execute(update(CounsellingBooking).where(
                CounsellingBooking.conversation_pseudonym.in_(sender_pseudonyms(sender_id)))
                .values(conversation_enc=None, conversation_pseudonym=None))
            return session.execute(delete(CounsellingReminder).where(
                CounsellingReminder.sender_pseudonym.in_(sender_pseudonyms(sender_id)))).rowcount

    # ------------------------------------------------------------------ screens ---------------
    def record_screen(self, positive: bool, language: str) -> None:
        with self.sessions() as session, session.begin():
            session.add(CounsellingScreen(positive=bool(positive), language=(language or "")[:8]))

    # ------------------------------------------------------------------ reminders -------------
    def deliver_due_reminders(self, send: Callable[[str, str, datetime], Optional[bool]],
                              now: Optional[datetime] = None,
                              batch: int = 50) -> int:
        """Sends every due, unsent reminder once: claims it first (several action servers may poll),
        sends, then marks it sent; a failed send is released and tried again on the next poll."""
        now = now or _now()
        with self.sessions() as session, session.begin():
            due = session.execute(
                select(CounsellingReminder.id).join(CounsellingBooking).where(
                    CounsellingReminder.sent_at.is_(None), CounsellingReminder.due_at <= now,
                    CounsellingReminder.attempts < MAX_REMINDER_ATTEMPTS,
                    CounsellingBooking.status == "booked", CounsellingBooking.starts_at > now,
                    or_(CounsellingReminder.claimed_at.is_(None),
                        CounsellingReminder.claimed_at < now - CLAIM_EXPIRES))
                .order_by(CounsellingReminder.due_at).limit(batch)).scalars().all()
        sent = 0
        for reminder_id in due:
            with self.sessions() as session, session.begin():
                claimed = session.execute(update(CounsellingReminder).where(
                    CounsellingReminder.id == reminder_id, CounsellingReminder.sent_at.is_(None),
                    or_(CounsellingReminder.claimed_at.is_(None),
                        CounsellingReminder.claimed_at < now - CLAIM_EXPIRES)).values(claimed_at=now)).rowcount
            if not claimed:
                continue
            with self.sessions() as session:
                reminder = session.get(CounsellingReminder, reminder_id)
                kind, sender_enc, starts_at = reminder.kind, reminder.sender_enc, reminder.booking.starts_at
            try:
                ok = send(decrypt_text(sender_enc), kind, starts_at)
            except Exception as error:
                logger.warning("counselling reminder not delivered (%s)", type(error).__name__)
                ok = False
            with self.sessions() as session, session.begin():
                values: Dict[str, Any]  # column name -> new value or SQL expression
                if ok:
                    values = {"sent_at": now}
                elif ok is None:   # deferred (she is busy in a form): not a failure, tried again next poll
                    values = {"claimed_at": None}
                else:
                    values = {"claimed_at": None, "attempts": CounsellingReminder.attempts + 1}
                session.execute(update(CounsellingReminder)
                                .where(CounsellingReminder.id == reminder_id).values(**values))
            sent += 1 if ok else 0
        return sent
