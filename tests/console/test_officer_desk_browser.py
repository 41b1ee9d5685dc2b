"""The officers' desk in headless Chromium (Debian's chromium through Playwright; never `playwright
install`): an officer logs in, finds the priority case first, opens a call-back complaint, downloads
the evidence, reveals the number, changes the status with a reason, adds a note and prints the page
for a police station. The console runs as its own process (`python -m bot.console`) in its own
environment (.venv-console, Python 3.12), as in production; screenshots and the printed PDF land in test-artifacts/.
"""
import os
import subprocess
from pathlib import Path

import pytest
import requests

from bot import settings
from bot.channels.evidence import EvidenceVault
from bot.complaints.outbox import Outbox
from bot.complaints.service import ComplaintService
from bot.complaints.sink import DatabaseSink
from bot.console.auth import StaffAuth
from bot.devtools.serve import CONSOLE_PYTHON
from bot.devtools.servers import free_port
from bot.store.db import session_factory
from bot.store.encryption import encrypt_text
from bot.store.init_db import init_db
from bot.store.models import Contact
from tests.conftest import ROOT
from tests.integration.test_complaint_service import NARRATIVE, SENDER, _report

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
PASSWORD = "officer desk password"
PHOTO = b"\xff\xd8\xff\xe0" + b"a screenshot of his messages " * 40
SAFE_TIMES = "Weekdays 11 am to 1 pm, when he is at work"
REASON = "Harasser traced through the number and warned at PS Gomti Nagar; FIR not wanted by her"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (/usr/bin/chromium): the test command must install it")
        pytest.skip("Chromium is not installed (/usr/bin/chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("officer-desk")
    database_url = f"sqlite:///{tmp / 'hamari.db'}"
    init_db(database_url)
    StaffAuth(database_url).create_user("meera", "Officer Meera", PASSWORD, "officer")
    service = ComplaintService(sink=DatabaseSink(database_url), outbox=Outbox(tmp / "outbox.db"), url=database_url)
    vault = EvidenceVault(database_url, tmp / "evidence")
    vault.store_pending(SENDER, "photo", PHOTO)
    report, _ = _report(service, contact_mode="callback")
    service.file(report, None)
    vault.link_pending(SENDER)
    with session_factory(database_url)() as session, session.begin():
        session.query(Contact).update({Contact.safe_times_enc: encrypt_text(SAFE_TIMES)})
    reopened, pin = _report(service, category="online", district="Agra")
    service.file(reopened, pin)
    service.set_status(reopened.reference_code, "action_taken", reason="Profile taken down")
    service.reopen(reopened.reference_code, "A new fake profile appeared")

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HS_VAR_DIR": str(settings.VAR_DIR),
           "CONSOLE_PORT": str(port), "CONSOLE_HOST": "127.0.0.1", "EVIDENCE_DIR": str(tmp / "evidence"),
           "RASA_API_URL": f"http://127.0.0.1:{free_port()}", "RASA_API_TOKEN": "not-used-here",
           "PYTHONPATH": str(ROOT)}
    log_path = tmp / "console.log"
    with open(log_path, "wb") as log:
        console = subprocess.Popen([str(CONSOLE_PYTHON), "-m", "bot.console"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if console.poll() is not None:
                raise RuntimeError(log_path.read_text(errors="replace")[-3000:])
            subprocess.run(["sleep", "0.5"], check=True)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield {"url": url, "browser": browser, "code": report.reference_code,
                   "priority_code": reopened.reference_code, "log": log_path, "tmp": tmp}
            browser.close()
    finally:
        console.terminate()
        console.wait(timeout=20)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "officer-desk-console.log").write_text(log_path.read_text(errors="replace"))


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"officer-desk-{name}.png"), full_page=True)


def test_an_officer_works_a_complaint_from_login_to_the_printed_page(desk):
    page = desk["browser"].new_context(accept_downloads=True).new_page()
    code = desk["code"]
    page.goto(desk["url"] + "/login")
    page.fill("#username", "meera")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url("**/complaints")
    listed = page.locator("a.open-complaint").all_inner_texts()
    assert listed[0] == desk["priority_code"] and code in listed  # the case she reopened comes first
    assert "PRIORITY" in page.inner_text("table.complaints tbody tr:first-child")
    _shot(page, "list")

    page.click(f"text={code}")
    page.wait_for_selector("#narrative")
    assert page.inner_text("#narrative") == NARRATIVE
    assert SAFE_TIMES in page.inner_text("#safe-times")
    assert "9876543210" not in page.content() and page.locator("#show-number").count() == 0
    with page.expect_download() as download:
        page.click("a.evidence-file")
    saved = desk["tmp"] / "downloaded.jpg"
    download.value.save_as(str(saved))
    assert saved.read_bytes() == PHOTO and download.value.suggested_filename.endswith(".jpg")
    _shot(page, "complaint")

    page.click("#assign-me")
    page.wait_for_selector("#show-number")
    assert page.inner_text("#assigned") == "Officer Meera"
    page.click("#show-number")
    page.wait_for_selector("#phone")
    assert page.inner_text("#phone") == "+919876543210"
    _shot(page, "number")
    page.go_back()
    page.wait_for_selector("#status-form")

    page.select_option("#new-status", "action_taken")
    page.click("#change-status")  # no reason yet: the browser itself refuses (the server does too)
    assert page.eval_on_selector("#reason", "el => !el.checkValidity()")
    page.fill("#reason", REASON)
    page.click("#change-status")
    page.wait_for_function("() => document.querySelector('#complaint-status')?.innerText === 'Action taken'")
    assert REASON in page.inner_text("#history")
    page.fill("#note", "Spoke to her at 11:30; she is safe at her mother's house")
    page.click("#add-note")
    page.wait_for_function("() => document.querySelector('#notes')?.innerText.includes('mother')")
    _shot(page, "worked")

    page.click("#print")  # without the notes
    page.wait_for_url(f"**/complaints/{code}/print?*")
    text = page.inner_text("body")
    assert NARRATIVE in text and code in text and "mother's house" not in text and "9876543210" not in text
    assert page.locator("nav").count() == 0
    _shot(page, "print-screen")
    page.emulate_media(media="print")
    assert page.locator("#print-now").is_hidden()  # the print stylesheet hides the button
    pdf = ARTIFACTS / "officer-desk-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000

    log = desk["log"].read_text(errors="replace")
    assert NARRATIVE not in log and "9876543210" not in log and REASON not in log
