"""The officers' desk in the console: who may see complaints, the complaint page (her words, audited),
her number only on an audited POST, evidence downloads, assignment, status changes with a reason,
encrypted notes, priority and overdue marks, filters and the printable page."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update

from bot.channels.evidence import EvidenceVault
from bot.complaints.outbox import Outbox
from bot.complaints.report import HarasserDetails
from bot.complaints.service import ComplaintService
from bot.complaints.sink import DatabaseSink
from bot.console.app import make_app
from bot.console.audit import AuditLog
from bot.rasa_api import RasaClient
from bot.store.db import session_factory
from bot.store.encryption import encrypt_text
from bot.store.models import Complaint, Contact, EvidenceItem
from tests.console.conftest import login
from tests.integration.test_complaint_service import NARRATIVE, SENDER, _report

CALLBACK_NUMBER = "+919876543210"
SAFE_TIMES = "Subah 10 se 12 ke beech, jab pati office mein hon"
JPEG = b"\xff\xd8\xff\xe0" + b"JFIF evidence bytes " * 50


class Clock:
    """Now, as the console sees it; tests move it forward."""

    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def evidence_dir(tmp_path):
    return tmp_path / "evidence"


@pytest_asyncio.fixture
async def desk(db_url, fake_rasa, staff, clock, evidence_dir):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    client = TestClient(TestServer(make_app(rasa, db_url, clock=clock,
                                            evidence_dir=evidence_dir)))
    await client.start_server()
    yield client
    await rasa.close()
    await client.close()


@pytest.fixture
def service(db_url, tmp_path):
    return ComplaintService(sink=DatabaseSink(db_url), outbox=Outbox(tmp_path / "outbox.db"), url=db_url)


def _file(service, **overrides) -> str:
    report, pin = _report(service, **overrides)
    service.file(report, pin)
    return report.reference_code


def _audit(db_url):
    return [(e.action, e.object_id, e.detail, e.staff_user_id) for e, _ in AuditLog(db_url).recent()]


def _set(db_url, code, **values):
    with session_factory(db_url)() as session, session.begin():
        session.execute(update(Complaint).where(Complaint.reference_code == code).values(**values))


def _row(db_url, code) -> Complaint:
    with session_factory(db_url)() as session:
        return session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()


def _codes_in(page: str):
    return re.findall(r'class="open-complaint">(HS-[A-Z0-9-]+)<', page)


# --- who sees complaints ---------------------------------------------------------------------

def _complaint_routes(app):
    """Every route of the complaint desk (pages, downloads, form targets, any API added later)."""
    routes = []
    for route in app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if route.method in ("GET", "POST") and (path.startswith("/complaints") or path.startswith("/api/complaints")):
            routes.append((route.method, path))
    return routes


@pytest.mark.asyncio
async def test_a_counsellor_is_refused_every_complaint_page_and_the_refusals_are_audited(desk, db_url, service,
                                                                                        staff):
    code = _file(service, contact_mode="callback")
    routes = _complaint_routes(desk.server.app)
    assert len(routes) >= 9  # list, page, print, evidence, phone, assign, status, notes, priority
    _, csrf = await login(desk, "asha")
    for method, path in routes:
        url = path.replace("{code}", code).replace("{evidence}", "1")
        if method == "GET":
            response = await desk.get(url, allow_redirects=False)
        else:
            response = await desk.post(url, data={"csrf": csrf, "status": "closed", "reason": "x", "text": "x",
                                                  "to": "me"}, allow_redirects=False)
        body = await response.text()
        assert response.status == 403, (method, url)
        assert NARRATIVE not in body and "9876543210" not in body
    denied = [(object_id, detail) for action, object_id, detail, who in _audit(db_url)
              if action == "denied" and who == staff["asha"].id]
    assert len(denied) == len(routes)
    assert (code, f"GET /complaints/{code}") in denied
    assert _row(db_url, code).status == "received" and _row(db_url, code).assigned_to is None
    dashboard = await (await desk.get("/dashboard")).text()
    assert 'href="/complaints"' not in dashboard  # no link she cannot use


@pytest.mark.asyncio
async def test_an_officer_lands_on_the_complaints_and_is_refused_the_counselling_pages(desk, db_url, staff):
    response, _ = await login(desk, "meera")
    assert response.headers["Location"] == "/"
    assert (await desk.get("/", allow_redirects=False)).headers["Location"] == "/complaints"
    for url in ("/queue", "/api/queue", "/callbacks", "/bookings"):
        assert (await desk.get(url)).status == 403, url
    denied = [object_id for action, object_id, _, who in _audit(db_url) if action == "denied"]
    assert set(denied) == {"/queue", "/api/queue", "/callbacks", "/bookings"}
    page = await (await desk.get("/complaints")).text()
    assert 'href="/complaints"' in page and 'href="/queue"' not in page and 'href="/bookings"' not in page


@pytest.mark.asyncio
async def test_a_supervisor_creates_an_officer_account(desk):
    _, csrf = await login(desk, "sup")
    staff_page = await (await desk.get("/staff")).text()
    assert '<option value="officer">officer</option>' in staff_page
    response = await desk.post("/staff", data={"csrf": csrf, "username": "priya", "display_name": "Priya",
                                               "password": "a long password", "role": "officer"},
                               allow_redirects=False)
    assert response.status == 302
    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    response, _ = await login(desk, "priya", "a long password")
    assert response.status == 302
    assert (await desk.get("/complaints")).status == 200


# --- the complaint page --------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_an_officer_sees_her_words_and_the_read_is_audited(desk, db_url, service, staff):
    for _ in range(2):  # two earlier reports naming the same number
        _file(service, harasser=HarasserDetails(phones=["+919812345678"]))
    code = _file(service)
    await login(desk, "meera")
    listing = await (await desk.get("/complaints")).text()
    assert code in listing and NARRATIVE not in listing  # the list never shows her words
    response = await desk.get(f"/complaints/{code}")
    page = await response.text()
    assert response.status == 200
    for shown in (NARRATIVE, "Gomti Nagar", "5 din se", "Lucknow", "Stalking / following", "25 Nov 2026",
                  "30 Nov 2026", "+919812345678", "instagram:rohan_x", "college ka senior", "Screenshots",
                  "no file was received", "Anonymous"):
        assert shown in page, shown
    # The number was named by two other reports; the handle by none of them.
    assert re.search(r"\+919812345678</td>\s*<td><a href=\"/complaints\?mentions=\d+\">"
                     r"<strong>2</strong> other reports", page)
    assert "instagram:rohan_x</td>\n      <td>none" in page
    assert ("view_complaint", code, "narrative shown", staff["meera"].id) in _audit(db_url)


@pytest.mark.asyncio
async def test_unknown_and_odd_codes_are_not_found(desk):
    await login(desk, "meera")
    for odd in ("HS-2222-2222", "hs-abcd-efgh", "..%2F..%2Fetc", "HS-2222-2222%27--"):
        assert (await desk.get(f"/complaints/{odd}")).status == 404, odd


@pytest.mark.asyncio
async def test_an_officer_finds_a_complaint_by_the_code_she_reads_out(desk, service):
    code = _file(service)
    await login(desk, "meera")
    typed = code.lower().replace("-", " ")
    response = await desk.get("/complaints", params={"code": typed}, allow_redirects=False)
    assert response.status == 302 and response.headers["Location"] == f"/complaints/{code}"
    missing = await (await desk.get("/complaints", params={"code": "HS-2222-3333"})).text()
    assert "No complaint has the code HS-2222-3333" in missing


# --- her number ------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_her_number_is_never_on_a_get_and_only_the_assigned_officer_or_a_supervisor_reveals_it(
        desk, db_url, service, staff):
    code = _file(service, contact_mode="callback")
    anonymous = _file(service)

    async def every_get_page():
        pages = [f"/complaints/{code}", f"/complaints/{code}/print", f"/complaints/{code}/print?notes=1",
                 "/complaints", "/dashboard", "/audit"]
        return {url: await (await desk.get(url)).text() for url in pages}

    _, csrf = await login(desk, "sup")
    for url, text in (await every_get_page()).items():
        assert "9876543210" not in text, url
    assert (await desk.get(f"/complaints/{code}/phone")).status == 405  # there is no GET for the number

    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    _, csrf = await login(desk, "meera")
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert "not asked" in page and 'id="show-number"' not in page  # not hers yet
    refused = await desk.post(f"/complaints/{code}/phone", data={"csrf": csrf})
    assert refused.status == 403 and "9876543210" not in await refused.text()
    assert ("denied", code, "reveal_phone", staff["meera"].id) in _audit(db_url)

    await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, allow_redirects=False)
    with session_factory(db_url)() as session, session.begin():
        session.execute(update(Contact).values(safe_times_enc=encrypt_text(SAFE_TIMES)))
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert 'id="show-number"' in page and SAFE_TIMES in page and "9876543210" not in page
    shown = await desk.post(f"/complaints/{code}/phone", data={"csrf": csrf})
    text = await shown.text()
    assert shown.status == 200 and CALLBACK_NUMBER in text and SAFE_TIMES in text
    assert shown.headers["Cache-Control"] == "no-store"
    assert ("reveal_phone", code, f"callback number ending {CALLBACK_NUMBER[-4:]} and safe times revealed",
            staff["meera"].id) in _audit(db_url)
    for url, text in (await every_get_page()).items():
        assert "9876543210" not in text, url
    assert (await desk.post(f"/complaints/{anonymous}/phone", data={"csrf": csrf})).status == 403  # not hers
    assert (await desk.post(f"/complaints/{code}/phone", data={})).status == 403  # no CSRF token

    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    _, csrf = await login(desk, "rekha")  # another officer
    assert (await desk.post(f"/complaints/{code}/phone", data={"csrf": csrf})).status == 403
    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    _, csrf = await login(desk, "sup")
    assert CALLBACK_NUMBER in await (await desk.post(f"/complaints/{code}/phone", data={"csrf": csrf})).text()
    reveals = [who for action, object_id, _, who in _audit(db_url) if action == "reveal_phone"]
    assert reveals == [staff["sup"].id, staff["meera"].id]  # newest first; rekha's attempt revealed nothing


# --- evidence --------------------------------------------------------------------------------

def _file_with_evidence(service, db_url, evidence_dir, content: bytes, kind="photo") -> str:
    vault = EvidenceVault(db_url, evidence_dir)
    vault.store_pending(SENDER, kind, content)
    code = _file(service)
    assert vault.link_pending(SENDER) == 1
    return code


def _evidence_ids(db_url, code):
    with session_factory(db_url)() as session:
        rows = session.execute(select(EvidenceItem).join(Complaint).where(Complaint.reference_code == code)
                               .order_by(EvidenceItem.id)).scalars().all()
        return [(row.id, row.storage_ref) for row in rows]


@pytest.mark.asyncio
async def test_evidence_downloads_decrypt_on_the_fly_and_are_audited(desk, db_url, service, staff, evidence_dir):
    code = _file_with_evidence(service, db_url, evidence_dir, JPEG)
    stored = list(evidence_dir.iterdir())
    assert len(stored) == 1 and b"JFIF evidence bytes" not in stored[0].read_bytes()  # encrypted on disk
    declared, (file_id, _) = _evidence_ids(db_url, code)  # what she declared, then the file she sent
    await login(desk, "meera")
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert f'href="/complaints/{code}/evidence/{file_id}"' in page
    assert f"/evidence/{declared[0]}" not in page  # declared without a file: listed, no link

    response = await desk.get(f"/complaints/{code}/evidence/{file_id}")
    assert response.status == 200 and await response.read() == JPEG
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{code}-evidence-{file_id}.jpg"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert ("download_evidence", code, f"evidence {file_id} (photo, image/jpeg, {len(JPEG)} bytes)",
            staff["meera"].id) in _audit(db_url)


@pytest.mark.asyncio
async def test_a_file_that_could_run_in_a_browser_is_served_as_opaque_bytes(desk, db_url, service, evidence_dir):
    html = b"<html><script>alert(document.cookie)</script></html>"
    code = _file_with_evidence(service, db_url, evidence_dir, html, kind="document")
    _, (file_id, _) = _evidence_ids(db_url, code)
    await login(desk, "meera")
    response = await desk.get(f"/complaints/{code}/evidence/{file_id}")
    assert response.status == 200 and await response.read() == html
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.asyncio
async def test_another_complaints_evidence_and_paths_outside_the_vault_are_refused(desk, db_url, service, staff,
                                                                                   evidence_dir):
    other = _file_with_evidence(service, db_url, evidence_dir, JPEG)
    _, (other_file, _) = _evidence_ids(db_url, other)
    code = _file(service)
    [(declared_id, _)] = _evidence_ids(db_url, code)
    # A row whose reference points outside the vault (a tampered database) is not followed either.
    with session_factory(db_url)() as session, session.begin():
        row = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
        row.evidence_items.append(EvidenceItem(kind="photo", storage_ref="file:../../../etc/passwd"))
    (_, _), (bad_id, _) = _evidence_ids(db_url, code)
    await login(desk, "meera")
    for evidence in (str(other_file), str(declared_id), str(bad_id), "..%2F..%2Fetc%2Fpasswd", "-1", "99999"):
        response = await desk.get(f"/complaints/{code}/evidence/{evidence}")
        assert response.status == 404, evidence
        assert await response.read() != JPEG
    denied = [detail for action, object_id, detail, who in _audit(db_url) if action == "denied" and object_id == code]
    assert f"evidence {other_file}: not of this case" in denied
    assert f"evidence {bad_id}: unreadable" in denied
    assert not [a for a in _audit(db_url) if a[0] == "download_evidence"]


# --- working on it ---------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_assignment_officers_take_free_cases_and_supervisors_assign_anyone(desk, db_url, service, staff):
    code = _file(service)
    _, csrf = await login(desk, "meera")
    response = await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, allow_redirects=False)
    assert response.status == 302 and _row(db_url, code).assigned_to == staff["meera"].id
    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)

    _, csrf = await login(desk, "rekha")
    for to in ("me", str(staff["rekha"].id), ""):  # taking a colleague's case, or unassigning it
        assert (await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": to})).status == 403
    assert _row(db_url, code).assigned_to == staff["meera"].id
    assert ("denied", code, "assign", staff["rekha"].id) in _audit(db_url)
    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)

    _, csrf = await login(desk, "sup")
    response = await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": str(staff["rekha"].id)},
                               allow_redirects=False)
    assert response.status == 302 and _row(db_url, code).assigned_to == staff["rekha"].id
    assert ("complaint_assign", code, f"from {staff['meera'].id} to {staff['rekha'].id}", staff["sup"].id) \
        in _audit(db_url)
    # Counsellors do not work complaints.
    refused = await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": str(staff["asha"].id)})
    assert refused.status == 400 and _row(db_url, code).assigned_to == staff["rekha"].id
    await desk.post("/logout", data={"csrf": csrf}, allow_redirects=False)

    _, csrf = await login(desk, "rekha")
    await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": ""}, allow_redirects=False)
    assert _row(db_url, code).assigned_to is None  # she gave it back


@pytest.mark.asyncio
async def test_a_status_change_needs_a_reason_and_she_sees_the_new_status(desk, db_url, service, staff):
    report, pin = _report(service)
    service.file(report, pin)
    code = report.reference_code
    _, csrf = await login(desk, "meera")
    refused = await desk.post(f"/complaints/{code}/status", data={"csrf": csrf, "status": "in_progress",
                                                                  "reason": "Called the station"})
    assert refused.status == 403  # not assigned to her yet
    await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, allow_redirects=False)

    for reason in ("", "   \n "):
        response = await desk.post(f"/complaints/{code}/status", data={"csrf": csrf, "status": "in_progress",
                                                                       "reason": reason})
        assert response.status == 400 and "Write the reason" in await response.text()
    assert service.check_status(code, pin).status == "received"
    assert (await desk.post(f"/complaints/{code}/status", data={"csrf": csrf, "status": "deleted",
                                                                "reason": "x"})).status == 400

    reason = "Spoke to SHO Gomti Nagar; beat constable to visit the college"
    response = await desk.post(f"/complaints/{code}/status", data={"csrf": csrf, "status": "in_progress",
                                                                   "reason": reason}, allow_redirects=False)
    assert response.status == 302
    assert service.check_status(code, pin).status == "in_progress"
    assert ("complaint_status", code, "received -> in_progress", staff["meera"].id) in _audit(db_url)
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert reason in page and "Officer Meera" in page  # the history says who and why
    again = await desk.post(f"/complaints/{code}/status", data={"csrf": csrf, "status": "in_progress",
                                                                "reason": "again"})
    assert again.status == 409
    raw = (db_url.split("sqlite:///", 1)[1])
    with open(raw, "rb") as database:
        assert b"SHO Gomti Nagar" not in database.read()  # the reason is encrypted at rest


@pytest.mark.asyncio
async def test_notes_are_private_and_encrypted_at_rest(desk, db_url, service, staff):
    code = _file(service)
    note = "Her brother-in-law may be involved; call only after 11 am"
    _, csrf = await login(desk, "rekha")  # any officer can add a note, assigned or not
    assert (await desk.post(f"/complaints/{code}/notes", data={"csrf": csrf, "text": "  "})).status == 400
    assert (await desk.post(f"/complaints/{code}/notes", data={"csrf": csrf, "text": "x" * 4001})).status == 400
    response = await desk.post(f"/complaints/{code}/notes", data={"csrf": csrf, "text": note}, allow_redirects=False)
    assert response.status == 302
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert note in page and "Officer Rekha" in page
    with open(db_url.split("sqlite:///", 1)[1], "rb") as database:
        raw = database.read()
    assert note.encode() not in raw and b"brother-in-law" not in raw
    assert any(action == "complaint_note" and object_id == code for action, object_id, _, _ in _audit(db_url))
    assert note not in await (await desk.get(f"/complaints/{code}/print")).text()
    assert note in await (await desk.get(f"/complaints/{code}/print?notes=1")).text()


@pytest.mark.asyncio
async def test_posts_without_the_csrf_token_change_nothing(desk, db_url, service, staff):
    code = _file(service)
    await login(desk, "sup")
    for path, data in (("assign", {"to": str(staff["meera"].id)}), ("status", {"status": "closed", "reason": "x"}),
                       ("notes", {"text": "x"}), ("priority", {})):
        assert (await desk.post(f"/complaints/{code}/{path}", data=data)).status == 403
    row = _row(db_url, code)
    assert (row.assigned_to, row.status) == (None, "received")


@pytest.mark.asyncio
async def test_she_reopens_and_the_case_is_listed_first_with_priority_until_an_officer_clears_it(
        desk, db_url, service, staff, clock):
    code = _file(service)
    later = _file(service)
    _set(db_url, code, created_at=clock.now - timedelta(hours=5))
    service.set_status(code, "action_taken", changed_by=str(staff["meera"].id), reason="Warned him at the station")
    await login(desk, "meera")
    assert _codes_in(await (await desk.get("/complaints")).text()) == [later, code]  # newest first
    assert service.reopen(code, "It has not stopped, he called again yesterday") is True
    listing = await (await desk.get("/complaints")).text()
    assert _codes_in(listing) == [code, later] and "PRIORITY</span>" in listing
    assert _codes_in(await (await desk.get("/complaints?priority=1")).text()) == [code]
    page = await (await desk.get(f"/complaints/{code}")).text()
    assert 'id="priority"' in page and "she (in the chat)" in page and "he called again yesterday" in page

    _, csrf = await login(desk, "meera")
    assert (await desk.post(f"/complaints/{code}/priority", data={"csrf": csrf})).status == 403  # not hers
    _set(db_url, code, assigned_to=staff["meera"].id)
    response = await desk.post(f"/complaints/{code}/priority", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302 and _row(db_url, code).priority is False
    assert ("complaint_priority", code, "priority cleared", staff["meera"].id) in _audit(db_url)
    assert _row(db_url, code).status == "reopened"  # clearing the mark does not close anything


# --- list: filters and overdue -------------------------------------------------------------

@pytest.mark.asyncio
async def test_filters_by_district_category_status_officer_and_the_same_number(desk, db_url, service, staff):
    agra = _file(service, category="online", district="Agra",
                 harasser=HarasserDetails(phones=["+919000000001"]))
    lucknow_online = _file(service, category="online", district="Lucknow",
                           harasser=HarasserDetails(phones=["+919000000001"]))
    lucknow_stalking = _file(service, category="stalking", district="Lucknow",
                             harasser=HarasserDetails(phones=["+919000000002"]))
    _set(db_url, agra, assigned_to=staff["meera"].id)
    _set(db_url, lucknow_stalking, assigned_to=staff["rekha"].id)
    service.set_status(lucknow_stalking, "closed", reason="She confirmed it stopped")
    await login(desk, "meera")

    async def codes(query):
        return set(_codes_in(await (await desk.get("/complaints" + query)).text()))

    assert await codes("?district=Lucknow") == {lucknow_online, lucknow_stalking}
    assert await codes("?category=online&district=Lucknow") == {lucknow_online}
    assert await codes("?status=closed") == {lucknow_stalking}
    assert await codes("?status=received") == {agra, lucknow_online}
    assert await codes(f"?officer={staff['rekha'].id}") == {lucknow_stalking}
    assert await codes("?officer=mine") == {agra}
    assert await codes("?officer=unassigned") == {lucknow_online}
    assert await codes("?status=in_progress") == set()
    # Odd filter values are ignored, not errors.
    for odd in ("?status=%27%3B--", "?from=notadate", "?district=" + "x" * 500, "?officer=1%20OR%201=1",
                "?mentions=abc"):
        assert (await desk.get("/complaints" + odd)).status == 200, odd
    # "Other reports naming it" leads to those reports.
    with session_factory(db_url)() as session:
        row = session.execute(select(Complaint).where(Complaint.reference_code == agra)).scalar_one()
        identifier = next(i.id for i in row.identifiers if i.kind == "phone")
    assert await codes(f"?mentions={identifier}") == {agra, lucknow_online}
    listed = [detail for action, _, detail, _ in _audit(db_url) if action == "list_complaints"]
    assert "1 shown; category=online, district=Lucknow" in listed


@pytest.mark.asyncio
async def test_overdue_cases_are_marked_by_the_clock_and_counted_on_the_dashboard(desk, db_url, service, clock):
    fresh, old, acted, closed, reopened = (_file(service) for _ in range(5))
    for code in (old, acted, closed, reopened):
        _set(db_url, code, created_at=clock.now - timedelta(hours=80))
    service.set_status(acted, "action_taken", reason="Warned")
    service.set_status(closed, "closed", reason="Stopped")
    service.reopen(reopened, "Not stopped")
    await login(desk, "meera")
    listing = await (await desk.get("/complaints")).text()
    assert listing.count("OVERDUE</span>") - 1 == 2  # one in the legend; `old` and `reopened`
    assert set(_codes_in(await (await desk.get("/complaints?overdue=1")).text())) == {old, reopened}
    assert 'id="overdue"' not in await (await desk.get(f"/complaints/{fresh}")).text()
    assert 'id="overdue"' in await (await desk.get(f"/complaints/{old}")).text()
    assert "3 d 8 h" in await (await desk.get(f"/complaints/{old}")).text()  # 80 hours since filing

    clock.now += timedelta(hours=73)  # three days later nobody has touched `fresh` either
    assert set(_codes_in(await (await desk.get("/complaints?overdue=1")).text())) == {fresh, old, reopened}
    dashboard = await (await desk.get("/dashboard")).text()
    assert re.search(r'id="overdue-count">3<', dashboard)
    for status, count in (("received", 2), ("in_progress", 0), ("action_taken", 1), ("closed", 1), ("reopened", 1)):
        assert f'data-status="{status}">{count}<' in dashboard, status


@pytest.mark.asyncio
async def test_the_overdue_threshold_is_a_setting(db_url, service, clock):
    from bot.console.complaints import ComplaintsView, Filters
    code = _file(service)
    _set(db_url, code, created_at=clock.now - timedelta(hours=10))
    assert ComplaintsView(db_url, clock, overdue_hours=8).overdue_count() == 1
    assert ComplaintsView(db_url, clock, overdue_hours=12).overdue_count() == 0
    [row] = ComplaintsView(db_url, clock, overdue_hours=8).list(Filters())
    assert row.overdue and row.age_hours == 10


# --- printing ----------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_the_printable_page_has_what_the_station_needs_and_no_navigation(desk, db_url, service, staff):
    code = _file(service, contact_mode="callback")
    _, csrf = await login(desk, "meera")
    await desk.post(f"/complaints/{code}/notes", data={"csrf": csrf, "text": "internal: husband is a constable"},
                    allow_redirects=False)
    response = await desk.get(f"/complaints/{code}/print")
    page = await response.text()
    assert response.status == 200
    assert "<nav" not in page and 'action="/logout"' not in page and "/static/print.css" in page
    for needed in (code, NARRATIVE, "Lucknow", "Gomti Nagar", "+919812345678", "instagram:rohan_x",
                   "Stalking / following", "Screenshots", "Only through 1090"):
        assert needed in page, needed
    assert "9876543210" not in page and "husband is a constable" not in page
    with_notes = await (await desk.get(f"/complaints/{code}/print?notes=1")).text()
    assert "husband is a constable" in with_notes
    prints = [detail for action, object_id, detail, _ in _audit(db_url) if action == "print_complaint"]
    assert prints == ["with internal notes", "without notes"]


@pytest.mark.asyncio
async def test_action_taken_on_the_desk_schedules_her_discreet_message_only_when_she_agreed(desk, db_url, service):
    from bot.jobs.scheduled import ScheduledMessages
    agreed = _file(service, channel="telegram", updates_consent=True, updates_recipient="her-tg-pseudonym")
    declined = _file(service, channel="telegram")
    _, csrf = await login(desk, "meera")
    for code in (agreed, declined):
        await desk.post(f"/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, allow_redirects=False)
        response = await desk.post(f"/complaints/{code}/status", data={
            "csrf": csrf, "status": "action_taken", "reason": "Warned him at the station"}, allow_redirects=False)
        assert response.status == 302
    [message] = ScheduledMessages(db_url).claim_due("test")
    assert (message.kind, message.conversation_id) == ("status_update", "her-tg-pseudonym")
    assert agreed in message.payload["text"] and "Warned" not in message.payload["text"]
