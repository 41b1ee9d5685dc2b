"""The counselling service against SQLite and a fresh PostgreSQL database: booking, the database
rule that two people never hold the same slot, cancel/reschedule with code and PIN, positive
screens, and reminders that live in the database."""
import logging
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.counselling.availability import INDIA, parse_slot_key
from bot.counselling.codes import find_booking_code
from bot.counselling.panel import MON, TUE, add_counsellor, seed_demo_panel
from bot.counselling.service import BookingRequest, CounsellingService, legacy_reminder
from bot.jobs.scheduled import ScheduledMessages
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text
from bot.store.models import CounsellingBooking, CounsellingReminder, CounsellingScreen, Counsellor, ScheduledMessage

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)   # the Tuesday before


def request(sender="sender-1", **kw):
    values = dict(for_whom="couple", language="hi", chat_language="hi-Latn", channel="rest", sender_id=sender,
                  reminders=True)
    values.update(kw)
    return BookingRequest(**values)


@pytest.fixture
def service(database_url):
    add_counsellor(database_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")])
    add_counsellor(database_url, "Priya", "प्रिया", "hi,en", [(MON, "10:00", "11:30"), (MON, "22:30", "01:00")],
                   leave=[MONDAY + timedelta(days=7)])
    return CounsellingService(database_url, minutes=45, notice_minutes=60)


def rows(url, model, *where):
    with session_factory(url)() as session:
        return session.execute(select(model).where(*where)).scalars().all()


def test_book_gives_code_pin_and_stores_only_what_she_chose(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    result = service.book(request(contact_mode="callback", phone="+919812345678"), slot.key, NOW)
    assert result.outcome == "booked" and find_booking_code(result.booking_code) == result.booking_code
    assert len(result.pin) == 6 and result.slot == slot
    [booking] = rows(database_url, CounsellingBooking)
    assert booking.pin_hash != result.pin and result.pin not in booking.pin_hash
    assert "9812345678" not in booking.phone_enc and decrypt_text(booking.phone_enc) == "+919812345678"
    reminders = rows(database_url, ScheduledMessage)
    assert [(r.kind, r.subject_type, r.subject_id) for r in reminders] == [("counselling_reminder", "booking", booking.id)] * 2
    assert sorted(_due(r) for r in reminders) == [slot.starts_at - timedelta(days=1), slot.starts_at - timedelta(hours=1)]
    assert all("sender-1" not in r.recipient_enc and result.booking_code not in r.payload_enc for r in reminders)
    assert rows(database_url, CounsellingReminder) == []


def _due(row):
    return row.due_at.replace(tzinfo=timezone.utc) if row.due_at.tzinfo is None else row.due_at


def test_reminders_are_opt_in_and_discreet(service, database_url):
    first, second = service.free_slots(MONDAY, "hi", NOW)[:2]
    service.book(request("tg-no", reminders=False), first.key, NOW)
    assert rows(database_url, ScheduledMessage) == []
    booked = service.book(request("tg-yes", chat_language="hi"), second.key, NOW)
    messages = ScheduledMessages(database_url).claim_due("w1", now=second.starts_at)
    assert [m.conversation_id for m in messages] == ["tg-yes", "tg-yes"]
    for message in messages:
        text = message.payload["text"]
        assert booked.booking_code in text and "काउंसलिंग" not in text and "counsel" not in text.lower()
    assert "कल" in messages[0].payload["text"]          # said from the day before: "tomorrow"


def test_same_slot_twice_the_second_gets_fresh_alternatives(service):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    assert service.book(request(), slot.key, NOW).outcome == "booked"
    second = service.book(request("sender-2"), slot.key, NOW)
    assert second.outcome == "taken" and second.booking_code is None
    assert second.alternatives and slot.key not in [s.key for s in second.alternatives]


def test_a_shared_time_goes_to_the_next_free_counsellor(service):
    first = service.free_slots(MONDAY, "hi", NOW)[0]
    service.book(request(), first.key, NOW)
    again = service.free_slots(MONDAY, "hi", NOW)[0]
    assert again.starts_at == first.starts_at and again.counsellor_id != first.counsellor_id


@pytest.mark.parametrize("key", ["", "garbage", "1@209901010430", "999@202612070430", "'; DROP TABLE x; --"])
def test_slots_that_were_never_offered_are_refused(service, key):
    result = service.book(request(), key, NOW)
    assert result.outcome == "unavailable" and result.booking_code is None


def test_past_times_leave_and_hours_outside_shifts_are_refused(service):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    late = slot.starts_at - timedelta(minutes=30)   # she waited: now inside the notice
    assert service.book(request(), slot.key, late).outcome == "unavailable"
    assert service.free_slots(MONDAY - timedelta(days=14), "hi", NOW) == []
    assert service.is_bookable_day(MONDAY - timedelta(days=14), NOW) == "past"
    assert service.is_bookable_day(MONDAY + timedelta(days=365), NOW) == "too_far"
    on_leave = [s for s in service.free_slots(MONDAY + timedelta(days=7), "en", NOW)]
    assert on_leave == []   # Priya, the only English speaker, is on leave that Monday
    # Her leave covers the whole Monday shift, including the part after midnight on Tuesday.
    assert service.free_slots(MONDAY + timedelta(days=8), "en", NOW) == []
    assert service.next_free_day(MONDAY + timedelta(days=7), "en", NOW) == MONDAY + timedelta(days=14)


def test_midnight_slots_belong_to_the_day_they_start(service):
    tuesday = MONDAY + timedelta(days=1)
    slots = service.free_slots(tuesday, "en", NOW)
    assert [s.local_start.strftime("%a %H:%M") for s in slots] == ["Tue 00:00"]
    result = service.book(request(language="en"), slots[0].key, NOW)
    assert result.outcome == "booked"
    assert service.free_slots(tuesday, "en", NOW) == []


def test_cancel_needs_the_pin_and_frees_the_slot(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    booked = service.book(request(), slot.key, NOW)
    wrong = "000000" if booked.pin != "000000" else "111111"
    assert service.cancel(booked.booking_code, wrong, NOW).outcome == "wrong_pin"
    # An unknown code gets the wrong-PIN answer (tests/integration/test_pin_oracle.py measures more).
    assert service.cancel("HC-2345-6789", booked.pin, NOW).outcome == "wrong_pin"
    cancelled = service.cancel(booked.booking_code, booked.pin, NOW)
    assert cancelled.outcome == "ok" and cancelled.status == "cancelled"
    assert rows(database_url, CounsellingReminder) == []       # no reminder for a cancelled session
    again = service.book(request("sender-2"), slot.key, NOW)   # the slot is free again
    assert again.outcome == "booked"
    assert service.lookup(booked.booking_code, booked.pin, NOW).status == "cancelled"


def test_wrong_pins_lock_the_booking(service):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    booked = service.book(request(), slot.key, NOW)
    wrong = "000000" if booked.pin != "000000" else "111111"
    outcomes = [service.lookup(booked.booking_code, wrong, NOW).outcome for _ in range(5)]
    assert outcomes == ["wrong_pin"] * 4 + ["locked"]
    assert service.lookup(booked.booking_code, booked.pin, NOW).outcome == "locked"
    assert service.cancel(booked.booking_code, booked.pin, NOW).outcome == "locked"
    assert service.lookup(booked.booking_code, booked.pin, NOW + timedelta(minutes=31)).outcome == "ok"


def test_reschedule_keeps_code_and_pin_moves_reminders_and_frees_the_old_slot(service, database_url):
    first, second = service.free_slots(MONDAY, "hi", NOW)[:2]
    booked = service.book(request(), first.key, NOW)
    moved = service.reschedule(booked.booking_code, booked.pin, second.key, "sender-1", NOW)
    assert moved.outcome == "booked" and moved.booking_code == booked.booking_code and moved.slot == second
    view = service.lookup(booked.booking_code, booked.pin, NOW)
    assert view.slot.starts_at == second.starts_at and view.status == "booked"
    due = sorted(_due(r) for r in rows(database_url, ScheduledMessage) if r.status == "pending")
    assert due == [second.starts_at - timedelta(days=1), second.starts_at - timedelta(hours=1)]
    assert [r.status for r in rows(database_url, ScheduledMessage)].count("cancelled") == 2
    assert service.book(request("sender-2"), first.key, NOW).outcome == "booked"


def test_reschedule_into_a_taken_slot_offers_alternatives_and_keeps_the_booking(service):
    first, second = service.free_slots(MONDAY, "hi", NOW)[:2]
    mine = service.book(request(), first.key, NOW)
    theirs = service.book(request("sender-2"), second.key, NOW)
    assert theirs.outcome == "booked"
    moved = service.reschedule(mine.booking_code, mine.pin, second.key, "sender-1", NOW)
    assert moved.outcome in ("taken", "unavailable") and moved.alternatives
    assert service.lookup(mine.booking_code, mine.pin, NOW).slot.starts_at == first.starts_at


def test_positive_screen_is_a_flag_without_narrative(service, database_url):
    service.record_screen(True, "hi")
    [screen] = rows(database_url, CounsellingScreen)
    assert screen.positive is True and screen.language == "hi"
    assert {c.name for c in CounsellingScreen.__table__.columns} == {"id", "positive", "language", "created_at"}


def _legacy(database_url, result, sender):
    """Reminders as bookings stored them before they became scheduled messages."""
    with session_factory(database_url)() as session, session.begin():
        booking = session.execute(select(CounsellingBooking).where(
            CounsellingBooking.booking_code == result.booking_code)).scalar_one()
        for kind, before in (("day_before", timedelta(days=1)), ("hour_before", timedelta(hours=1))):
            booking.reminders.append(legacy_reminder(kind, booking.starts_at - before, sender))


def test_reminders_are_sent_once_when_due_and_survive_a_new_service(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    _legacy(database_url, service.book(request("telegram-abc", reminders=False), slot.key, NOW), "telegram-abc")
    sent = []

    def send(sender, kind, starts_at):
        sent.append((sender, kind, starts_at))
        return True

    assert service.deliver_due_reminders(send, NOW) == 0                      # nothing due yet
    day_before = slot.starts_at - timedelta(days=1) + timedelta(minutes=1)
    restarted = CounsellingService(database_url)                             # e.g. after a restart
    assert restarted.deliver_due_reminders(send, day_before) == 1
    assert sent == [("telegram-abc", "day_before", slot.starts_at)]
    assert restarted.deliver_due_reminders(send, day_before) == 0            # never twice
    hour_before = slot.starts_at - timedelta(minutes=59)
    assert restarted.deliver_due_reminders(send, hour_before) == 1
    assert [k for _, k, _ in sent] == ["day_before", "hour_before"]
    assert restarted.deliver_due_reminders(send, slot.starts_at + timedelta(minutes=1)) == 0


def test_a_failed_reminder_is_tried_again(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    _legacy(database_url, service.book(request(reminders=False), slot.key, NOW), "sender-1")
    due = slot.starts_at - timedelta(hours=2)
    calls = []

    def flaky(sender, kind, starts_at):
        calls.append(kind)
        if len(calls) == 1:
            raise ConnectionError("Rasa is restarting")
        return True

    assert service.deliver_due_reminders(flaky, due) == 0
    assert service.deliver_due_reminders(flaky, due) == 1
    assert calls == ["day_before", "day_before"]


def test_a_deferred_reminder_is_not_a_failure(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    _legacy(database_url, service.book(request(reminders=False), slot.key, NOW), "sender-1")
    due = slot.starts_at - timedelta(minutes=30)
    for _ in range(15):   # more polls than the failure limit: she is busy in a form all along
        assert service.deliver_due_reminders(lambda *args: None, due) == 0
    assert service.deliver_due_reminders(lambda *args: True, due) == 2
    assert all(r.attempts == 0 and r.sent_at for r in rows(database_url, CounsellingReminder))


def test_delete_my_data_stops_her_reminders_but_keeps_the_booking(service, database_url):
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    booked = service.book(request("tg-42"), slot.key, NOW)
    other = service.book(request("tg-43"), service.free_slots(MONDAY, "hi", NOW)[0].key, NOW)
    service.forget_sender("tg-42")
    assert ScheduledMessages(database_url).forget_recipient("tg-42") == 2    # what the privacy action does
    due = ScheduledMessages(database_url).claim_due("w1", now=slot.starts_at - timedelta(minutes=30))
    assert [m.conversation_id for m in due] == ["tg-43", "tg-43"]
    assert service.lookup(booked.booking_code, booked.pin, NOW).status == "booked"
    assert other.outcome == "booked"


def test_seed_only_fills_an_empty_panel(database_url):
    assert seed_demo_panel(database_url, today=MONDAY) == 6
    assert seed_demo_panel(database_url, today=MONDAY) == 0
    with session_factory(database_url)() as session:
        assert session.execute(select(func.count(Counsellor.id))).scalar_one() == 6
    service = CounsellingService(database_url)
    assert service.free_slots(MONDAY + timedelta(days=1), "hi", NOW)
    assert service.free_slots(MONDAY + timedelta(days=1), "en", NOW)


# ------------------------------------------------------------------------ concurrency ---------------

BOOKERS = 20


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_many_concurrent_bookings_of_one_slot_exactly_one_wins(service, database_url, caplog):
    """20 sessions book the same slot at the same instant against PostgreSQL."""
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    start = threading.Barrier(BOOKERS)
    results = [None] * BOOKERS

    def book(index):
        own = CounsellingService(database_url, minutes=45, notice_minutes=60)
        start.wait()
        results[index] = own.book(request(f"sender-{index}"), slot.key, NOW)

    with caplog.at_level(logging.INFO, logger="bot.counselling.service"):
        threads = [threading.Thread(target=book, args=(i,)) for i in range(BOOKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    outcomes = [r.outcome for r in results]
    assert outcomes.count("booked") == 1, outcomes
    assert outcomes.count("taken") == BOOKERS - 1
    for result in results:
        if result.outcome == "taken":
            assert result.alternatives and slot.key not in [s.key for s in result.alternatives]
    active = rows(database_url, CounsellingBooking, CounsellingBooking.status == "booked")
    assert [(b.counsellor_id, b.starts_at.astimezone(timezone.utc)) for b in active] == [
        parse_slot_key(slot.key)]
    decided_by_database = sum("concurrent booking" in r.getMessage() for r in caplog.records)
    print(f"\nconcurrency: {BOOKERS} bookers, 1 won, {BOOKERS - 1} got alternatives, "
          f"{decided_by_database} of them were stopped by the unique index itself")


def test_migrations_downgrade_and_upgrade_again(database_url):
    from alembic import command
    from sqlalchemy import inspect
    from bot.store.db import get_engine
    from bot.store.migrate import alembic_config, upgrade
    command.downgrade(alembic_config(database_url), "0002")
    assert "counselling_bookings" not in inspect(get_engine(database_url)).get_table_names()
    upgrade(database_url)
    assert "counselling_bookings" in inspect(get_engine(database_url)).get_table_names()
