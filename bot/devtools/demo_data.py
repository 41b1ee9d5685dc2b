"""Fills a local database with fictional demo data, so that every console page has something to show:
`python -m bot.devtools.demo_data [--seed 22]` (or `./scripts/run.sh --demo-data`).

It goes through our own services (ComplaintService, FeedbackLoop, CaseWork, CounsellingService,
HandoffService, ScheduledMessages, DeliveryFailures, StaffAuth, AuditLog), so what it writes is
encrypted, pseudonymised and audited exactly as in real use. The services stamp "now"; the demo then
moves each timestamp back to the moment its plan says (the last ~12 weeks), as if it had happened then.

What it makes (bot/devtools/demo_content.py says what the words are): complaints of every category
and status across many of UP's 75 districts (repeat reports naming the same number, "not stopped"
answers to the follow-up, cases she reopened), bookings from a week ago to a week ahead (some
cancelled, some call-backs), handoffs waiting, active and closed, call-back requests, a few undelivered
messages, and demo staff accounts whose passwords are printed once. Every text starts with "[DEMO]",
every number is in a range reserved for fiction. The same seed and "now" give the same data.

Safety: it refuses (exit 2, nothing changed) in the production profile, against a database that
holds any complaint, booking or handoff it did not make, and when a staff account has a demo name.
Run again on its own database it adds nothing and gives the demo accounts new passwords. No message
it schedules is ever sent: each one ends sent, dead or cancelled, so no worker delivers a demo
message into a conversation.
"""
import argparse
import json
import random
import secrets
import sys
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple

from sqlalchemy import delete, func, select, update

from bot import settings
from bot.channels.delivery_failures import OUTSIDE_WINDOW, UNDELIVERABLE, DeliveryFailures
from bot.channels.identity import sender_pseudonym as channel_pseudonym
from bot.complaints.casework import CaseWork
from bot.complaints.categories import CATEGORIES
from bot.complaints.feedback import FeedbackLoop
from bot.complaints.report import ComplaintReport, HarasserDetails
from bot.complaints.service import ComplaintService, reporter_pseudonym
from bot.complaints.statuses import ACTION_TAKEN, CLOSED, IN_PROGRESS, REOPENED
from bot.console.audit import AuditLog
from bot.console.auth import StaffAuth, hash_password
from bot.counselling.panel import seed_demo_panel
from bot.counselling.service import BookingRequest, CounsellingService
from bot.devtools import demo_content as content
from bot.handoff.service import HandoffService, build_summary
from bot.india_time import INDIA
from bot.jobs.scheduled import ScheduledMessages
from bot.lang.districts import UP_DISTRICTS
from bot.store.db import session_factory
from bot.store.init_db import init_db
from bot.store.models import (AppInfo, Complaint, ComplaintNote, CounsellingBooking, CounsellingScreen,
                              DeliveryFailure, FollowUp, Handoff, ScheduledMessage, StaffSession, StaffUser,
                              StatusChange)

MARKER_KEY = "demo_data"
DEFAULT_SEED = 22
DEFAULT_COMPLAINTS = 220
WEEKS = 12
# Tables whose rows are "her" data: one row here that the demo did not make, and it refuses.
OWNED_TABLES: Dict[str, Any] = {"complaints": Complaint, "bookings": CounsellingBooking, "handoffs": Handoff}
# Bigger districts get more complaints (a rough weight, not statistics): the map has light and dark.
BIG = {"Lucknow": 9, "Kanpur Nagar": 7, "Prayagraj": 6, "Varanasi": 6, "Agra": 6, "Ghaziabad": 6,
       "Gautam Buddh Nagar": 5, "Meerut": 5, "Gorakhpur": 5, "Bareilly": 4, "Aligarh": 4, "Moradabad": 4,
       "Jhansi": 3, "Ayodhya": 3, "Saharanpur": 3, "Mathura": 3, "Azamgarh": 2, "Jaunpur": 2, "Sitapur": 2}
CATEGORY_WEIGHTS = {"stalking": 4, "calls_messages": 5, "online": 5, "domestic": 4, "workplace": 2, "public": 3,
                    "other": 1}
CHANNELS = ("socketio", "telegram", "whatsapp")
REACHABLE = ("telegram", "whatsapp")


class RealDataPresent(RuntimeError):
    """The database holds data the demo command did not make (or this is production)."""


@dataclass
class DemoResult:
    loaded: bool                                   # False: it was loaded before, nothing added
    counts: Dict[str, int] = field(default_factory=dict)
    passwords: Dict[str, Tuple[str, str]] = field(default_factory=dict)   # username -> (role, password)
    status_check: Optional[Tuple[str, str]] = None                        # a demo code and PIN to try


def _marker(session) -> Optional[dict]:
    row = session.get(AppInfo, MARKER_KEY)
    return json.loads(row.value) if row is not None else None


def foreign_rows(url: Optional[str] = None) -> Dict[str, int]:
    """Rows of complaints, bookings and handoffs the demo command did not make: every row when it
    never ran here, else those made after it (a higher id than any it made)."""
    with session_factory(url)() as session:
        marker = _marker(session)
        found = {}
        for name, model in OWNED_TABLES.items():
            query = select(func.count()).select_from(model)
            if marker is not None:
                query = query.where(model.id > marker["max_ids"][name])
            found[name] = session.execute(query).scalar_one()
        return {name: count for name, count in found.items() if count}


def refuse_production() -> None:
    if settings.production():
        raise RealDataPresent("HS_PROFILE=production: demo data never goes into a production database.")


def refuse_unless_demo_only(url: Optional[str] = None) -> None:
    refuse_production()
    foreign = foreign_rows(url)
    if foreign:
        listed = ", ".join(f"{count} {name}" for name, count in foreign.items())
        raise RealDataPresent(
            f"This database already holds data the demo command did not make ({listed}). Demo data goes "
            "only into an empty local database, or one it filled itself; nothing was changed. Use another "
            "database, e.g. DATABASE_URL=sqlite:///var/demo.db")


def _india(day_offset: int, hour: int, minute: int, now: datetime) -> datetime:
    day = now.astimezone(INDIA).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), INDIA).astimezone(timezone.utc)


class _Clock:
    """The moment a service should stamp (handoffs take a clock)."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


class DemoLoader:
    def __init__(self, url: Optional[str], seed: int, now: datetime, complaints: int):
        self.url, self.now, self.n_complaints = url, now, complaints
        self.rng = random.Random(seed)
        self.sessions = session_factory(url)
        self.audit = AuditLog(url)
        self.messages = ScheduledMessages(url)
        self.complaints = ComplaintService(url=url)
        self.feedback = FeedbackLoop(url, self.messages, self.complaints)
        self.casework = CaseWork(url)
        self.counselling = CounsellingService(url)
        self.clock = _Clock(now)
        self.handoffs = HandoffService(url, clock=self.clock)
        self.staff: Dict[str, StaffUser] = {}
        self.result = DemoResult(loaded=True)

    # ------------------------------------------------------------------ helpers --------------
    def _audit(self, user: Optional[StaffUser], action: str, object_type: str, object_id, detail: Optional[str],
               at: datetime) -> None:
        self.audit.record(user, action, object_type, object_id, detail, at=at)

    def _past(self, max_days: float) -> datetime:
        """A moment in the last `max_days`, in waking hours in India (07:00-23:00)."""
        moment = self.now - timedelta(days=self.rng.uniform(0.05, max_days))
        local = moment.astimezone(INDIA)
        if local.hour < 7:
            moment += timedelta(hours=7 - local.hour + self.rng.uniform(0, 3))
        return min(moment, self.now - timedelta(minutes=30))

    # ------------------------------------------------------------------ staff ----------------
    def make_staff(self) -> None:
        auth = StaffAuth(self.url)
        with self.sessions() as session:   # someone made an account of such a name by hand: touch nothing
            taken = session.execute(select(StaffUser.username).where(
                StaffUser.username.in_([username for username, _, _ in content.STAFF]))).scalars().all()
        if taken:
            raise RealDataPresent(f"staff accounts named like the demo's exist already ({', '.join(taken)}); "
                                  "nothing was changed")
        for username, name, role in content.STAFF:
            password = _password()
            self.staff[username] = auth.create_user(username, name, password, role)
            self.result.passwords[username] = (role, password)
            self._audit(None, "staff_create", "staff", self.staff[username].id, f"{role} (demo data)", self.now)

    # ------------------------------------------------------------------ complaints -----------
    def _district(self) -> str:
        names = [d.name_en for d in UP_DISTRICTS]
        weights = [BIG.get(name, 1) for name in names]
        return self.rng.choices(names, weights)[0]

    def make_complaints(self) -> None:
        repeat_numbers = [content.fake_number(100 + i) for i in range(8)]   # each named in several reports
        officers = [self.staff["demo.officer"], self.staff["demo.officer2"], self.staff["demo.supervisor"]]
        categories = list(CATEGORY_WEIGHTS)
        for index in range(self.n_complaints):
            # Every category at least once (the first ones), then by weight.
            category = CATEGORIES[index] if index < len(CATEGORIES) else self.rng.choices(
                categories, list(CATEGORY_WEIGHTS.values()))[0]
            self._one_complaint(index, category, repeat_numbers, officers)

    def _one_complaint(self, index: int, category: str, repeat_numbers: List[str],
                       officers: List[StaffUser]) -> None:
        rng = self.rng
        language = rng.choices(("hi", "hi-Latn", "en"), (4, 4, 2))[0]
        channel = rng.choices(CHANNELS, (4, 3, 3))[0]
        filed_at = self._past(WEEKS * 7)
        contact_mode = "callback" if rng.random() < 0.3 else "anonymous"
        sender = f"demo-{channel}-c{index:04d}"
        consent = channel in REACHABLE and rng.random() < 0.7
        harasser = HarasserDetails()
        if rng.random() < 0.3:
            harasser.phones.append(rng.choice(repeat_numbers))          # a repeat report
        elif category in ("calls_messages", "stalking") and rng.random() < 0.6:
            harasser.phones.append(content.fake_number(200 + index))
        if category == "online":
            harasser.handles.append(f"instagram:demo_fake_profile_{rng.randint(1, 12):02d}")
        if rng.random() < 0.4:
            harasser.description = rng.choice(content.HARASSER_DESCRIPTIONS)
        code, pin, pin_hash = self.complaints.new_report_identity(contact_mode)
        report = ComplaintReport(
            reference_code=code, category=category, language=language, channel=channel,
            narrative=content.narrative(rng, category, language), contact_mode=contact_mode, pin_hash=pin_hash,
            callback_phone=content.fake_number(500 + index) if contact_mode == "callback" else None,
            district=self._district(), place=rng.choice(content.PLACES),
            incident_start=(filed_at - timedelta(days=rng.randint(1, 20))).astimezone(INDIA).date(),
            incident_when_text=content.WHEN_TEXTS[language],
            evidence=rng.choice(("screenshots", "recordings", "none", "both")), harasser=harasser,
            reporter_pseudonym=reporter_pseudonym(sender), updates_consent=consent,
            updates_recipient=sender if consent else None)
        filed = self.complaints.file(report, pin)
        if filed.queued:
            raise RuntimeError("the database did not take a demo complaint")
        if pin and self.result.status_check is None:
            self.result.status_check = (code, pin)
        times = [filed_at]
        self._work_on(code, filed_at, consent, officers, times)
        self._backdate_complaint(code, times)

    def _work_on(self, code: str, filed_at: datetime, consent: bool, officers: List[StaffUser],
                 times: List[datetime]) -> None:
        """The officers' work on it, as far as its age allows: taken, in progress, action taken, closed;
        her answer to "has it stopped?" closes it or reopens it with the priority mark."""
        rng = self.rng
        limit = self.now - timedelta(minutes=20)
        stage = rng.choices((0, 1, 2, 3), (2, 3, 4, 3))[0]
        officer = rng.choice(officers)
        at = filed_at + timedelta(hours=rng.uniform(2, 40))
        if stage == 0 or at > limit:
            if rng.random() < 0.3 and at <= limit:   # taken, but nothing done yet
                self._assign(code, officer, at)
            return
        self._assign(code, officer, at)
        self._status(code, IN_PROGRESS, officer, at, times)
        if rng.random() < 0.35:
            note_at = at + timedelta(hours=1)
            note_id = self.casework.add_note(code, officer.id, rng.choice(content.NOTES))
            with self.sessions() as session, session.begin():
                session.execute(update(ComplaintNote).where(ComplaintNote.id == note_id).values(created_at=note_at))
            self._audit(officer, "complaint_note", "complaint", code, f"note {note_id} added", note_at)
        at += timedelta(days=rng.uniform(1, 8))
        if stage == 1 or at > limit:
            return
        self._status(code, ACTION_TAKEN, officer, at, times)
        if consent:   # what the status hook does, at the demo's moment
            self.feedback.schedule_for(code, now=at)
            self._her_answer(code, at, times)
            return
        at += timedelta(days=rng.uniform(2, 10))
        if stage == 3 and at <= limit:
            self._status(code, CLOSED, officer, at, times)
            if rng.random() < 0.1 and at + timedelta(days=3) <= limit:   # an officer opens it again
                self._status(code, REOPENED, officer, at + timedelta(days=3), times)

    def _her_answer(self, code: str, action_at: datetime, times: List[datetime]) -> None:
        asked_at = action_at + timedelta(days=settings.FOLLOW_UP_DAYS)
        answered_at = asked_at + timedelta(hours=self.rng.uniform(1, 60))
        answer = self.rng.choices(("stopped", "not_stopped", "worse", None), (5, 3, 1, 2))[0]
        if answer is None or answered_at > self.now - timedelta(minutes=10):
            return
        result = self.feedback.answer(code, answer, now=answered_at)
        if result is not None and result.status_changed:
            times.append(answered_at)

    def _assign(self, code: str, officer: StaffUser, at: datetime) -> None:
        self.casework.assign(code, officer.id)
        self._audit(officer, "complaint_assign", "complaint", code, f"to staff {officer.id}", at)

    def _status(self, code: str, status: str, officer: StaffUser, at: datetime, times: List[datetime]) -> None:
        old = self.complaints.complaint_by_code(code)
        if self.complaints.set_status(code, status, changed_by=str(officer.id), reason=content.REASONS[status]):
            times.append(at)
            if status != ACTION_TAKEN:   # the hook's cancelling; its scheduling is done at the demo's moment
                self.feedback.on_status_change(code, old.status if old else "", status)
            self._audit(officer, "complaint_status", "complaint", code,
                        f"{old.status if old else '?'} -> {status}", at)

    def _backdate_complaint(self, code: str, times: List[datetime]) -> None:
        """The services wrote "now"; each step moves to the moment of the plan, in order."""
        with self.sessions() as session, session.begin():
            complaint = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
            history = session.execute(select(StatusChange).where(StatusChange.complaint_id == complaint.id)
                                      .order_by(StatusChange.id)).scalars().all()
            for change, at in zip(history, times, strict=True):
                change.changed_at = at
            session.execute(update(Complaint).where(Complaint.id == complaint.id).values(
                created_at=times[0], updated_at=times[-1]))

    # ------------------------------------------------------------------ scheduled messages ---
    def settle_scheduled_messages(self) -> None:
        """No demo message is ever delivered: due ones are marked sent (a few dead, for the Undelivered
        page), later ones cancelled."""
        with self.sessions() as session, session.begin():
            rows = session.execute(select(ScheduledMessage).order_by(ScheduledMessage.id)).scalars().all()
            due = [row for row in rows if row.status == "pending" and row.due_at <= self.now]
            errors = iter(("rasa_unreachable", "whatsapp_131047", "rasa_502"))
            for row in rows:
                row.created_at = min(row.created_at, row.due_at)
                if row.status != "pending":
                    continue
                if row.due_at > self.now:
                    row.status, row.last_error = "cancelled", "demo data: never sent"
                elif row in due[-3:]:   # the three latest could not be delivered
                    row.status, row.attempts = "dead", settings.SCHEDULED_MAX_ATTEMPTS
                    row.last_error = next(errors)
                else:
                    row.status, row.sent_at, row.attempts = "sent", row.due_at, 1

    def make_delivery_failures(self) -> None:
        failures = DeliveryFailures(self.url)
        for index, (channel, error, title) in enumerate([
                ("whatsapp", OUTSIDE_WINDOW, "Re-engagement message"),
                ("whatsapp", OUTSIDE_WINDOW, "Re-engagement message"),
                ("whatsapp", UNDELIVERABLE, "Message undeliverable"),
                ("telegram", 403, "Forbidden: bot was blocked by the user")]):
            failures.record(channel, channel_pseudonym(channel, f"demo-address-{index}"), error, title)
        with self.sessions() as session, session.begin():
            rows = session.execute(select(DeliveryFailure).order_by(DeliveryFailure.id.desc()).limit(4)).scalars()
            for row in rows:
                row.at = self._past(10)

    # ------------------------------------------------------------------ bookings -------------
    def make_bookings(self) -> None:
        seed_demo_panel(self.url, today=self.now.astimezone(INDIA).date())
        rng = self.rng
        made = 0
        for offset in range(-7, 8):
            booked_at = _india(offset - 1, 12, 0, self.now)   # she booked the day before
            day = (self.now.astimezone(INDIA) + timedelta(days=offset)).date()
            for n in range(rng.randint(2, 5)):
                language = rng.choices(("hi", "en"), (3, 1))[0]
                slots = self.counselling.free_slots(day, language, now=booked_at)
                if not slots:
                    continue
                positive = rng.random() < 0.12
                callback = rng.random() < 0.3
                channel = rng.choice(CHANNELS)
                request = BookingRequest(
                    for_whom="herself" if positive else rng.choice(("couple", "family", "herself")),
                    language=language, chat_language=rng.choice(("hi", "hi-Latn", "en")) if language == "hi" else "en",
                    channel=channel, sender_id=f"demo-{channel}-b{offset + 7:02d}{n}",
                    contact_mode="callback" if callback else "chat",
                    phone=content.fake_number(800 + made) if callback else None, screen_positive=positive)
                result = self.counselling.book(request, rng.choice(slots).key, now=booked_at)
                if result.outcome != "booked":
                    continue
                made += 1
                if positive:
                    self.counselling.record_screen(True, request.chat_language)
                if rng.random() < 0.12 and result.booking_code and result.pin:
                    self.counselling.cancel(result.booking_code, result.pin, now=booked_at + timedelta(hours=3))
                with self.sessions() as session, session.begin():
                    session.execute(update(CounsellingBooking).where(
                        CounsellingBooking.booking_code == result.booking_code).values(
                        created_at=booked_at, updated_at=booked_at))
                    if positive:
                        last = session.execute(select(func.max(CounsellingScreen.id))).scalar_one()
                        session.execute(update(CounsellingScreen).where(CounsellingScreen.id == last)
                                        .values(created_at=booked_at))

    # ------------------------------------------------------------------ handoffs -------------
    def make_handoffs(self) -> None:
        rng = self.rng
        counsellors = [self.staff["demo.counsellor"], self.staff["demo.counsellor2"]]
        # In the order they came (the flood limit counts requests after the clock's moment too).
        plan = sorted([("closed", self._past(WEEKS * 7)) for _ in range(45)]) + [
            ("active", self.now - timedelta(minutes=m)) for m in (50, 35, 14)] + [
            ("waiting", self.now - timedelta(minutes=m)) for m in (21, 9, 3)]
        for index, (state, at) in enumerate(plan):
            self.clock.at = at
            trigger = rng.choices(("asked", "emergency", "self_harm", "fallback"), (6, 2, 1, 2))[0]
            if state == "waiting" and index == len(plan) - 2:
                trigger = "emergency"   # the queue shows an urgent case
            channel = rng.choice(CHANNELS)
            language = rng.choice(("hi", "hi-Latn", "en"))
            summary = None
            if rng.random() < 0.6:
                summary = build_summary(rng.choice(CATEGORIES), self._district(), language, trigger,
                                        rng.choice(content.SHARED))
            queued = self.handoffs.request(f"demo-{channel}-h{index:03d}", channel, language, trigger, summary,
                                           since_timestamp=at.timestamp())
            if state == "waiting":
                continue
            counsellor = rng.choice(counsellors)
            self.clock.at = at + timedelta(seconds=rng.uniform(20, 600 if state == "closed" else 120))
            self.handoffs.claim(queued.handoff_id, counsellor)
            self._audit(counsellor, "claim", "handoff", queued.handoff_id, None, self.clock.at)
            if state == "closed":
                self.clock.at += timedelta(minutes=rng.uniform(8, 45))
                self.handoffs.close(queued.handoff_id, counsellor)
                self._audit(counsellor, "close", "handoff", queued.handoff_id, None, self.clock.at)
        self._callbacks(counsellors)

    def _callbacks(self, counsellors: List[StaffUser]) -> None:
        for index, state in enumerate(("waiting", "waiting", "waiting", "taken", "done", "done")):
            self.clock.at = self._past(2 if state != "done" else 20)
            channel = self.rng.choice(CHANNELS)
            handoff_id = self.handoffs.request_callback(f"demo-{channel}-cb{index}", channel,
                                                        self.rng.choice(("hi", "hi-Latn", "en")),
                                                        content.fake_number(900 + index))
            if state == "waiting":
                continue
            counsellor = counsellors[index % 2]
            self.handoffs.take_callback(handoff_id, counsellor)
            self._audit(counsellor, "callback_take", "handoff", handoff_id, None, self.clock.at)
            if state == "done":
                self.clock.at += timedelta(hours=2)
                self.handoffs.close_callback(handoff_id, counsellor)
                self._audit(counsellor, "callback_done", "handoff", handoff_id, None, self.clock.at)

    # ------------------------------------------------------------------ the whole ------------
    def load(self) -> DemoResult:
        self.make_staff()
        self.make_complaints()
        self.make_bookings()
        self.make_handoffs()
        self.settle_scheduled_messages()
        self.make_delivery_failures()
        with self.sessions() as session, session.begin():
            max_ids = {name: session.execute(select(func.max(model.id))).scalar_one() or 0
                       for name, model in OWNED_TABLES.items()}
            counts = {name: session.execute(select(func.count()).select_from(model)).scalar_one()
                      for name, model in OWNED_TABLES.items()}
            counts["follow_up_answers"] = session.execute(select(func.count()).select_from(FollowUp).where(
                FollowUp.answer.is_not(None))).scalar_one()
            session.add(AppInfo(key=MARKER_KEY, value=json.dumps(
                {"max_ids": max_ids, "loaded_at": self.now.isoformat(timespec="seconds")})))
        self._audit(None, "demo_data_loaded", "app", None, "fictional demo data", self.now)
        self.result.counts = counts
        return self.result


def _password() -> str:
    # Random, never derived from the seed (the seed is public); shown once.
    return "demo-" + secrets.token_urlsafe(12)


def _new_demo_passwords(url: Optional[str]) -> Dict[str, Tuple[str, str]]:
    """A second run: the demo accounts get new passwords (the old ones were shown once and are gone)."""
    names = [username for username, _, _ in content.STAFF]
    passwords = {}
    with session_factory(url)() as session, session.begin():
        for user in session.execute(select(StaffUser).where(StaffUser.username.in_(names))).scalars():
            password = _password()
            user.password_hash, user.failed_logins, user.locked_until = hash_password(password), 0, None
            session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
            passwords[user.username] = (user.role, password)
    return passwords


def load_demo_data(url: Optional[str] = None, seed: int = DEFAULT_SEED, now: Optional[datetime] = None,
                   complaints: int = DEFAULT_COMPLAINTS) -> DemoResult:
    """Migrates the database, refuses (RealDataPresent) unless it holds only demo data, then fills it,
    or, when the demo filled it before, only renews the demo accounts' passwords."""
    refuse_production()   # before anything touches the database
    init_db(url)
    refuse_unless_demo_only(url)
    with session_factory(url)() as session:
        loaded_before = _marker(session) is not None
    if loaded_before:
        return DemoResult(loaded=False, passwords=_new_demo_passwords(url))
    return DemoLoader(url, seed, now or datetime.now(timezone.utc), complaints).load()


def report(result: DemoResult, out: Callable[[str], None] = print) -> None:
    if result.loaded:
        out("Demo data loaded (fictional; every text starts with [DEMO]; phone numbers are in Ofcom's drama "
            "range +44 7700 900xxx, reserved for fiction): "
            + ", ".join(f"{count} {name}" for name, count in result.counts.items()))
    else:
        out("Demo data was loaded into this database before: nothing added; the demo accounts have new passwords.")
    out("Demo staff accounts for the console (shown once, for this demo database only):")
    for username, (role, password) in result.passwords.items():
        out(f"  {role:<11} {username:<18} {password}")
    if result.status_check:
        out(f"Try her status check in the chat with the demo code {result.status_check[0]} "
            f"and PIN {result.status_check[1]}.")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same data (default 22)")
    parser.add_argument("--complaints", type=int, default=DEFAULT_COMPLAINTS)
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL")
    args = parser.parse_args(argv)
    try:
        result = load_demo_data(args.database_url, args.seed, complaints=args.complaints)
    except RealDataPresent as refusal:
        print(f"demo data NOT loaded: {refusal}", file=sys.stderr)
        return 2
    report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
