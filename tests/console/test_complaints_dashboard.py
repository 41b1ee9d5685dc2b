"""Complaints list with filters, status changes she sees in her status check, dashboard counts, first supervisor."""
import os
import subprocess

import pytest

from bot.complaints.outbox import Outbox
from bot.complaints.service import ComplaintService
from bot.complaints.sink import DatabaseSink
from bot.console.audit import AuditLog
from bot.devtools.serve import CONSOLE_PYTHON
from bot.handoff.service import HandoffService
from tests.conftest import ROOT
from tests.console.conftest import login
from tests.integration.test_complaint_service import NARRATIVE, _report


@pytest.fixture
def complaints(db_url, tmp_path):
    service = ComplaintService(sink=DatabaseSink(db_url), outbox=Outbox(tmp_path / "outbox.db"), url=db_url)
    filed = []
    for category, district in (("stalking", "Lucknow"), ("online", "Agra"), ("online", "Lucknow")):
        report, pin = _report(service, category=category, district=district)
        service.file(report, pin)
        filed.append((report.reference_code, pin))
    return service, filed


@pytest.mark.asyncio
async def test_filters_and_a_status_change_she_sees(console, db_url, complaints, staff):
    service, filed = complaints
    _, csrf = await login(console, "meera")
    page = await (await console.get("/complaints?category=online&district=Lucknow")).text()
    assert filed[2][0] in page and filed[0][0] not in page and filed[1][0] not in page
    assert NARRATIVE not in page  # the list never shows her words
    page = await (await console.get("/complaints?status=closed")).text()
    assert "No complaints match" in page

    code, pin = filed[1]
    await console.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, allow_redirects=False)
    response = await console.post(f"/complaints/{code}/status",
                                  data={"csrf": csrf, "status": "action_taken", "reason": "Warned him at the station"},
                                  allow_redirects=False)
    assert response.status == 302
    assert service.check_status(code, pin).status == "action_taken"
    entries = [(e.action, e.object_id, e.detail) for e, _ in AuditLog(db_url).recent()]
    assert ("complaint_status", code, "received -> action_taken") in entries


@pytest.mark.asyncio
async def test_dashboard_shows_counts_and_no_personal_data(console, db_url, complaints, staff):
    HandoffService(db_url).request("web-x", "socketio", "hi", "emergency",
                                   {"category": "online", "district": "Agra", "language": "hi",
                                    "trigger": "emergency", "shared": "secret words"})
    await login(console, "asha")
    page = await (await console.get("/dashboard")).text()
    assert page.count("<figure class=\"chart\">") == 7   # the bar charts (the map is tested in test_district_map.py)
    assert "Lucknow" in page and "Online harassment" in page  # district and category counts (by name)
    assert NARRATIVE not in page and "secret words" not in page and "web-x" not in page
    assert "no claimed handoffs yet" in page


def test_create_supervisor_command(tmp_path):
    env = {**os.environ, "HS_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
           "CONSOLE_SUPERVISOR_PASSWORD": "first supervisor pw", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([str(CONSOLE_PYTHON), "-m", "bot.console.create_supervisor", "meera", "--name", "Meera"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    again = subprocess.run([str(CONSOLE_PYTHON), "-m", "bot.console.create_supervisor", "meera"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "taken" in again.stderr
    short = subprocess.run([str(CONSOLE_PYTHON), "-m", "bot.console.create_supervisor", "ravi"], cwd=ROOT,
                           env={**env, "CONSOLE_SUPERVISOR_PASSWORD": "short"}, capture_output=True, text=True,
                           timeout=120)
    assert short.returncode == 1


@pytest.mark.asyncio
async def test_the_dashboard_counts_follow_up_answers_per_district_and_month(console, db_url, staff):
    from bot.complaints.feedback import FeedbackLoop
    service = ComplaintService(url=db_url)
    loop = FeedbackLoop(db_url, complaints=service)
    service.on_status_change = loop.on_status_change
    await login(console, "asha")
    assert "No follow-up question has been asked yet." in await (await console.get("/dashboard")).text()
    codes = []
    for district in ("Agra", "Agra", "Lucknow"):
        report, pin = _report(service, district=district, channel="telegram", updates_consent=True,
                              updates_recipient="tg-her")
        service.file(report, pin)
        service.set_status(report.reference_code, "action_taken")
        codes.append(report.reference_code)
    loop.answer(codes[0], "stopped")
    loop.answer(codes[1], "worse")
    loop.answer(codes[2], "not_stopped")
    page = await (await console.get("/dashboard")).text()
    table = page.split('id="follow-up-answers"', 1)[1].split("</table>", 1)[0]
    rows = [row for row in table.split("<tr>")[2:]]
    assert "Agra" in rows[0] and '"stopped">1<' in rows[0] and '"not_stopped">1<' in rows[0]
    assert "Lucknow" in rows[1] and '"stopped">0<' in rows[1] and '"not_stopped">1<' in rows[1]
    assert all(code not in page for code in codes)          # counts only
