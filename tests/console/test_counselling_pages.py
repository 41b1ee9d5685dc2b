"""Console pages for counselling: bookings of a day (counsellors and supervisors, audited, her number
only on an audited POST) and the panel editor (supervisors only, CSRF, validation, audit), and that
panel edits change what the booking service offers."""
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.console.audit import AuditLog
from bot.counselling.availability import INDIA
from bot.counselling.day_view import DayView
from bot.counselling.panel import MON, add_counsellor
from bot.counselling.panel_admin import PanelAdmin
from bot.counselling.service import BookingRequest, CounsellingService
from tests.console.conftest import login

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)   # the Tuesday before


def _service(db_url):
    return CounsellingService(db_url, minutes=45, notice_minutes=60)


def _book(db_url, day=MONDAY, **kw):
    values = dict(for_whom="couple", language="hi", chat_language="hi-Latn", channel="telegram", sender_id="s-1")
    values.update(kw)
    service = _service(db_url)
    slot = service.free_slots(day, "hi", NOW)[0]
    result = service.book(BookingRequest(**values), slot.key, NOW)
    assert result.outcome == "booked"
    return result


def _actions(db_url):
    return [(entry.action, entry.object_id) for entry, _ in AuditLog(db_url).recent()]


def _sunita(db_url):
    return add_counsellor(db_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")])


@pytest.mark.asyncio
async def test_bookings_page_lists_the_bookings_of_that_day_only(console, db_url):
    _sunita(db_url)
    monday = _book(db_url)
    later = _book(db_url, MONDAY + timedelta(days=7), for_whom="family", sender_id="s-2")
    await login(console, "asha")   # a counsellor may see bookings: she runs the session
    html = await (await console.get(f"/bookings?day={MONDAY.isoformat()}")).text()
    assert monday.booking_code in html and later.booking_code not in html
    assert "Sunita" in html and "Couple (both of them)" in html and "10:00–10:45" in html   # IST, not UTC (04:30)
    html = await (await console.get(f"/bookings?day={(MONDAY + timedelta(days=7)).isoformat()}")).text()
    assert later.booking_code in html and monday.booking_code not in html and "Family" in html
    assert ("view_bookings", MONDAY.isoformat()) in _actions(db_url)


@pytest.mark.asyncio
async def test_bookings_can_be_filtered_by_counsellor(console, db_url):
    _sunita(db_url)
    other = add_counsellor(db_url, "Rekha", "रेखा", "hi", [(MON, "10:00", "12:15")])
    first = _book(db_url)
    second = _book(db_url, sender_id="s-2")   # same time, the other counsellor
    assert {first.slot.counsellor_id, second.slot.counsellor_id} == {1, other}
    await login(console, "asha")
    html = await (await console.get(f"/bookings?day={MONDAY.isoformat()}&counsellor={other}")).text()
    mine = first if first.slot.counsellor_id == other else second
    theirs = second if mine is first else first
    assert mine.booking_code in html and theirs.booking_code not in html


@pytest.mark.asyncio
async def test_bookings_default_to_today_in_india_and_bad_dates_are_answered_politely(console, db_url):
    await login(console, "sup")
    today = datetime.now(timezone.utc).astimezone(INDIA).date()
    response = await console.get("/bookings")
    html = await response.text()
    assert response.status == 200 and f'value="{today.isoformat()}"' in html
    assert f"day={(today - timedelta(days=1)).isoformat()}" in html and f"day={(today + timedelta(days=1)).isoformat()}" in html
    response = await console.get("/bookings?day=2026-13-45&counsellor=<script>")
    assert response.status == 400 and "not a date" in await response.text()


@pytest.mark.asyncio
async def test_her_number_only_on_an_audited_post_with_csrf(console, db_url):
    _sunita(db_url)
    booked = _book(db_url, contact_mode="callback", phone="+919812345678")
    _, csrf = await login(console, "asha")
    html = await (await console.get(f"/bookings?day={MONDAY.isoformat()}")).text()
    assert "9812345678" not in html and "Show number" in html
    [row] = DayView(db_url).bookings(MONDAY)
    assert (await console.post(f"/bookings/{row.id}/phone", data={})).status == 403
    assert (await console.post(f"/bookings/{row.id}/phone", data={"csrf": "forged"})).status == 403
    assert ("show_booking_phone", booked.booking_code) not in _actions(db_url)
    response = await console.post(f"/bookings/{row.id}/phone", data={"csrf": csrf})
    assert response.status == 200 and "+919812345678" in await response.text()
    assert ("show_booking_phone", booked.booking_code) in _actions(db_url)
    assert (await console.post("/bookings/99999/phone", data={"csrf": csrf})).status == 404


@pytest.mark.asyncio
async def test_chat_bookings_have_no_number_to_show(console, db_url):
    _sunita(db_url)
    _book(db_url)
    _, csrf = await login(console, "asha")
    [row] = DayView(db_url).bookings(MONDAY)
    assert (await console.post(f"/bookings/{row.id}/phone", data={"csrf": csrf})).status == 404


@pytest.mark.asyncio
async def test_counsellors_get_403_on_the_panel_and_it_is_audited(console, db_url):
    counsellor_id = _sunita(db_url)
    _, csrf = await login(console, "asha")
    assert (await console.get("/panel")).status == 403
    for path, data in [("/panel", {"first_name": "Mallory", "languages": "hi"}),
                       (f"/panel/{counsellor_id}", {"languages": "en", "active": "1"}),
                       (f"/panel/{counsellor_id}/shifts", {"weekday": "1", "start": "10:00", "end": "11:00"}),
                       (f"/panel/{counsellor_id}/leave", {"day": MONDAY.isoformat()})]:
        response = await console.post(path, data={**data, "csrf": csrf}, allow_redirects=False)
        assert response.status == 403, path
    [row] = PanelAdmin(db_url).list()
    assert row.languages == ("hi",) and len(row.shifts) == 1 and not row.leave
    denied = [object_id for action, object_id in _actions(db_url) if action == "denied"]
    assert len(denied) == 5 and "/panel" in denied
    assert "Counselling panel" not in await (await console.get("/queue")).text()


@pytest.mark.asyncio
async def test_supervisor_edits_change_what_the_booking_service_offers(console, db_url):
    _, csrf = await login(console, "sup")
    assert "Counselling panel" in await (await console.get("/queue")).text()
    service = _service(db_url)
    assert service.free_slots(MONDAY, "hi", NOW) == []

    post = lambda path, **data: console.post(path, data={**data, "csrf": csrf}, allow_redirects=False)
    response = await console.post("/panel", data=[("csrf", csrf), ("first_name", " Kavita "),
                                                  ("first_name_hi", "कविता"), ("languages", "hi")],
                                  allow_redirects=False)
    assert response.status == 302
    [kavita] = PanelAdmin(db_url).list()
    assert (kavita.first_name, kavita.first_name_hi, kavita.languages, kavita.active) == ("Kavita", "कविता", ("hi",), True)
    assert service.free_slots(MONDAY, "hi", NOW) == []   # no shifts yet

    assert (await post(f"/panel/{kavita.id}/shifts", weekday=str(MON), start="10:00", end="11:30")).status == 302
    offered = service.free_slots(MONDAY, "hi", NOW)
    assert [s.local_start.strftime("%H:%M") for s in offered] == ["10:00", "10:45"]
    assert {s.first_name for s in offered} == {"Kavita"}
    assert service.free_slots(MONDAY, "en", NOW) == []

    assert (await post(f"/panel/{kavita.id}/leave", day=MONDAY.isoformat())).status == 302
    assert service.free_slots(MONDAY, "hi", NOW) == []
    assert service.free_slots(MONDAY + timedelta(days=7), "hi", NOW)   # only that Monday is off
    [leave_id] = [leave_id for leave_id, _ in PanelAdmin(db_url).get(kavita.id).leave]
    assert (await post(f"/panel/{kavita.id}/leave/{leave_id}/delete")).status == 302
    assert len(service.free_slots(MONDAY, "hi", NOW)) == 2

    response = await console.post(f"/panel/{kavita.id}", data=[("csrf", csrf), ("languages", "hi"),
                                                               ("languages", "en"), ("active", "1")],
                                  allow_redirects=False)
    assert response.status == 302 and len(service.free_slots(MONDAY, "en", NOW)) == 2
    assert (await post(f"/panel/{kavita.id}", languages="hi")).status == 302   # unticked "active"
    assert service.free_slots(MONDAY, "hi", NOW) == []
    assert (await post(f"/panel/{kavita.id}", languages="hi", active="1")).status == 302

    [shift] = PanelAdmin(db_url).get(kavita.id).shifts
    assert (await post(f"/panel/{kavita.id}/shifts/{shift.id}/delete")).status == 302
    assert service.free_slots(MONDAY, "hi", NOW) == []

    html = await (await console.get("/panel")).text()
    assert "Kavita" in html and "कविता" in html
    actions = [action for action, object_id in _actions(db_url) if object_id == str(kavita.id)]
    for expected in ("panel_add", "panel_add_shift", "panel_add_leave", "panel_remove_leave", "panel_update",
                     "panel_remove_shift"):
        assert expected in actions
    assert ("view_panel", None) in _actions(db_url)


@pytest.mark.asyncio
async def test_panel_posts_need_the_csrf_token(console, db_url):
    counsellor_id = _sunita(db_url)
    await login(console, "sup")
    for token in (None, "forged", ""):
        data = {"weekday": "1", "start": "10:00", "end": "11:00"}
        if token is not None:
            data["csrf"] = token
        assert (await console.post(f"/panel/{counsellor_id}/shifts", data=data)).status == 403
        assert (await console.post("/panel", data={**data, "first_name": "Eve", "languages": "hi"})).status == 403
    [row] = PanelAdmin(db_url).list()
    assert len(row.shifts) == 1


BAD_INPUT = [
    ("/panel", {"first_name": "", "languages": "hi"}, "first name is needed"),
    ("/panel", {"first_name": "Asha", "languages": "fr"}, "session language"),
    ("/panel", {"first_name": "Asha"}, "session language"),
    ("/panel", {"first_name": "<script>alert(1)</script>", "languages": "hi"}, "letters only"),
    ("/panel", {"first_name": "Asha 🙂", "languages": "hi"}, "letters only"),
    ("/panel", {"first_name": "x" * 200, "languages": "hi"}, "too long"),
    ("/panel/{id}", {"languages": "xx", "active": "1"}, "session language"),
    ("/panel/{id}/shifts", {"weekday": "9", "start": "10:00", "end": "11:00"}, "day of the week"),
    ("/panel/{id}/shifts", {"weekday": "1", "start": "25:00", "end": "11:00"}, "start must be a time"),
    ("/panel/{id}/shifts", {"weekday": "1", "start": "10:00", "end": "'; DROP TABLE counsellors;--"}, "end must be a time"),
    ("/panel/{id}/shifts", {"weekday": "1", "start": "10:00", "end": "10:00"}, "different time"),
    ("/panel/{id}/shifts", {"weekday": "0", "start": "10:00", "end": "12:15"}, "already on the panel"),
    ("/panel/{id}/leave", {"day": "tomorrow"}, "date like"),
    ("/panel/{id}/leave", {"day": "2026-02-30"}, "date like"),
    ("/panel/{id}/leave", {"day": MONDAY.isoformat()}, "already on the panel"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("path, data, message", BAD_INPUT)
async def test_bad_panel_input_is_a_400_with_a_reason_and_changes_nothing(console, db_url, path, data, message):
    counsellor_id = add_counsellor(db_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")], leave=[MONDAY])
    before = PanelAdmin(db_url).list()
    _, csrf = await login(console, "sup")
    response = await console.post(path.format(id=counsellor_id), data={**data, "csrf": csrf}, allow_redirects=False)
    assert response.status == 400
    assert message in await response.text()
    assert PanelAdmin(db_url).list() == before
    assert "panel_rejected" in [action for action, _ in _actions(db_url)]


@pytest.mark.asyncio
async def test_unknown_counsellor_shift_or_leave_is_404(console, db_url):
    counsellor_id = _sunita(db_url)
    _, csrf = await login(console, "sup")
    for path in ("/panel/999", "/panel/999/shifts", "/panel/99999999999999999999/leave",
                 f"/panel/{counsellor_id}/shifts/999/delete", f"/panel/{counsellor_id}/leave/999/delete",
                 f"/panel/{counsellor_id}/leave/abc/delete"):
        response = await console.post(path, data={"csrf": csrf, "languages": "hi", "weekday": "1", "start": "10:00",
                                                  "end": "11:00", "day": MONDAY.isoformat()})
        assert response.status == 404, path
    assert len(PanelAdmin(db_url).list()) == 1


@pytest.mark.asyncio
async def test_a_counsellor_sends_the_session_link_through_the_scheduled_message_service(console, db_url):
    from bot.jobs.scheduled import ScheduledMessages
    from bot.jobs.wording import SESSION_LINK
    _sunita(db_url)
    chat = _book(db_url, sender_id="tg-her-chat")
    call = _book(db_url, sender_id="tg-other", contact_mode="callback", phone="+919876543210")
    [chat_id] = [r.id for r in DayView(db_url).bookings(MONDAY) if r.booking_code == chat.booking_code]
    [call_id] = [r.id for r in DayView(db_url).bookings(MONDAY) if r.booking_code == call.booking_code]
    _, csrf = await login(console, "asha")
    page = await (await console.get(f"/bookings?day={MONDAY.isoformat()}")).text()
    assert f'action="/bookings/{chat_id}/link"' in page and f'action="/bookings/{call_id}/link"' not in page

    for bad in ("http://meet.example.org/x", "javascript:alert(1)", "https://", "https://a b.org"):
        response = await console.post(f"/bookings/{chat_id}/link", data={"csrf": csrf, "link": bad})
        assert response.status == 400
    assert (await console.post(f"/bookings/{call_id}/link", data={"csrf": csrf, "link": "https://x.org"})).status == 404
    link = "https://meet.example.org/abc-defg-hij"
    response = await console.post(f"/bookings/{chat_id}/link", data={"csrf": csrf, "link": link},
                                  allow_redirects=False)
    assert response.status == 302
    [message] = ScheduledMessages(db_url).claim_due("w1")
    assert (message.kind, message.channel, message.conversation_id) == ("session_link", "telegram", "tg-her-chat")
    assert message.payload["text"] == SESSION_LINK.hi_latn.format(code=chat.booking_code, day="07.12.2026",
                                                                  time=chat.slot.local_start.strftime("%H:%M"),
                                                                  link=link)
    assert ("send_session_link", chat.booking_code) in _actions(db_url)
    assert link not in str([entry.detail for entry, _ in AuditLog(db_url).recent()])


@pytest.mark.asyncio
async def test_after_delete_my_data_no_link_can_reach_her(console, db_url):
    _sunita(db_url)
    chat = _book(db_url, sender_id="tg-her-chat")
    assert _service(db_url).forget_sender("tg-her-chat") == 0          # no reminders: she did not opt in
    [row] = [r for r in DayView(db_url).bookings(MONDAY) if r.booking_code == chat.booking_code]
    assert not row.can_send_link
    _, csrf = await login(console, "asha")
    response = await console.post(f"/bookings/{row.id}/link", data={"csrf": csrf, "link": "https://x.org/a"})
    assert response.status == 404
