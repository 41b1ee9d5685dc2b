"""The feedback loop end to end, on Telegram and WhatsApp (fake platform APIs, the real Rasa server,
action server with its scheduled-message worker, and the counsellor console):

she files and agrees to messages -> an officer marks "action taken" on the console -> the worker
sends her the discreet message (the reference code only) -> the follow-up question comes -> she
answers "no" -> the case is reopened with priority and staff are alerted on Telegram. On WhatsApp
past 24 hours the messages go out as the approved templates. After /exit a Telegram chat gets
nothing. The time from "action taken" to her message is recorded (test-artifacts/e2e-metrics.json).
"""
import re
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select, update

from bot.channels.chat_memory import ButtonTokens
from bot.channels.identity import sender_pseudonym
from bot.console.auth import StaffAuth
from bot.store.db import session_factory
from bot.store.models import ChannelIdentity, Complaint, ScheduledMessage
from tests.e2e.conftest import identify, placeholders, record_metric
from tests.e2e.reporting import REPORTS
from tests.fakes import telegram_updates as u
from tests.fakes import whatsapp_payloads as wa
from tests.shared_servers import STAFF_CHAT_ID, TELEGRAM_SECRET, WHATSAPP_SECRET

pytestmark = pytest.mark.e2e

TG_CHAT = 5512340015
WA_NUMBER = "919811000915"
PASSWORD = "feedback loop officer password"
FORBIDDEN = ("harass", "complaint", "shikayat", "शिकायत", "police", "1090")


@pytest.fixture(scope="module")
def stack(servers):
    username = "officer-" + uuid.uuid4().hex[:6]
    StaffAuth(servers.database_url).create_user(username, "Officer Loop", PASSWORD, "officer")
    url = servers.start_console()
    try:
        yield servers, url, username
    finally:
        servers.stop_console()


# --- her channels --------------------------------------------------------------------------------
def tg_post(servers, payload):
    response = requests.post(servers.url + "/webhooks/telegram/webhook", json=payload, timeout=120,
                             headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert response.status_code == 200


def tg_sent(api, chat_id=TG_CHAT):
    return [c for c in api.calls("sendMessage") if str(c["chat_id"]) == str(chat_id)]


def tg_press(servers, api, payload):
    keyboards = [c["reply_markup"] for c in tg_sent(api) if c.get("reply_markup")]
    token = ButtonTokens.token_for(payload)
    assert token in [row[0]["callback_data"] for row in keyboards[-1]["inline_keyboard"]], payload
    tg_post(servers, u.callback(token, chat_id=TG_CHAT))


def wa_post(servers, body):
    data, header = wa.signed(body, WHATSAPP_SECRET)
    response = requests.post(servers.url + "/webhooks/whatsapp/webhook", data=data, timeout=30,
                             headers={"X-Hub-Signature-256": header, "Content-Type": "application/json"})
    assert response.status_code == 200


def wa_text_of(body):
    if body["type"] == "text":
        return body["text"]["body"]
    if body["type"] == "interactive":
        return body["interactive"]["body"]["text"]
    return ""


def wait_until(check, timeout=90.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("timed out")


# --- the officer's side ----------------------------------------------------------------------------
def officer_session(console_url, username):
    session = requests.Session()
    page = session.get(console_url + "/login", timeout=30).text
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = session.post(console_url + "/login", data={"username": username, "password": PASSWORD, "csrf": token},
                            allow_redirects=False, timeout=30)
    assert response.status_code == 302
    csrf = session.get(console_url + "/dashboard", timeout=30).text.split('data-csrf="', 1)[1].split('"', 1)[0]
    return session, csrf


def mark_action_taken(console_url, username, code):
    session, csrf = officer_session(console_url, username)
    session.post(f"{console_url}/complaints/{code}/assign", data={"csrf": csrf, "to": "me"}, timeout=30)
    started = time.monotonic()
    response = session.post(f"{console_url}/complaints/{code}/status", allow_redirects=False, timeout=30,
                            data={"csrf": csrf, "status": "action_taken", "reason": "Warned him at the station"})
    assert response.status_code == 302
    return started


def complaint(database_url, code):
    with session_factory(database_url)() as session:
        return session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()


def make_due(database_url, code, kind):
    """The follow-up is due FOLLOW_UP_DAYS later: here, now."""
    with session_factory(database_url)() as session, session.begin():
        complaint_id = session.execute(select(Complaint.id).where(Complaint.reference_code == code)).scalar_one()
        changed = session.execute(update(ScheduledMessage).where(
            ScheduledMessage.subject_id == complaint_id, ScheduledMessage.kind == kind,
            ScheduledMessage.status == "pending").values(due_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        assert changed.rowcount == 1


def scheduled_states(database_url, code):
    with session_factory(database_url)() as session:
        complaint_id = session.execute(select(Complaint.id).where(Complaint.reference_code == code)).scalar_one()
        return sorted((row.kind, row.status, row.last_error) for row in session.execute(
            select(ScheduledMessage).where(ScheduledMessage.subject_id == complaint_id)).scalars())


# --- the tests ---------------------------------------------------------------------------------------
def test_telegram_action_taken_message_follow_up_no_reopens_and_after_exit_nothing(stack, telegram_api):
    servers, console_url, username = stack
    api = telegram_api
    texts = REPORTS["en"]
    for step in ("start", "safe", "category", "what", "when", "district", "place", "who"):
        tg_post(servers, u.text(texts[step], chat_id=TG_CHAT))
    tg_press(servers, api, '/inform{"evidence":"screenshots"}')
    tg_press(servers, api, '/inform{"contact_mode":"anonymous"}')
    assert identify(tg_sent(api)[-1]) == ("utter_may_message_telegram", "en")
    tg_press(servers, api, "/affirm")                           # she agrees to messages here
    mark = len(tg_sent(api))
    tg_press(servers, api, "/affirm")                           # the summary is right: file it
    filed = tg_sent(api)[mark:]
    assert [identify(m)[0] for m in filed] == ["utter_report_filed_anonymous", "utter_report_updates_here"]
    code = placeholders(filed[0])["reference_code"]
    assert complaint(servers.database_url, code).updates_consent is True

    mark = len(tg_sent(api))
    started = mark_action_taken(console_url, username, code)
    [update_message] = wait_until(lambda: [m for m in tg_sent(api)[mark:] if code in m["text"]])
    latency = time.monotonic() - started
    record_metric("feedback_action_taken_to_her_message_seconds_telegram", round(latency, 2))
    assert not [w for w in FORBIDDEN if w in update_message["text"].lower()], update_message["text"]

    mark = len(tg_sent(api))
    make_due(servers.database_url, code, "follow_up")
    [question] = wait_until(lambda: [m for m in tg_sent(api)[mark:] if code in m["text"]])
    assert "Has it stopped?" in question["text"] and question.get("reply_markup")
    staff_before = len(api.texts(int(STAFF_CHAT_ID)))
    mark = len(tg_sent(api))
    # Danger now, in her answer: the emergency numbers first (the danger-first policy), then the reopening.
    tg_post(servers, u.text("It got worse, he is hitting me now", chat_id=TG_CHAT))
    answer = wait_until(lambda: len(tg_sent(api)[mark:]) >= 2 and tg_sent(api)[mark:])
    assert [identify(m) for m in answer] == [("utter_emergency", "en"), ("utter_follow_up_reopened", "en")]
    assert "112" in answer[0]["text"] and "1090" in answer[0]["text"]
    row = complaint(servers.database_url, code)
    assert (row.status, row.priority) == ("reopened", True)
    [alert] = wait_until(lambda: api.texts(int(STAFF_CHAT_ID))[staff_before:])
    assert code in alert and "WORSE" in alert and "hitting" not in alert
    assert ("follow_up_reminder", "cancelled", "cancelled") in scheduled_states(servers.database_url, code)

    # /exit: from now on nothing we start reaches this chat, even a new round of "action taken".
    tg_post(servers, u.text("/exit", chat_id=TG_CHAT))
    mark = len(tg_sent(api))
    mark_action_taken(console_url, username, code)
    wait_until(lambda: ("status_update", "cancelled", "do_not_contact") in scheduled_states(servers.database_url, code)
               and scheduled_states(servers.database_url, code))
    time.sleep(6)                                               # a worker poll later: still nothing
    assert tg_sent(api)[mark:] == []


def test_whatsapp_past_24_hours_gets_templates_and_a_no_reopens(stack, whatsapp_api, telegram_api):
    servers, console_url, username = stack
    api = whatsapp_api
    api.register_template("hs_update", "hi", "en")
    api.register_template("hs_follow_up", "hi", "en")
    texts = REPORTS["hi-Latn"]
    steps = [wa.text(WA_NUMBER, texts[s]) for s in ("start", "safe", "category", "what", "when", "district",
                                                    "place", "who")]
    steps += [wa.button_reply(WA_NUMBER, '/inform{"evidence":"screenshots"}', "Screenshots"),
              wa.button_reply(WA_NUMBER, '/inform{"contact_mode":"anonymous"}', "Anonymous")]
    for body in steps:
        before = len(api.sent_to(WA_NUMBER))
        wa_post(servers, body)
        wait_until(lambda: len(api.sent_to(WA_NUMBER)) > before)
        time.sleep(0.5)
    assert identify({"text": wa_text_of(api.sent_to(WA_NUMBER)[-1])}) == ("utter_may_message_whatsapp", "hi-Latn")
    before = len(api.sent_to(WA_NUMBER))
    wa_post(servers, wa.button_reply(WA_NUMBER, "/affirm", "Haan"))
    wait_until(lambda: len(api.sent_to(WA_NUMBER)) > before)
    time.sleep(1)
    before = len(api.sent_to(WA_NUMBER))
    wa_post(servers, wa.button_reply(WA_NUMBER, "/affirm", "Haan"))
    filed = wait_until(lambda: len(api.sent_to(WA_NUMBER)) >= before + 3 and api.sent_to(WA_NUMBER)[before:])
    names = [identify({"text": wa_text_of(b)})[0] for b in filed]
    # WhatsApp cannot delete messages: the code and PIN come with the advice to note them elsewhere.
    assert names == ["utter_report_filed_anonymous", "<unknown>", "utter_report_updates_here"], names
    from bot.channels.whatsapp_texts import NOTE_CODE_ELSEWHERE
    assert wa_text_of(filed[1]) == NOTE_CODE_ELSEWHERE.hi_latn
    code = re.search(r"HS-[2-9A-Z]{4}-[2-9A-Z]{4}", wa_text_of(filed[0])).group(0)

    # More than 24 hours pass without a word from her: Meta accepts only templates now.
    with session_factory(servers.database_url)() as session, session.begin():
        session.execute(update(ChannelIdentity).where(
            ChannelIdentity.sender_pseudonym == sender_pseudonym("whatsapp", WA_NUMBER))
            .values(last_seen_at=datetime.now(timezone.utc) - timedelta(hours=25)))
    api.outside_window(WA_NUMBER)
    rejected_before = len(api.rejected)
    before = len(api.sent_to(WA_NUMBER))
    started = mark_action_taken(console_url, username, code)
    [template] = wait_until(lambda: api.sent_to(WA_NUMBER)[before:])
    record_metric("feedback_action_taken_to_her_message_seconds_whatsapp_template",
                  round(time.monotonic() - started, 2))
    assert template["type"] == "template" and template["template"]["name"] == "hs_update"
    assert template["template"]["language"]["code"] == "en"
    assert template["template"]["components"][0]["parameters"] == [{"type": "text", "text": code}]

    before = len(api.sent_to(WA_NUMBER))
    make_due(servers.database_url, code, "follow_up")
    [question] = wait_until(lambda: api.sent_to(WA_NUMBER)[before:])
    assert question["type"] == "template" and question["template"]["name"] == "hs_follow_up"
    assert api.rejected[rejected_before:] == []                 # never free-form past the window

    api.in_window(WA_NUMBER)                                     # she writes: the window is open again
    staff_before = len(telegram_api.texts(int(STAFF_CHAT_ID)))
    before = len(api.sent_to(WA_NUMBER))
    wa_post(servers, wa.text(WA_NUMBER, "nahi, ab bhi message karta hai"))
    wait_until(lambda: api.sent_to(WA_NUMBER)[before:])
    time.sleep(2)
    answer = api.sent_to(WA_NUMBER)[before:]
    assert [identify({"text": wa_text_of(b)}) for b in answer] == [("utter_follow_up_reopened", "hi-Latn")], answer
    row = complaint(servers.database_url, code)
    assert (row.status, row.priority) == ("reopened", True)
    [alert] = wait_until(lambda: telegram_api.texts(int(STAFF_CHAT_ID))[staff_before:])
    assert code in alert and "message karta" not in alert


@pytest.mark.parametrize("language, ask, no", [("hi", "मेरी शिकायत का क्या हुआ", "नहीं, अभी भी परेशान करता है"),
                                               ("en", "any update on my complaint", "no, not at all")])
def test_she_reopens_at_a_status_check_after_action_was_taken(servers, language, ask, no):
    """On the web widget nothing reaches her later: at her next status check she sees "action taken"
    and is asked whether it has stopped; "no" reopens the case with priority."""
    from bot.complaints.service import ComplaintService
    from tests.e2e.conftest import Chat
    from tests.e2e.reporting import file_anonymous_report
    code, pin, _ = file_anonymous_report(Chat(servers), language)
    assert complaint(servers.database_url, code).updates_consent is False        # never asked over REST
    ComplaintService(url=servers.database_url).set_status(code, "action_taken", changed_by="7", reason="warned")
    chat = Chat(servers)
    chat.say(ask)
    chat.say(code)
    assert chat.replies(pin) == [("utter_status_result", language), ("utter_ask_follow_up_answer", language)]
    assert chat.replies(no) == [("utter_follow_up_reopened", language)]
    row = complaint(servers.database_url, code)
    assert (row.status, row.priority) == ("reopened", True)
