"""End to end in headless Chromium: she asks for a person in the web chat, a counsellor logs into the
console, claims, replies, she sees the reply (and an emergency phrase still gets 112/1090), the
counsellor closes and the bot answers again. Measures the relay latency both ways; keeps screenshots
of the console pages in test-artifacts/.

Drives the web/ chat page with minimal selectors (the widget's text box, Enter, text appearing on the
page) so that a rewritten widget needs few changes here.
"""
import json
import os
import statistics
import time
import uuid
from pathlib import Path

import pytest

from bot.console.auth import StaffAuth
from bot.devtools.serve import _serve_web
from bot.devtools.servers import free_port
from bot.handoff.service import WAITING, HandoffService
from bot.jobs.wording import COUNSELLOR_JOINED
from tests.conftest import ROOT
from tests.e2e.conftest import KNOWN_TEXTS

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
PASSWORD = "browser test password"
ROUND_TRIPS = 5


def record_metric(name: str, value) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "console-metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics[name] = value
    path.write_text(json.dumps(metrics, indent=2))


@pytest.fixture(scope="module")
def stack(servers):
    """The session's shared servers with the counsellor console started on them (stopped after this
    module), a counsellor of this module's own, the run command's page server and Chromium."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # in CI this test is the acceptance test: never skip it silently
            pytest.fail("Chromium is not installed (/usr/bin/chromium): the test command must install it")
        pytest.skip("Chromium is not installed (/usr/bin/chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    username = "nandini-" + uuid.uuid4().hex[:6]  # the database is shared: a counsellor of our own
    StaffAuth(servers.database_url).create_user(username, "Nandini (counsellor)", PASSWORD, "counsellor")
    web_port = free_port()
    web = _serve_web(web_port)
    console_log = len(servers.log("console"))
    try:
        console_url = servers.start_console()
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield {"servers": servers, "console": console_url, "browser": browser, "db": servers.database_url,
                   "username": username, "console_log": console_log,
                   "chat": f"http://127.0.0.1:{web_port}/?server=http://127.0.0.1:{servers.rasa_port}"}
            browser.close()
    finally:
        web.shutdown()
        servers.stop_console()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "handoff-e2e-console.log").write_text(servers.log("console")[console_log:])


def _page_has(page, text: str, timeout_ms: int = 30000) -> None:
    # document.body is null for a moment while a page navigates (after a click on a link)
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text, timeout=timeout_ms)


def _say(page, text: str) -> None:
    box = page.locator("#hamari-suraksha-widget").get_by_role("textbox")
    box.fill(text)
    box.press("Enter")


def _response_name(text: str) -> str:
    """The domain response a bubble came from (socket.io splits a text at blank lines)."""
    return next((name for known, (name, _) in KNOWN_TEXTS.items() if text.strip() and text.strip() in known),
                "<unknown>")


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def test_she_talks_to_a_counsellor_and_the_bot_resumes(stack):
    browser = stack["browser"]
    her = browser.new_context().new_page()
    her.goto(stack["chat"])
    her.locator("#hamari-suraksha-widget .hs-launcher").click()  # the widget on the demo page
    her.locator("#hamari-suraksha-widget .hs-note-ok").click()  # the first-open quick-exit note
    time.sleep(1)  # socket.io connects and asks for its session
    # The servers are shared: whoever already waits is ahead of her, and her case is the one new case.
    handoffs = HandoffService(stack["db"])
    before = handoffs.open_handoffs()
    ahead = sum(h.status == WAITING for h in before)
    _say(her, "I want to talk to a counsellor")
    _page_has(her, "May she first see a short summary")
    _say(her, "yes")
    _page_has(her, f"You are number {ahead + 1} in the queue")
    [case] = [h.id for h in handoffs.open_handoffs() if h.id not in {b.id for b in before}]
    _say(her, "My neighbour sends me rude messages at night")

    staff = browser.new_context().new_page()
    staff.goto(stack["console"] + "/login")
    _shot(staff, "login")
    staff.fill("#username", stack["username"])
    staff.fill("#password", PASSWORD)
    staff.click("#login")
    her_case = f'a.open-case[href="/cases/{case}"]'
    staff.wait_for_selector(her_case, timeout=15000)
    _shot(staff, "queue")
    staff.click(her_case)
    _page_has(staff, "My neighbour sends me rude messages at night", 15000)
    staff.click("#claim")
    staff.wait_for_selector("#reply")
    _page_has(staff, "I want to talk to a counsellor", 15000)  # the summary she agreed to share
    _page_has(her, COUNSELLOR_JOINED.en, 15000)                 # she is told at once that a person joined

    to_console, to_her = [], []
    for turn in range(ROUND_TRIPS):
        mine = f"message {turn} from her {uuid.uuid4().hex[:6]}"
        begun = time.monotonic()
        _say(her, mine)
        _page_has(staff, mine, 15000)
        to_console.append(time.monotonic() - begun)
        reply = f"reply {turn} from Nandini {uuid.uuid4().hex[:6]}"
        begun = time.monotonic()
        staff.fill("#reply", reply)
        staff.press("#reply", "Enter")
        _page_has(her, reply, 15000)
        to_her.append(time.monotonic() - begun)
    _shot(staff, "case")
    record_metric("relay_user_to_console_seconds", {"median": round(statistics.median(to_console), 2),
                                                   "max": round(max(to_console), 2), "n": len(to_console)})
    record_metric("relay_counsellor_to_user_seconds", {"median": round(statistics.median(to_her), 2),
                                                      "max": round(max(to_her), 2), "n": len(to_her)})
    assert statistics.median(to_console) < 3 and statistics.median(to_her) < 3

    # The bot stays silent while the counsellor has her, but an emergency phrase still gets the numbers.
    begun = time.monotonic()
    _say(her, "help he is hitting me right now")
    her.wait_for_function("() => /112/.test(document.body.innerText.split('hitting me right now').pop())",
                          timeout=15000)
    record_metric("emergency_reply_during_handoff_seconds", round(time.monotonic() - begun, 2))
    staff.wait_for_selector("#urgent", timeout=15000)

    staff.click("#close")
    _page_has(her, "The counsellor has ended the chat")
    staff.wait_for_url("**/queue")
    _shot(her, "user-chat")

    bubbles = her.locator("#hamari-suraksha-widget .hs-bot").count()
    texts = her.locator("#hamari-suraksha-widget .hs-bot .hs-text").count()
    _say(her, "hello")
    her.wait_for_function("n => document.querySelectorAll('#hamari-suraksha-widget .hs-bot').length >= n + 1", arg=bubbles, timeout=30000)
    # The bot itself answers again (one of its own responses), not just her own words showing on the
    # page. (Known defect, 2026-12-05: after an emergency during the handoff, "hello" gets
    # utter_default instead of the greeting; noted in the stop note, not fixed yet.)
    answered = her.locator("#hamari-suraksha-widget .hs-bot .hs-text").all_inner_texts()[texts:]
    assert any(_response_name(text) != "<unknown>" for text in answered), answered

    for name in ("dashboard", "callbacks"):  # complaints are the officers' (test_officer_desk_browser.py)
        staff.goto(f"{stack['console']}/{name}")
        _shot(staff, name)
    assert "<svg" in staff.goto(stack["console"] + "/dashboard").text()
    # No server log holds what she or the counsellor wrote.
    for name in ("console", "rasa", "actions", "worker"):
        log = stack["servers"].log(name)
        assert "rude messages" not in log and "from Nandini" not in log and "hitting me" not in log, name


def test_saying_no_to_the_summary_still_queues_her_and_the_bot_stays_quiet(stack):
    from bot.handoff.service import HandoffService, is_conversation
    servers = stack["servers"]
    sender = "rest-" + uuid.uuid4().hex[:8]
    asked = servers.say(sender, "mujhe counsellor se baat karni hai")
    assert any("saransh" in (r.get("text") or "") for r in asked)  # romanized Hindi in, romanized Hindi out
    queued = servers.say(sender, "nahi")
    assert any("Queue mein aapka number" in (r.get("text") or "") for r in queued)
    handoff = [h for h in HandoffService(stack["db"]).open_handoffs() if is_conversation(h, sender)][0]
    assert handoff.share_summary is False and handoff.summary_enc is None
    assert servers.say(sender, "hello, koi hai?") == []  # paused: only the counsellor answers now
