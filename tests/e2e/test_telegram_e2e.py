"""The Telegram channel inside the real Rasa server and action server, talking to a fake Bot API.

Real HTTP everywhere: updates are POSTed to Rasa's /webhooks/telegram/webhook, replies arrive at the
fake Bot API. Afterwards the tracker store and our database are searched for her real ids.
"""
import json
import re
import sqlite3

import pytest
import requests

from bot.channels.chat_memory import ButtonTokens
from bot.channels.identity import sender_pseudonym
from bot.complaints.service import reporter_pseudonym
from bot.channels.telegram_texts import NEUTRAL_LINE, TEXTS
from bot.store.pseudonym import pseudonym
from tests.conftest import SHARED_WEBHOOKS, require_shared_payloads
from tests.e2e.conftest import DEVANAGARI, identify
from tests.e2e.reporting import REPORTS
from tests.fakes import telegram_updates as u
from tests.shared_servers import TELEGRAM_SECRET as SECRET

pytestmark = pytest.mark.e2e
SHARED_PAYLOADS = SHARED_WEBHOOKS / "telegram"


@pytest.fixture(scope="module")
def telegram(servers, telegram_api):
    """The session's shared servers (Telegram channel on, against the fake Bot API), the fake, and
    where the Rasa log stood when this module began: its log checks read what this module caused."""
    return servers, telegram_api, len(servers.log("rasa"))


def post(servers, payload, secret=SECRET):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return requests.post(servers.url + "/webhooks/telegram/webhook", data=body, headers=headers, timeout=120)


def replies(api, since):
    return [c for c in api.calls("sendMessage")[since:] if c["chat_id"] == u.HER_ID]


def test_a_telegram_conversation_end_to_end(telegram):
    servers, api, _ = telegram

    # Wrong or missing secret: 403 and nothing reaches Rasa or Telegram.
    calls = len(api.methods())
    assert post(servers, u.text("hello"), secret=None).status_code == 403
    assert post(servers, u.text("hello"), secret="wrong").status_code == 403
    assert api.methods()[calls:] == []

    # /start: a greeting (her app says English) and the exit hint.
    mark = len(api.calls("sendMessage"))
    assert post(servers, u.text("/start", language_code="en")).status_code == 200
    sent = replies(api, mark)
    assert identify(sent[0]) == ("utter_greet", "en")
    assert sent[-1]["text"] == TEXTS["exit_hint"].en

    # She writes in Devanagari: the reply is in Devanagari.
    mark = len(api.calls("sendMessage"))
    assert post(servers, u.text("मुझे मदद चाहिए", language_code="hi")).status_code == 200
    answer = replies(api, mark)
    assert answer and DEVANAGARI.search(answer[0]["text"]), answer

    # /language: an inline keyboard; pressing English switches the language.
    mark = len(api.calls("sendMessage"))
    post(servers, u.text("/language"))
    [ask] = replies(api, mark)
    keyboard = ask["reply_markup"]["inline_keyboard"]
    assert len(keyboard) == 3 and all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)
    english = next(row[0] for row in keyboard if row[0]["text"].lower().startswith("english"))
    press = u.callback(english["callback_data"])
    mark = len(api.calls("sendMessage"))
    assert post(servers, press).status_code == 200
    assert api.calls("answerCallbackQuery")[-1]["callback_query_id"] == press["callback_query"]["id"]
    assert identify(replies(api, mark)[0]) == ("utter_language_changed", "en")

    # A voice note: "please type", in her (now English) language. Delivered twice: answered once.
    mark = len(api.calls("sendMessage"))
    voice = u.voice()
    assert post(servers, voice).status_code == 200
    assert post(servers, voice).status_code == 200
    assert [identify(m) for m in replies(api, mark)] == [("utter_please_type", "en")]

    # A group message is ignored politely.
    mark = len(api.calls("sendMessage"))
    assert post(servers, u.group_message("/help@TestHelperBot")).status_code == 200
    assert api.calls("sendMessage")[mark:] == []

    # /exit: her and our messages deleted, conversation reset, one neutral line left.
    mark = len(api.calls("sendMessage"))
    ours = set(api.sent_ids.get(u.HER_ID, []))  # every message the bot sent her (the fake's numbers)
    assert len(ours) == len(replies(api, 0))
    assert post(servers, u.text("/exit")).status_code == 200
    deleted = set(api.deleted.get(u.HER_ID, []))
    assert ours <= deleted
    assert [m["text"] for m in replies(api, mark)] == [NEUTRAL_LINE]

    # A counsellor-style push through the output channel is covered in the integration tests; here:
    # nothing anywhere holds her real chat id, user id or name.
    _assert_no_real_ids(servers)


def _assert_no_real_ids(servers):
    # The whole tracker store and database, every test's conversations included: nothing anywhere.
    needles = [str(u.HER_ID), "asha_test", "Asha"]
    # A needle standing on its own, not inside a run of base64/hex characters: megabytes of Fernet
    # tokens and keyed hashes contain a short name such as "Asha" by chance (it happened once in
    # about 20 fresh-clone runs); stored in plain text it would sit between quotes, spaces or bytes.
    token_char = rb"[A-Za-z0-9_=+/-]"
    alone = [re.compile(rb"(?<!" + token_char + rb")" + re.escape(n.encode()) + rb"(?!" + token_char + rb")")
             for n in needles]
    tmp = servers.log_dir
    for path in (tmp / "tracker.db", tmp / "hamari.db"):
        raw = path.read_bytes()
        for needle, pattern in zip(needles, alone):
            assert not pattern.search(raw), (path.name, needle)
        with sqlite3.connect(path) as connection:
            tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                for row in connection.execute(f'SELECT * FROM "{table}"'):
                    for value in row:
                        assert not any(p.search(str(value).encode()) for p in alone), (path.name, table)
    # The tracker's events are encrypted; decrypted, they still carry only the pseudonym.
    cipher = servers.data_cipher
    with sqlite3.connect(tmp / "tracker.db") as connection:
        rows = connection.execute("SELECT sender_id, data FROM events").fetchall()
    events = [cipher.decrypt(data.encode()).decode() for _, data in rows]
    assert events and not any(n in e for e in events for n in needles)
    assert any('"input_channel": "telegram"' in e for e in events)
    # The conversation is stored under her channel pseudonym (hashed once more by the tracker store).
    her_conversation = pseudonym("conversation", sender_pseudonym("telegram", str(u.HER_ID)))
    assert her_conversation in {sender for sender, _ in rows}


def test_every_shared_payload_gets_200_from_the_real_server(telegram):
    files = require_shared_payloads("telegram")
    servers, api, log_mark = telegram
    for path in files:
        assert post(servers, path.read_bytes()).status_code == 200, path.name
    assert "Traceback" not in servers.log("rasa")[log_mark:]


REPORTER_ID = 5512345679


def _press(servers, api, payload, chat_id):
    """Presses the button carrying `payload` on the last keyboard the bot sent her."""
    keyboards = [c["reply_markup"] for c in api.calls("sendMessage")
                 if c["chat_id"] == chat_id and c.get("reply_markup")]
    token = ButtonTokens.token_for(payload)
    assert token in [row[0]["callback_data"] for row in keyboards[-1]["inline_keyboard"]], payload
    assert post(servers, u.callback(token, chat_id=chat_id)).status_code == 200


def test_a_report_with_a_photo_over_telegram_links_the_encrypted_file_to_the_complaint(telegram):
    servers, api, _ = telegram
    tmp = servers.log_dir
    content = b"\x89PNG screenshot of the messages he sent"
    api.add_file("EVIDENCE-PHOTO", content)
    texts = REPORTS["en"]
    for step in ("start", "safe", "category", "what", "when", "district", "place", "who"):
        assert post(servers, u.text(texts[step], chat_id=REPORTER_ID)).status_code == 200
    mark = len(api.calls("sendMessage"))
    assert post(servers, u.photo("EVIDENCE-PHOTO", len(content), chat_id=REPORTER_ID)).status_code == 200
    assert [c["text"] for c in api.calls("sendMessage")[mark:]] == [TEXTS["evidence_received"].en]
    _press(servers, api, '/inform{"evidence":"screenshots"}', REPORTER_ID)
    _press(servers, api, '/inform{"contact_mode":"anonymous"}', REPORTER_ID)
    asked = [c for c in api.calls("sendMessage") if c["chat_id"] == REPORTER_ID][-1]
    assert identify(asked) == ("utter_may_message_telegram", "en")
    _press(servers, api, "/deny", REPORTER_ID)          # no messages later: the default
    mark = len(api.calls("sendMessage"))
    _press(servers, api, "/affirm", REPORTER_ID)
    filed = [c for c in api.calls("sendMessage")[mark:] if c["chat_id"] == REPORTER_ID]
    assert identify(filed[0]) == ("utter_report_filed_anonymous", "en"), filed
    assert identify(filed[1]) == ("utter_report_updates_at_status_check", "en"), filed

    cipher = servers.data_cipher
    hers = reporter_pseudonym(sender_pseudonym("telegram", str(REPORTER_ID)))
    with sqlite3.connect(tmp / "hamari.db") as connection:
        # Her complaints' evidence and her waiting files (the database is shared with other tests).
        rows = connection.execute(
            "SELECT e.kind, e.storage_ref, c.reporter_pseudonym, c.channel FROM evidence e "
            "JOIN complaints c ON c.id = e.complaint_id WHERE e.storage_ref IS NOT NULL "
            "AND c.reporter_pseudonym = ?", (hers,)).fetchall()
        assert connection.execute("SELECT COUNT(*) FROM pending_evidence WHERE reporter_pseudonym = ?",
                                  (hers,)).fetchone()[0] == 0
    [(kind, ref, reporter, channel)] = rows
    assert kind == "photo" and channel == "telegram"
    assert reporter == hers
    stored = (tmp / "evidence" / ref[len("file:"):]).read_bytes()
    assert content not in stored and cipher.decrypt(stored) == content
    for path in (tmp / "tracker.db", tmp / "hamari.db"):
        assert str(REPORTER_ID).encode() not in path.read_bytes()

