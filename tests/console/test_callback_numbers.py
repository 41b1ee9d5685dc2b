"""Callback numbers (issue 19): never on a plain GET; one at a time by POST, only for the counsellor
who took the request or a supervisor, audited with what was revealed (the last digits, not the number)."""
import pytest

from bot.console.audit import AuditLog
from bot.handoff.service import HandoffService
from tests.console.conftest import login

NUMBER = "+919876543210"


def _callback(db_url):
    return HandoffService(db_url).request_callback("web-cb", "socketio", "hi", NUMBER)


def _audit(db_url):
    return [(e.action, e.object_id, e.detail, e.staff_user_id) for e, _ in AuditLog(db_url).recent()]


@pytest.mark.asyncio
async def test_the_callbacks_page_shows_no_numbers(console, db_url):
    _callback(db_url)
    await login(console, "asha")
    page = await console.get("/callbacks")
    assert page.status == 200 and "9876543210" not in await page.text()


@pytest.mark.asyncio
async def test_only_the_counsellor_who_took_it_sees_the_number_and_it_is_audited(console, db_url, staff):
    case = _callback(db_url)
    _, csrf = await login(console, "asha")
    before = await console.post(f"/callbacks/{case}/phone", data={"csrf": csrf})
    assert before.status == 403  # not taken yet
    assert (await console.post(f"/callbacks/{case}/take", data={"csrf": csrf}, allow_redirects=False)).status == 302
    assert (await console.get(f"/callbacks/{case}/phone")).status == 405  # never on a GET
    shown = await console.post(f"/callbacks/{case}/phone", data={"csrf": csrf})
    assert shown.status == 200 and NUMBER in await shown.text()
    revealed = [a for a in _audit(db_url) if a[0] == "reveal_phone"]
    assert revealed == [("reveal_phone", str(case), "callback number ending 3210", staff["asha"].id)]
    assert not [a for a in _audit(db_url) if a[2] and "9876543210" in a[2]]

    await console.post("/logout", data={"csrf": csrf})
    _, csrf = await login(console, "bina")
    other = await console.post(f"/callbacks/{case}/phone", data={"csrf": csrf})
    assert other.status == 403 and NUMBER not in await other.text()
    assert (await console.post(f"/callbacks/{case}/take", data={"csrf": csrf})).status == 403
    assert (await console.post(f"/callbacks/{case}/done", data={"csrf": csrf})).status == 403
    assert [a for a in _audit(db_url) if a[0] == "denied" and a[3] == staff["bina"].id]


@pytest.mark.asyncio
async def test_a_supervisor_may_see_any_number_and_an_officer_none(console, db_url):
    case = _callback(db_url)
    _, csrf = await login(console, "meera")
    assert (await console.post(f"/callbacks/{case}/phone", data={"csrf": csrf})).status == 403
    await console.post("/logout", data={"csrf": csrf})
    _, csrf = await login(console, "sup")
    shown = await console.post(f"/callbacks/{case}/phone", data={"csrf": csrf})
    assert shown.status == 200 and NUMBER in await shown.text()
