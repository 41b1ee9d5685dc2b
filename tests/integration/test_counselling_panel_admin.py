"""The console's counselling data layer against SQLite and a fresh PostgreSQL database: panel edits
(bot.counselling.panel_admin) and the bookings of one India-time day (bot.counselling.day_view)."""
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.counselling.availability import INDIA
from bot.counselling.day_view import DayView
from bot.counselling.panel import MON, TUE, add_counsellor
from bot.counselling.panel_admin import NotFound, PanelAdmin, PanelError, weekly_minutes
from bot.counselling.service import BookingRequest, CounsellingService

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)


def _book(service, slot, **kw):
    values = dict(for_whom="herself", language="hi", chat_language="hi", channel="rest", sender_id="s")
    values.update(kw)
    result = service.book(BookingRequest(**values), slot.key, NOW)
    assert result.outcome == "booked"
    return result


def test_overnight_and_midnight_shifts_are_stored_as_availability_reads_them(database_url):
    panel = PanelAdmin(database_url)
    meena = panel.create("Meena", "मीना", ["hi"])
    panel.add_shift(meena, "0", "23:00", "00:30")      # Monday night into Tuesday
    panel.add_shift(meena, str(TUE), "22:30", "00:00")  # ends exactly at midnight
    row = panel.get(meena)
    assert [(s.weekday, s.start, s.end, s.overnight) for s in row.shifts] == [
        (MON, "23:00", "00:30", True), (TUE, "22:30", "00:00", False)]
    assert weekly_minutes(row) == 90 + 90
    service = CounsellingService(database_url, minutes=45, notice_minutes=60)
    assert [s.local_start.strftime("%H:%M") for s in service.free_slots(MONDAY, "hi", NOW)] == ["23:00", "23:45"]
    assert [s.local_start.strftime("%H:%M") for s in service.free_slots(MONDAY + timedelta(days=1), "hi", NOW)] == \
        ["22:30", "23:15"]   # Monday night's 23:45 ends at 00:30: Monday's slot, not Tuesday's
    with pytest.raises(PanelError):
        panel.add_shift(meena, "0", "23:00", "00:30")
    with pytest.raises(NotFound):
        panel.remove_shift(meena, 10 ** 6)
    with pytest.raises(NotFound):
        panel.add_leave(2 ** 40, "2026-12-07")


def test_update_create_and_leave_validate_and_change_nothing_on_bad_input(database_url):
    panel = PanelAdmin(database_url)
    sunita = add_counsellor(database_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")])
    before = panel.list()
    for bad in ([], ["fr"], ["hi", "xx"]):
        with pytest.raises(PanelError):
            panel.update(sunita, bad, True)
    with pytest.raises(PanelError):
        panel.create("Zoë\u0000", "", ["hi"])
    assert panel.list() == before
    panel.update(sunita, ["en", "hi"], False)
    assert panel.get(sunita).languages == ("hi", "en") and not panel.get(sunita).active
    leave = panel.add_leave(sunita, "2026-12-07")
    with pytest.raises(PanelError):
        panel.add_leave(sunita, "2026-12-07")
    panel.remove_leave(sunita, leave)
    assert panel.get(sunita).leave == ()
    assert panel.create("Nazia", "", ["en"]) and panel.get(sunita).first_name == "Sunita"


def test_day_view_uses_india_days_so_a_night_session_after_midnight_is_the_next_day(database_url):
    add_counsellor(database_url, "Meena", "मीना", "hi", [(MON, "22:30", "01:00")])
    service = CounsellingService(database_url, minutes=45, notice_minutes=60)
    tuesday = MONDAY + timedelta(days=1)
    late = [s for s in service.free_slots(tuesday, "hi", NOW) if s.local_start.hour == 0]
    assert late, "the Monday-night shift offers a slot after midnight"
    early = service.free_slots(MONDAY, "hi", NOW)[0]   # 22:30 Monday IST = 17:00 UTC Monday
    after_midnight = _book(service, late[0], contact_mode="callback", phone="+919000000001")
    before_midnight = _book(service, early, sender_id="t")
    view = DayView(database_url)
    assert [r.booking_code for r in view.bookings(MONDAY)] == [before_midnight.booking_code]
    [row] = view.bookings(tuesday)   # 00:00 IST Tuesday is 18:30 UTC Monday
    assert row.booking_code == after_midnight.booking_code and row.local_start.strftime("%H:%M") == "00:00"
    assert row.contact_mode == "callback" and row.has_phone and "phone" not in repr(row).replace("has_phone", "")
    assert view.phone_for(row.id)[1] == "+919000000001"
    assert view.phone_for(view.bookings(MONDAY)[0].id) is None
    service.cancel(before_midnight.booking_code, before_midnight.pin, NOW)
    assert [r.status for r in view.bookings(MONDAY)] == ["cancelled"]


def test_positive_screens_are_counted_per_india_day(database_url):
    service = CounsellingService(database_url)
    service.record_screen(True, "hi")
    service.record_screen(True, "en")
    service.record_screen(False, "hi")
    today = datetime.now(timezone.utc).astimezone(INDIA).date()
    view = DayView(database_url)
    assert view.positive_screens(today) == 2
    assert view.positive_screens(today - timedelta(days=1)) == 0
