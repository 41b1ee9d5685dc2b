"""WhatsApp end to end: the real Rasa server and action server with the WhatsApp channel on,
pointed at the fake Graph API; signed webhook bodies posted over HTTP; replies read back from the
fake. Afterwards neither the tracker store nor our database holds any of the phone numbers."""
import base64
import json
import sqlite3
import time

import pytest
import requests
from sqlalchemy import inspect, text as sql

from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.identity import sender_pseudonym
from bot.rasa_api import bearer_token
from bot.settings import rasa_api_token
from bot.store.db import get_engine
from bot.store.encryption import decrypt_text
from bot.channels.whatsapp_texts import CHAT_STAYS_ON_PHONE
from tests.conftest import ROOT, require_shared_payloads, shared_payloads
from tests.e2e.conftest import identify
from tests.fakes import whatsapp_payloads as wa
from tests.shared_servers import WHATSAPP_SECRET as SECRET, WHATSAPP_VERIFY as VERIFY

pytestmark = pytest.mark.e2e

HINDI, HINGLISH, ENGLISH, LATE, TAPPER = ("919811000001", "919811000002", "919811000003", "919811000004",
                                          "919811000005")
SHARED_FILES = shared_payloads("whatsapp")
SHARED_NUMBERS = ["919800000000", "919800000001", "919800000002", "919800000003"]


@pytest.fixture(scope="module")
def api(whatsapp_api):
    """The session's fake Graph API (the shared Rasa server's WhatsApp channel talks to it)."""
    return whatsapp_api


@pytest.fixture(scope="module")
def marks(servers, whatsapp_api):
    """Where the Rasa log and the fake's refusals stood when this module began: its checks of them
    read what this module caused (the servers are shared with the rest of the session)."""
    return {"log": len(servers.log("rasa")), "rejected": len(whatsapp_api.rejected)}


@pytest.fixture(scope="module")
def wa_servers(servers, marks):
    """The session's shared servers, WhatsApp channel on."""
    return servers


def webhook(servers) -> str:
    return servers.url + "/webhooks/whatsapp/webhook"


def post(servers, body: dict, secret: str = SECRET) -> int:
    data, header = wa.signed(body, secret)
    return requests.post(webhook(servers), data=data, timeout=30,
                         headers={"X-Hub-Signature-256": header, "Content-Type": "application/json"}).status_code


NOTICES = set(CHAT_STAYS_ON_PHONE.by_language().values())


def is_notice(body: dict) -> bool:
    """The one-time line, after her first turn, that the chat stays on her phone."""
    return body.get("type") == "text" and body["text"]["body"] in NOTICES


def replies(api, address: str, before: int, count: int, settle: float = 1.0):
    """The bot's messages sent to `address` after the first `before`, once `count` arrived (and no
    more), without the one-time notice."""
    api.wait_for(before + count, address, timeout=90)
    time.sleep(settle)
    return [body for body in api.sent_to(address)[before:] if not is_notice(body)]


def named(body: dict):
    text = body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"]
    return identify({"text": text})


def test_handshake_over_http(wa_servers):
    ok = requests.get(webhook(wa_servers), params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                                   "hub.challenge": "1158201444"}, timeout=10)
    assert (ok.status_code, ok.text) == (200, "1158201444") and ok.headers["content-type"].startswith("text/plain")
    wrong = requests.get(webhook(wa_servers), params={"hub.mode": "subscribe", "hub.verify_token": "nope",
                                                      "hub.challenge": "1158201444"}, timeout=10)
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


def test_bad_signature_is_refused_and_nothing_sent(wa_servers, api):
    assert post(wa_servers, wa.text(HINDI, "नमस्ते"), secret="wrong") == 403
    time.sleep(2)
    assert api.sent_to(HINDI) == []


@pytest.mark.parametrize("address, greeting, language, label", [
    (HINDI, "नमस्ते", "hi", "विकल्प चुनें"), (HINGLISH, "namaste ji", "hi-Latn", "Vikalp chunein"),
    (ENGLISH, "hello there", "en", "Choose an option")])
def test_greeting_gets_her_language_and_the_menu_as_a_list(wa_servers, api, marks, address, greeting, language,
                                                           label):
    before = len(api.sent_to(address))
    assert post(wa_servers, wa.text(address, greeting)) == 200
    greet, menu = replies(api, address, before, 2)
    assert named(greet) == ("utter_greet", language) and named(menu) == ("utter_menu", language)
    # Her first turn: the notice comes after the bot's answer, in her language, once.
    assert api.sent_to(address)[-1]["text"]["body"] == CHAT_STAYS_ON_PHONE.pick(language)
    assert menu["interactive"]["type"] == "list" and menu["interactive"]["action"]["button"] == label
    assert api.rejected[marks["rejected"]:] == []


def test_list_row_tap_and_typed_number_pick_menu_items(wa_servers, api):
    before = len(api.sent_to(HINDI))
    menu = [body for body in api.sent_to(HINDI) if not is_notice(body)][-1]
    rows = menu["interactive"]["action"]["sections"][0]["rows"]
    online_safety = next(r for r in rows if r["id"] == "/online_safety_menu")
    post(wa_servers, wa.list_reply(HINDI, online_safety["id"], online_safety["title"]))
    (topics,) = replies(api, HINDI, before, 1)
    assert named(topics) == ("utter_online_safety_topics", "hi") and topics["interactive"]["type"] == "list"
    # English: she types the row's number instead of tapping.
    menu = [body for body in api.sent_to(ENGLISH) if not is_notice(body)][-1]
    number = [r["id"] for r in menu["interactive"]["action"]["sections"][0]["rows"]].index("/online_safety_menu") + 1
    before = len(api.sent_to(ENGLISH))
    post(wa_servers, wa.text(ENGLISH, str(number)))
    (topics,) = replies(api, ENGLISH, before, 1)
    assert named(topics) == ("utter_online_safety_topics", "en")


def test_three_choices_are_buttons_and_a_tap_sends_the_payload(wa_servers, api):
    before = len(api.sent_to(HINGLISH))
    post(wa_servers, wa.text(HINGLISH, "bhasha badlo"))
    (ask,) = replies(api, HINGLISH, before, 1)
    assert named(ask) == ("utter_ask_language", "hi-Latn") and ask["interactive"]["type"] == "button"
    english = next(b["reply"] for b in ask["interactive"]["action"]["buttons"] if b["reply"]["title"] == "English")
    before = len(api.sent_to(HINGLISH))
    post(wa_servers, wa.button_reply(HINGLISH, english["id"], english["title"]))
    api.wait_for(before + 1, HINGLISH, timeout=60)
    time.sleep(1)
    after = [named(b) for b in api.sent_to(HINGLISH)[before:]]
    assert after and all(language == "en" for _, language in after), after


def test_emergency_comes_first_and_a_voice_note_asks_her_to_type(wa_servers, api):
    before = len(api.sent_to(TAPPER))
    post(wa_servers, wa.text(TAPPER, "bachao koi mera picha kar raha hai"))
    first = replies(api, TAPPER, before, 1)[0]
    assert named(first) == ("utter_emergency", "hi-Latn")
    assert api.sent_to(TAPPER)[before] == first   # the numbers first, before any notice
    before = len(api.sent_to(TAPPER))
    post(wa_servers, wa.media(TAPPER, "audio"))
    (please_type,) = replies(api, TAPPER, before, 1)
    assert named(please_type) == ("utter_please_type", "hi-Latn")


def test_a_redelivered_message_is_answered_once(wa_servers, api):
    body = wa.text(ENGLISH, "hello there")
    before = len(api.sent_to(ENGLISH))
    assert post(wa_servers, body) == 200 and post(wa_servers, body) == 200
    assert len(replies(api, ENGLISH, before, 2, settle=3.0)) == 2


def test_outside_the_24_hour_window_is_surfaced_to_staff(wa_servers, api):
    api.outside_window(LATE)
    post(wa_servers, wa.text(LATE, "hello there"))
    post(wa_servers, wa.status(HINDI, "failed", code=131047, title="Re-engagement message"))
    deadline = time.monotonic() + 60
    wanted = {sender_pseudonym("whatsapp", LATE), sender_pseudonym("whatsapp", HINDI)}
    while time.monotonic() < deadline:
        failures = DeliveryFailures(wa_servers.database_url).recent()
        if wanted <= {f.sender_pseudonym for f in failures if f.error_code == 131047}:
            break
        time.sleep(0.5)
    else:
        pytest.fail("131047 failures not recorded")
    assert api.sent_to(LATE) == []


def test_counsellor_message_reaches_her_through_the_http_api(wa_servers, api):
    sender = sender_pseudonym("whatsapp", HINDI)
    before = len(api.sent_to(HINDI))
    assert post(wa_servers, wa.text(HINDI, "नमस्ते")) == 200  # her latest message came on WhatsApp
    replies(api, HINDI, before, 1, settle=3.0)  # the bot's answer to it, all of it
    before = len(api.sent_to(HINDI))
    response = requests.post(
        f"{wa_servers.url}/conversations/{sender}/tracker/events",
        params={"output_channel": "latest", "execute_side_effects": "true"},
        headers={"Authorization": f"Bearer {bearer_token(rasa_api_token())}"},
        json=[{"event": "bot", "text": "नमस्ते, मैं काउंसलर हूँ।"}], timeout=30)
    assert response.status_code == 200, response.text
    (sent,) = replies(api, HINDI, before, 1)
    assert sent["text"]["body"] == "नमस्ते, मैं काउंसलर हूँ।"


def test_every_shared_payload_is_accepted(wa_servers, api, marks):
    require_shared_payloads("whatsapp")
    before = len(api.sent_to("919800000001"))
    for path in SHARED_FILES:
        data = path.read_bytes()
        response = requests.post(webhook(wa_servers), data=data, timeout=30,
                                 headers={"X-Hub-Signature-256": wa.sign(SECRET, data)})
        assert response.status_code == 200, path.name
    api.wait_for(before + 1, "919800000001", timeout=90)
    api.wait_quiet(quiet=8)  # every background turn finished before the stores are searched
    assert "Traceback" not in wa_servers.log("rasa")[marks["log"]:]


def _tracker_dump(servers) -> str:
    rows = []
    with sqlite3.connect(servers.log_dir / "tracker.db") as db:
        for table, in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    rows.append(str(value))
                    if isinstance(value, str) and value.startswith("gAAAA"):
                        data = decrypt_text(value)  # the events' data, decrypted and unescaped
                        try:
                            data = json.dumps(json.loads(data), ensure_ascii=False)
                        except ValueError:
                            pass
                        rows.append(data)
    return "\n".join(rows)


def _database_dump(servers) -> str:
    engine = get_engine(servers.database_url)
    with engine.connect() as connection:
        return "\n".join(repr(tuple(row)) for table in inspect(engine).get_table_names()
                         for row in connection.execute(sql(f'SELECT * FROM "{table}"')))


def test_zz_no_phone_number_in_the_tracker_store_database_or_logs(wa_servers):
    tracker, database, log = _tracker_dump(wa_servers), _database_dump(wa_servers), wa_servers.log("rasa")
    assert "utter_greet" in tracker and "नमस्ते" in tracker  # the dump really holds the conversations
    assert "whatsapp" in database
    numbers = [HINDI, HINGLISH, ENGLISH, LATE, TAPPER] + (SHARED_NUMBERS if SHARED_FILES else [])
    for number in numbers:
        for form in (number, base64.b64encode(number.encode()).decode()[:14]):
            assert form not in tracker, number
            assert form not in database, number
            assert form not in log, number
