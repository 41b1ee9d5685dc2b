"""Free counselling slots: working hours in Asia/Kolkata, midnight, leave, bookings, past times,
nearest first, at most five. Pure functions, no database."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from bot.counselling.availability import (INDIA, MAX_OFFERED, PanelMember, Shift, Slot, free_slots,
                                          parse_slot_key, slot_starts)

MONDAY = date(2026, 12, 7)
TUESDAY = MONDAY + timedelta(days=1)
LONG_AGO = datetime(2026, 1, 1, tzinfo=timezone.utc)


def member(id=1, languages=("hi",), shifts=((0, "10:00", "12:00"),), leave=()):
    def minute(text):
        h, m = text.split(":")
        return int(h) * 60 + int(m)
    return PanelMember(id, f"C{id}", f"क{id}", frozenset(languages),
                       tuple(Shift(w, minute(s), minute(e)) for w, s, e in shifts), frozenset(leave))


def local(day, hh, mm=0):
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=INDIA)


def times(slots):
    return [s.local_start.strftime("%d %H:%M") for s in slots]


def test_whole_sessions_within_the_shift_in_india_time():
    slots = free_slots([member()], MONDAY, "hi", LONG_AGO, 45, {}, limit=100)
    # 10:00-12:00 holds two 45-minute sessions; 11:30 would end after 12:00.
    assert times(slots) == ["07 10:00", "07 10:45"]
    assert slots[0].starts_at == datetime(2026, 12, 7, 4, 30, tzinfo=timezone.utc)  # IST is UTC+5:30


def test_session_length_is_configurable():
    assert len(free_slots([member()], MONDAY, "hi", LONG_AGO, 30, {}, limit=100)) == 4


def test_a_shift_past_midnight_gives_slots_on_the_next_day():
    night = member(shifts=((0, "22:30", "00:45"),))  # Monday night into Tuesday
    assert times(free_slots([night], MONDAY, "hi", LONG_AGO, 45, {}, limit=100)) == ["07 22:30", "07 23:15"]
    assert times(free_slots([night], TUESDAY, "hi", LONG_AGO, 45, {}, limit=100)) == ["08 00:00"]
    # Sunday has no shift of its own and gets nothing from Saturday.
    assert free_slots([night], MONDAY - timedelta(days=1), "hi", LONG_AGO, 45, {}) == []


def test_a_shift_ending_exactly_at_midnight():
    late = member(shifts=((0, "22:30", "00:00"),))
    assert times(free_slots([late], MONDAY, "hi", LONG_AGO, 45, {}, limit=100)) == ["07 22:30", "07 23:15"]
    assert free_slots([late], TUESDAY, "hi", LONG_AGO, 45, {}) == []


def test_leave_day_has_no_slots_and_other_counsellors_still_count():
    on_leave = member(1, leave=[MONDAY])
    other = member(2, shifts=((0, "15:00", "16:00"),))
    assert free_slots([on_leave], MONDAY, "hi", LONG_AGO, 45, {}) == []
    assert times(free_slots([on_leave, other], MONDAY, "hi", LONG_AGO, 45, {})) == ["07 15:00"]
    # Leave on Monday does not touch Tuesday.
    tuesday_shift = member(1, shifts=((1, "10:00", "11:00"),), leave=[MONDAY])
    assert len(free_slots([tuesday_shift], TUESDAY, "hi", LONG_AGO, 45, {})) == 1


def test_leave_cancels_the_shifts_that_start_on_it_night_shifts_included():
    night = member(shifts=((0, "22:30", "01:00"),), leave=[MONDAY])
    assert free_slots([night], MONDAY, "hi", LONG_AGO, 45, {}) == []
    assert free_slots([night], TUESDAY, "hi", LONG_AGO, 45, {}) == []   # Monday's shift, after midnight
    next_day_off = member(shifts=((0, "22:30", "01:00"),), leave=[TUESDAY])
    assert times(free_slots([next_day_off], TUESDAY, "hi", LONG_AGO, 45, {})) == ["08 00:00"]


def test_no_free_slot_when_every_slot_is_booked():
    busy = {1: [(local(MONDAY, 10).astimezone(timezone.utc), 45), (local(MONDAY, 10, 45), 45)]}
    assert free_slots([member()], MONDAY, "hi", LONG_AGO, 45, busy) == []


def test_a_booking_blocks_overlapping_slots_not_just_the_same_start():
    busy = {1: [(local(MONDAY, 10, 30), 45)]}   # e.g. booked before the session length changed
    assert free_slots([member()], MONDAY, "hi", LONG_AGO, 45, busy) == []
    assert free_slots([member()], MONDAY, "hi", LONG_AGO, 45, {2: [(local(MONDAY, 10), 45)]}) != []


def test_never_a_past_time_nor_one_inside_the_notice():
    now = local(MONDAY, 9, 30).astimezone(timezone.utc)
    assert times(free_slots([member()], MONDAY, "hi", now, 45, {}, notice_minutes=60, limit=100)) == ["07 10:45"]
    assert free_slots([member()], MONDAY, "hi", local(MONDAY, 13), 45, {}) == []
    assert free_slots([member()], MONDAY - timedelta(days=7), "hi", now, 45, {}) == []   # a past date


def test_only_counsellors_who_speak_her_language():
    english = member(2, languages=("hi", "en"), shifts=((0, "16:00", "17:00"),))
    assert times(free_slots([member(), english], MONDAY, "en", LONG_AGO, 45, {})) == ["07 16:00"]
    assert free_slots([member()], MONDAY, "en", LONG_AGO, 45, {}) == []


def test_nearest_first_at_most_five_and_one_per_time():
    panel = [member(i, shifts=((0, "08:00", "20:00"),)) for i in (1, 2, 3)]
    slots = free_slots(panel, MONDAY, "hi", LONG_AGO, 45, {})
    assert len(slots) == MAX_OFFERED == 5
    assert [s.starts_at for s in slots] == sorted(s.starts_at for s in slots)
    assert len({s.starts_at for s in slots}) == 5
    assert times(slots)[0] == "07 08:00"


def test_the_first_free_counsellor_takes_a_shared_time():
    panel = [member(1), member(2)]
    busy = {1: [(local(MONDAY, 10), 45)]}
    first = free_slots(panel, MONDAY, "hi", LONG_AGO, 45, busy)[0]
    assert (first.counsellor_id, times([first])) == (2, ["07 10:00"])


def test_part_of_day_and_hour_she_asked_for():
    panel = [member(shifts=((0, "08:00", "21:00"),))]
    evening = free_slots(panel, MONDAY, "hi", LONG_AGO, 45, {}, part_of_day="evening")
    assert all(16 <= s.local_start.hour < 20 for s in evening) and evening
    at_five = free_slots(panel, MONDAY, "hi", LONG_AGO, 45, {}, hour=17)
    assert times(at_five)[0] in ("07 16:45", "07 17:00", "07 17:30")  # the grid runs from 08:00 in 45 min steps
    assert abs(at_five[0].local_start.hour * 60 + at_five[0].local_start.minute - 17 * 60) <= 45
    # Nothing free in the part she named: the rest of the day is offered rather than nothing.
    morning_only = [member(shifts=((0, "09:00", "11:00"),))]
    assert free_slots(morning_only, MONDAY, "hi", LONG_AGO, 45, {}, part_of_day="night")


@pytest.mark.parametrize("key", ["", "x", "3@", "@202612070430", "a@202612070430", "3@2026120704", "3@20261307043O",
                                 "3@202613070430", "1@2@3", "🙏", "'; DROP TABLE x; --", "9" * 5000])
def test_malformed_slot_keys_are_refused(key):
    assert parse_slot_key(key) is None


def test_slot_key_round_trip():
    slot = Slot(7, datetime(2026, 12, 7, 18, 30, tzinfo=timezone.utc), 45)
    assert parse_slot_key(slot.key) == (7, slot.starts_at)


@settings(max_examples=150, deadline=None)
@given(start=st.integers(0, 1439), length=st.integers(1, 1440), minutes=st.sampled_from([30, 45, 60]),
       weekday=st.integers(0, 6))
def test_every_slot_fits_its_shift_and_starts_on_the_day(start, length, minutes, weekday):
    end = (start + length) % 1440
    shift_member = PanelMember(1, "A", "अ", frozenset({"hi"}), (Shift(weekday, start, end),))
    day = MONDAY + timedelta(days=weekday)
    for following in (day, day + timedelta(days=1)):
        for moment in slot_starts(shift_member, following, minutes):
            assert moment.date() == following
            offset = (moment - datetime.combine(day, datetime.min.time(), tzinfo=INDIA)).total_seconds() / 60
            assert start <= offset and offset + minutes <= start + (length if end != start else 1440)
