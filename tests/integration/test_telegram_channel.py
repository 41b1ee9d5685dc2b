"""The Telegram channel against a fake Bot API server (real HTTP on loopback) and a real database.

Rasa itself is replaced by a scripted stand-in here (fast); tests/e2e/test_telegram_e2e.py runs the
same channel inside the real Rasa server.
"""
import json
import logging

import pytest
import pytest_asyncio
import yaml
from sqlalchemy import inspect, select, text as sql

from bot.channels import telegram as tg
from bot.channels.identity import ChannelIdentities, sender_pseudonym
from bot.channels.telegram import TelegramInput, TelegramOutput, split_text, utf16_length
from bot.channels.telegram_texts import LANGUAGES, NEUTRAL_LINE, TEXTS
from bot.complaints.service import reporter_pseudonym
from bot.store.db import get_engine, session_factory
from bot.store.encryption import cipher
from bot.store.init_db import init_db
from bot.store.models import Complaint, EvidenceItem, PendingEvidence
from tests.conftest import ROOT, SHARED_WEBHOOKS, require_shared_payloads, shared_payloads
from tests.fakes import telegram_updates as u
from tests.fakes.telegram_api import FakeTelegramApi

SECRET = "s3cret_Token-for-tests"
SHARED_PAYLOADS = SHARED_WEBHOOKS / "telegram"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def domain_response(name: str, language: str = "en") -> dict:
    for variant in DOMAIN["responses"][name]:
        if any(c["name"] == "language" and c["value"] == language for c in variant.get("condition", [])):
            return {"text": variant["text"], "buttons": [
                {"title": b["title"], "payload": b["payload"].replace("{{", "{").replace("}}", "}")}
                for b in variant.get("buttons", [])]}
    raise KeyError(name)


class ScriptedRasa:
    """Stands in for Rasa's on_new_message: records what came in, answers from a script."""

    def __init__(self):
        self.messages = []
        self.replies = {}

    async def __call__(self, message):
        self.messages.append(message)
        for reply in self.replies.get(message.text, [{"text": "ok"}]):
            await message.output_channel.send_response(message.sender_id, dict(reply))

    @property
    def texts(self):
        return [m.text for m in self.messages]


class Conversations:
    def __init__(self):
        self.lang = "en"
        self.reporting = False

    async def language(self, sender_id):
        return self.lang

    async def in_report(self, sender_id):
        return self.reporting


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'hamari.db'}"
    init_db(url)
    yield url
    get_engine(url).dispose()


@pytest_asyncio.fixture
async def api():
    fake = FakeTelegramApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest_asyncio.fixture
async def channel(api, db_url, tmp_path):
    instance = TelegramInput(api.token, SECRET, api.base_url, database_url=db_url,
                             evidence_dir=tmp_path / "evidence", evidence_max_bytes=1_000_000,
                             conversations=Conversations())
    yield instance
    await instance.close()


@pytest.fixture
def rasa():
    return ScriptedRasa()


async def post(channel, rasa, payload, secret=SECRET):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return await channel.receive(body, secret, rasa)


def her_pseudonym():
    return sender_pseudonym("telegram", str(u.HER_ID))


def row_count(url, table):
    with get_engine(url).connect() as connection:
        return connection.execute(sql(f"SELECT COUNT(*) FROM {table}")).scalar_one()


# --- authentication, credentials ----------------------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET.upper(), "ßecret"])
async def test_missing_or_wrong_secret_is_refused_and_nothing_is_processed(channel, rasa, api, db_url, secret):
    assert await post(channel, rasa, u.text("hello"), secret=secret) == 403
    assert rasa.messages == [] and api.methods() == []
    assert row_count(db_url, "channel_identities") == 0
    assert row_count(db_url, "channel_deliveries") == 0


@pytest.mark.asyncio
async def test_a_bot_token_without_a_webhook_secret_leaves_the_channel_disabled(rasa, api):
    # Without a secret no caller can be told from Telegram: the webhook must not take updates at all.
    token_only = TelegramInput("123:token", "", api.base_url)
    assert not token_only.enabled and token_only.get_output_channel() is None
    for secret in (None, "", "anything"):
        assert await token_only.receive(json.dumps(u.text("hi")).encode(), secret, rasa) == 503
    assert rasa.messages == [] and api.methods() == []


@pytest.mark.asyncio
async def test_missing_credentials_disable_the_channel_with_one_log_line(db_url, rasa, caplog, monkeypatch):
    monkeypatch.setattr(tg.settings, "TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setattr(tg.settings, "TELEGRAM_WEBHOOK_SECRET", "")
    with caplog.at_level(logging.WARNING, logger="bot.channels.telegram"):
        disabled = TelegramInput.from_credentials(None)
    assert not disabled.enabled
    assert [r.getMessage() for r in caplog.records if "disabled" in r.getMessage()] == [
        "Telegram channel disabled: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET to enable it "
        "(webhook answers 503 until then)"]
    assert disabled.get_output_channel() is None
    assert await disabled.receive(json.dumps(u.text("hi")).encode(), SECRET, rasa) == 503
    assert rasa.messages == []


@pytest.mark.asyncio
async def test_unreadable_bodies_are_answered_200_and_ignored(channel, rasa, api):
    for body in (b"", b"not json", b"[]", b'{"update_id": "7"}', b'{"message": {}}', "{\"update_id\": 1, \"message\": 5}".encode(),
                 json.dumps({"update_id": 2, "message": {"message_id": "x"}}).encode()):
        assert await post(channel, rasa, body) == 200
    assert rasa.messages == [] and "sendMessage" not in api.methods()


# --- pseudonyms, text, commands ------------------------------------------------------------------

@pytest.mark.asyncio
async def test_text_enters_rasa_under_a_pseudonym_and_the_reply_reaches_her_chat(channel, rasa, api, db_url):
    rasa.replies["hello there"] = [{"text": "Namaste"}]
    assert await post(channel, rasa, u.text("hello there")) == 200
    [message] = rasa.messages
    assert message.sender_id == her_pseudonym() and str(u.HER_ID) not in message.sender_id
    assert message.input_channel == "telegram" and not message.metadata
    assert api.calls("sendMessage") == [{"chat_id": u.HER_ID, "text": "Namaste"}]
    assert ChannelIdentities(db_url).address_of("telegram", message.sender_id) == str(u.HER_ID)


@pytest.mark.asyncio
async def test_start_greets_in_her_app_language_and_mentions_exit(channel, rasa, api):
    await post(channel, rasa, u.text("/start", language_code="hi"))
    await post(channel, rasa, u.text("/start@TestHelperBot", language_code="en"))
    await post(channel, rasa, u.text("/start", language_code="it"))
    assert rasa.texts == ['/greet{"detected_language":"hi"}', '/greet{"detected_language":"en"}', "/greet"]
    assert api.texts().count(TEXTS["exit_hint"].en) == 3


@pytest.mark.asyncio
async def test_start_with_words_after_it_passes_her_words_on(channel, rasa):
    payload = u.text("/start 🙏 मुझे मदद चाहिए", language_code="hi")
    payload["message"]["entities"].append({"offset": 15, "length": 3, "type": "bold"})
    await post(channel, rasa, payload)
    assert rasa.texts == ["🙏 मुझे मदद चाहिए"]


@pytest.mark.asyncio
async def test_help_answers_and_tells_her_about_exit(channel, rasa, api):
    channel.conversations.lang = "hi"
    rasa.replies["/help"] = [domain_response("utter_help", "hi")]
    await post(channel, rasa, u.text("/help"))
    assert rasa.texts == ["/help"]
    texts = api.texts(u.HER_ID)
    assert texts[-1] == TEXTS["exit_hint"].hi and "/exit" in texts[-1]
    assert "बंद" in texts[0]  # the domain's help already names the safe word


@pytest.mark.asyncio
@pytest.mark.parametrize("typed, expected", [
    ('/inform{"evidence":"none"}', 'inform{"evidence":"none"}'),
    ("/report", "report"),
    ("//restart", "restart"),
    ("मुझे मदद चाहिए", "मुझे मदद चाहिए"),
    ("' OR 1=1; DROP TABLE complaints; --", "' OR 1=1; DROP TABLE complaints; --"),
])
async def test_typed_text_never_becomes_an_intent_payload(channel, rasa, typed, expected):
    await post(channel, rasa, u.text(typed))
    assert rasa.texts == [expected]


@pytest.mark.asyncio
async def test_voice_and_stickers_get_please_type(channel, rasa, api):
    await post(channel, rasa, u.voice())
    await post(channel, rasa, u.sticker())
    await post(channel, rasa, u.contact())
    await post(channel, rasa, u.location())
    assert rasa.texts == ["/unsupported_media"] * 4
    assert "getFile" not in api.methods()


# --- buttons -------------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_language_command_shows_an_inline_keyboard_and_a_press_switches_language(channel, rasa, api):
    ask = domain_response("utter_ask_language")
    rasa.replies["/change_language"] = [ask]
    await post(channel, rasa, u.text("/language"))
    [sent] = api.calls("sendMessage")
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == [b["title"] for b in ask["buttons"]]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)
    hindi = keyboard[0][0]["callback_data"]
    press = u.callback(hindi)
    await post(channel, rasa, press)
    assert api.calls("answerCallbackQuery") == [{"callback_query_id": press["callback_query"]["id"]}]
    assert rasa.texts[-1] == ask["buttons"][0]["payload"] == '/change_language{"requested_language":"hi"}'
    assert rasa.messages[-1].sender_id == her_pseudonym()


@pytest.mark.asyncio
async def test_payloads_longer_than_64_bytes_survive_a_restart_of_the_channel(channel, rasa, api, db_url, tmp_path):
    long_payload = '/choose_online_safety_topic{"online_safety_topic":"' + "ऑनलाइन_सुरक्षा" * 3 + '"}'
    assert len(long_payload.encode()) > 64
    rasa.replies["menu"] = [{"text": "Topics", "buttons": [{"title": "सुरक्षा", "payload": long_payload}]}]
    await post(channel, rasa, u.text("menu"))
    data = api.calls("sendMessage")[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64
    restarted = TelegramInput(api.token, SECRET, api.base_url, database_url=db_url, conversations=Conversations())
    try:
        await post(restarted, rasa, u.callback(data))
    finally:
        await restarted.close()
    assert rasa.texts[-1] == long_payload


@pytest.mark.asyncio
@pytest.mark.parametrize("data", ["thedata", "b:forged", "/restart", '/inform{"evidence":"none"}', "x" * 64])
async def test_unknown_button_data_is_acknowledged_and_not_processed(channel, rasa, api, data):
    await post(channel, rasa, u.callback(data))
    [answer] = api.calls("answerCallbackQuery")
    assert answer["text"] == TEXTS["button_expired"].en
    assert rasa.messages == []


@pytest.mark.asyncio
async def test_a_button_on_an_old_inaccessible_message_still_works_and_is_acknowledged(channel, rasa, api):
    rasa.replies["x"] = [{"text": "Pick", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]
    await post(channel, rasa, u.text("x"))
    data = api.calls("sendMessage")[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await post(channel, rasa, u.callback(data, accessible=False))
    assert len(api.calls("answerCallbackQuery")) == 1 and rasa.texts[-1] == "/affirm"


# --- idempotency ---------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_a_redelivered_update_is_handled_once(channel, rasa, api):
    payload = u.text("hello")
    assert [await post(channel, rasa, payload) for _ in range(3)] == [200, 200, 200]
    assert len(rasa.messages) == 1 and len(api.calls("sendMessage")) == 1
    press = u.callback("thedata")
    await post(channel, rasa, press)
    await post(channel, rasa, press)
    assert len(api.calls("answerCallbackQuery")) == 1


# --- exit and the safe word ----------------------------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("word", ["/exit", "/exit@TestHelperBot", "exit", "EXIT ", "बंद", "band"])
async def test_exit_deletes_her_and_our_messages_resets_and_leaves_one_neutral_line(channel, rasa, api, db_url, word):
    rasa.replies["hello"] = [{"text": "Namaste"}, {"text": "How can I help?"}]
    first, second = u.text("hello"), u.text(word)
    await post(channel, rasa, first)
    assert len(api.calls("sendMessage")) == 2
    api.clear()
    await post(channel, rasa, second)
    deleted = api.deleted[u.HER_ID]
    her_ids = {first["message"]["message_id"], second["message"]["message_id"]}
    assert her_ids <= set(deleted)
    assert len(set(deleted) - her_ids) == 2  # both of our replies
    assert api.calls("deleteMessages")[0]["chat_id"] == u.HER_ID
    assert rasa.texts[-1] == "/restart" and rasa.messages[-1].output_channel.name() == "collector"
    assert api.texts() == [NEUTRAL_LINE]
    assert row_count(db_url, "channel_recent_messages") == 0
    assert word.strip().lower() not in [t.lower() for t in rasa.texts]  # the safe word never reaches Rasa


@pytest.mark.asyncio
async def test_exit_falls_back_to_single_deletes_and_ignores_messages_that_cannot_be_deleted(channel, rasa, api):
    await post(channel, rasa, u.text("hello"))
    api.refuse_bulk_delete = True
    first_reply = api.calls("sendMessage")  # one "ok"
    api.undeletable.add(1000)  # our first reply: pretend it is older than 48 hours
    await post(channel, rasa, u.text("/exit"))
    singles = api.calls("deleteMessage")
    assert len(singles) == 3 and {c["message_id"] for c in singles} >= {1000}
    assert 1000 not in api.deleted[u.HER_ID] and len(api.deleted[u.HER_ID]) == 2
    assert api.texts()[-1] == NEUTRAL_LINE and len(first_reply) == 1


@pytest.mark.asyncio
async def test_exit_discards_evidence_of_an_unfinished_report(channel, rasa, api, db_url, tmp_path):
    channel.conversations.reporting = True
    api.add_file("F1", b"screenshot bytes")
    await post(channel, rasa, u.photo("F1", 16))
    assert len(list((tmp_path / "evidence").iterdir())) == 1
    await post(channel, rasa, u.text("बंद"))
    assert list((tmp_path / "evidence").iterdir()) == []
    assert row_count(db_url, "pending_evidence") == 0


# --- blocked / unblocked -------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_after_she_blocks_the_bot_nothing_is_sent_until_she_unblocks(channel, rasa, api):
    await post(channel, rasa, u.text("hello"))
    await post(channel, rasa, u.membership("member", "kicked"))
    api.clear()
    await TelegramOutput(channel).send_text_message(her_pseudonym(), "counsellor reply")
    assert api.calls("sendMessage") == []
    await post(channel, rasa, u.membership("kicked", "member"))
    await TelegramOutput(channel).send_text_message(her_pseudonym(), "counsellor reply")
    assert api.texts() == ["counsellor reply"]


@pytest.mark.asyncio
async def test_a_403_from_telegram_marks_her_chat_blocked(channel, rasa, api):
    api.blocked_chats.add(u.HER_ID)
    rasa.replies["hello"] = [{"text": "one"}, {"text": "two"}]
    assert await post(channel, rasa, u.text("hello")) == 200
    assert len(api.calls("sendMessage")) == 1  # the second reply was not even tried
    assert channel.states.is_blocked(her_pseudonym())


# --- output channel (Rasa HTTP API, counsellor replies) -------------------------------------------

@pytest.mark.asyncio
async def test_output_channel_resolves_the_pseudonym_to_her_chat(channel, rasa, api, db_url):
    await post(channel, rasa, u.text("hello"))
    fresh = TelegramInput(api.token, SECRET, api.base_url, database_url=db_url)  # no in-memory cache
    try:
        output = fresh.get_output_channel()
        await output.send_response(her_pseudonym(), {"text": "A counsellor here",
                                                     "buttons": [{"title": "OK", "payload": "/affirm"}]})
        await output.send_response("unknown-pseudonym", {"text": "nobody"})
    finally:
        await fresh.close()
    last = api.calls("sendMessage")[-1]
    assert last["chat_id"] == u.HER_ID and last["text"] == "A counsellor here"
    assert "inline_keyboard" in last["reply_markup"]
    assert "nobody" not in api.texts()


@pytest.mark.asyncio
async def test_long_replies_are_split_under_4096_utf16_units_with_buttons_on_the_last_part(channel, rasa, api):
    long_text = ("मदद 🙏 " * 1500).strip()
    rasa.replies["long"] = [{"text": long_text, "buttons": [{"title": "OK", "payload": "/affirm"}]}]
    await post(channel, rasa, u.text("long"))
    sent = api.calls("sendMessage")
    assert len(sent) >= 3
    assert all(utf16_length(s["text"]) <= 4096 for s in sent)
    assert [("reply_markup" in s) for s in sent] == [False] * (len(sent) - 1) + [True]
    assert "".join(s["text"] for s in sent).replace(" ", "") == long_text.replace(" ", "")


def test_split_text_keeps_short_text_and_never_cuts_an_emoji():
    assert split_text("नमस्ते") == ["नमस्ते"]
    pieces = split_text("🙏" * 5000)
    assert all(utf16_length(p) <= 4096 for p in pieces) and "".join(pieces) == "🙏" * 5000


# --- evidence ------------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_a_photo_during_a_report_is_stored_encrypted_and_linked_when_the_complaint_is_filed(
        channel, rasa, api, db_url, tmp_path):
    channel.conversations.reporting = True
    content = b"\x89PNG fake screenshot of threats"
    api.add_file("PHOTO-1", content)
    api.add_file("DOC-1", b"%PDF-1.4 fake")
    await post(channel, rasa, u.photo("PHOTO-1", len(content), caption="उसने यह भेजा"))
    await post(channel, rasa, u.document("DOC-1", 13))
    assert rasa.messages == []  # evidence does not disturb the form
    assert [c["file_id"] for c in api.calls("getFile")] == ["PHOTO-1", "DOC-1"]  # largest photo size
    assert api.texts() == [TEXTS["evidence_received"].en] * 2
    stored = sorted((tmp_path / "evidence").iterdir())
    assert len(stored) == 2 and all(content not in p.read_bytes() for p in stored)
    assert sorted(cipher().decrypt(p.read_bytes()) for p in stored) == sorted([content, b"%PDF-1.4 fake"])

    with session_factory(db_url)() as session, session.begin():
        session.add(Complaint(reference_code="HS-TEST1", category="online", language="en", channel="telegram",
                              narrative_enc="x", contact_mode="anonymous",
                              reporter_pseudonym=reporter_pseudonym(her_pseudonym())))
    await post(channel, rasa, u.text("thank you"))
    with session_factory(db_url)() as session:
        items = session.execute(select(EvidenceItem)).scalars().all()
        assert sorted(i.kind for i in items) == ["document", "photo"]
        assert all(i.storage_ref.startswith("file:") for i in items)
        assert session.execute(select(PendingEvidence)).scalars().all() == []
    assert channel.evidence.read(items[0].storage_ref) in (content, b"%PDF-1.4 fake")


@pytest.mark.asyncio
async def test_evidence_outside_a_report_and_too_large_files_get_polite_answers(channel, rasa, api, tmp_path):
    api.add_file("P", b"x" * 10)
    await post(channel, rasa, u.photo("P", 10))
    channel.conversations.reporting = True
    channel.conversations.lang = "hi-Latn"
    await post(channel, rasa, u.document("BIG", 5_000_000))
    api.add_file("LIAR", b"y" * 1_500_000)  # says it is small, is not
    await post(channel, rasa, u.document("LIAR", 10))
    await post(channel, rasa, u.document("MISSING", 10))
    assert api.texts() == [TEXTS["evidence_outside_report"].en, TEXTS["evidence_too_large"].hi_latn,
                           TEXTS["evidence_too_large"].hi_latn, TEXTS["evidence_failed"].hi_latn]
    assert not (tmp_path / "evidence").exists() or list((tmp_path / "evidence").iterdir()) == []


def test_channel_texts_exist_in_all_three_languages():
    for name, variants in TEXTS.items():
        assert set(variants.by_language()) == set(LANGUAGES), name
        assert all(v.strip() for v in variants.by_language().values()), name
    assert not any(word in NEUTRAL_LINE.lower() for word in ("help", "1090", "police", "madad", "मदद", "report"))


# --- shapes that are not her private chat --------------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("payload", [
    u.group_message("/help@TestHelperBot"), u.anonymous_admin_message("help me"), u.channel_post("news"),
    u.edited("edited text"), u.unknown_kind(),
], ids=["group", "anonymous-admin", "channel-post", "edited", "unknown-kind"])
async def test_groups_channels_and_other_kinds_are_ignored_politely(channel, rasa, api, db_url, payload):
    assert await post(channel, rasa, payload) == 200
    assert rasa.messages == [] and "sendMessage" not in api.methods()
    assert row_count(db_url, "channel_identities") == 0


@pytest.mark.asyncio
@pytest.mark.parametrize("path", shared_payloads("telegram") or [None], ids=lambda p: p.stem if p else "missing")
async def test_every_shared_real_payload_is_handled_without_a_crash(channel, rasa, api, db_url, path, caplog):
    if path is None:
        require_shared_payloads("telegram")
    data = json.loads(path.read_text())
    with caplog.at_level(logging.ERROR, logger="bot.channels.telegram"):
        assert await post(channel, rasa, data) == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], path.name
    kind = next(k for k in data if k != "update_id")
    chat = (data[kind].get("chat") or data[kind].get("message", {}).get("chat") or {})
    if chat.get("type") != "private" or kind in ("edited_message", "channel_post"):
        assert rasa.messages == [] and "sendMessage" not in api.methods()
    if kind == "callback_query":
        assert api.calls("answerCallbackQuery")[0]["callback_query_id"] == data[kind]["id"]
        assert rasa.messages == []  # "thedata" is not a button we made
    if kind == "message" and chat.get("type") == "private":
        message = data[kind]
        if "voice" in message or "video_note" in message or "sticker" in message or "location" in message \
                or "contact" in message:
            assert rasa.texts == ["/unsupported_media"]
        if "photo" in message or "document" in message:
            assert api.texts() == [TEXTS["evidence_outside_report"].en]  # not in a report here
    # Redelivery of the same file is a duplicate: nothing more happens.
    before = len(api.methods())
    assert await post(channel, rasa, data) == 200
    assert len(api.methods()) == before


@pytest.mark.asyncio
async def test_shared_blocked_then_unblocked_payloads_stop_and_resume_sending(channel, rasa, api):
    require_shared_payloads("telegram")
    blocked = json.loads((SHARED_PAYLOADS / "my_chat_member_blocked.json").read_text())
    unblocked = json.loads((SHARED_PAYLOADS / "my_chat_member_unblocked.json").read_text())
    await post(channel, rasa, blocked)
    sender = sender_pseudonym("telegram", "5500000001")
    await TelegramOutput(channel).send_text_message(sender, "hello?")
    assert api.calls("sendMessage") == []
    await post(channel, rasa, unblocked)
    await TelegramOutput(channel).send_text_message(sender, "hello?")
    assert api.calls("sendMessage") == [{"chat_id": 5500000001, "text": "hello?"}]


# --- nothing stores her real ids -----------------------------------------------------------------

def _all_text(url):
    """Every value in every table of our database, as text."""
    engine = get_engine(url)
    found = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(sql(f'SELECT * FROM "{table}"')):
                found.extend(str(value) for value in row)
    return "\n".join(found)


@pytest.mark.asyncio
async def test_our_database_never_holds_her_real_chat_id(channel, rasa, api, db_url):
    channel.conversations.reporting = True
    api.add_file("P2", b"img")
    rasa.replies["/change_language"] = [domain_response("utter_ask_language")]
    for payload in (u.text("/start"), u.text("hello"), u.text("/language"), u.photo("P2", 3), u.voice(),
                    u.membership("member", "kicked"), u.membership("kicked", "member"), u.callback("thedata")):
        await post(channel, rasa, payload)
    dump = _all_text(db_url)
    assert str(u.HER_ID) not in dump and "asha_test" not in dump and "Asha" not in dump
    assert row_count(db_url, "channel_identities") == 1


def test_files_of_reports_abandoned_for_a_week_are_deleted(db_url, tmp_path):
    from datetime import datetime, timedelta, timezone
    from bot.channels.evidence import EvidenceVault
    vault = EvidenceVault(db_url, tmp_path / "ev", 100)
    old = vault.store_pending("someone", "photo", b"old")
    with session_factory(db_url)() as session, session.begin():
        session.execute(PendingEvidence.__table__.update().values(
            created_at=datetime.now(timezone.utc) - timedelta(days=8)))
    kept = vault.store_pending("someone", "photo", b"new")
    assert [p.name for p in (tmp_path / "ev").iterdir()] == [kept[len("file:"):]]
    assert row_count(db_url, "pending_evidence") == 1 and old != kept
    with pytest.raises(ValueError):
        vault.read("file:../../etc/passwd")


def test_recent_message_ids_older_than_48_hours_are_not_offered_for_deletion(database_url):
    from datetime import datetime, timedelta, timezone
    from bot.channels.chat_memory import RecentMessages
    recent = RecentMessages("telegram", database_url)
    now = datetime.now(timezone.utc)
    recent.remember("p1", 10, now=now - timedelta(hours=50))
    recent.remember("p1", 11, now=now - timedelta(hours=47))
    recent.remember("p1", 11, now=now)                     # same id twice: offered once
    recent.remember("p2", 12, now=now)
    assert recent.deletable("p1", now=now) == [11]
    recent.forget("p1")
    assert recent.deletable("p1", now=now) == [] and recent.deletable("p2", now=now) == [12]


@pytest.mark.asyncio
async def test_a_whole_chat_on_sqlite_and_postgresql_stores_no_real_id(api, database_url, tmp_path, rasa):
    channel = TelegramInput(api.token, SECRET, api.base_url, database_url=database_url,
                            evidence_dir=tmp_path / "ev", conversations=Conversations())
    channel.conversations.reporting = True
    api.add_file("P3", b"img")
    rasa.replies["/change_language"] = [domain_response("utter_ask_language")]
    try:
        for payload in (u.text("/start"), u.text("/language"), u.photo("P3", 3), u.membership("member", "kicked"),
                        u.membership("kicked", "member"), u.text("hello"), u.text("hello")):
            assert await post(channel, rasa, payload) == 200
        [keyboard] = [c["reply_markup"] for c in api.calls("sendMessage") if "reply_markup" in c]
        data = keyboard["inline_keyboard"][2][0]["callback_data"]
        await post(channel, rasa, u.callback(data))
        await post(channel, rasa, u.text("/exit"))
    finally:
        await channel.close()
    assert rasa.texts[-2:] == ['/change_language{"requested_language":"en"}', "/restart"]
    assert api.texts()[-1] == NEUTRAL_LINE and u.HER_ID in api.deleted
    dump = _all_text(database_url)
    assert str(u.HER_ID) not in dump and "asha_test" not in dump


@pytest.mark.asyncio
async def test_rasa_http_api_pushes_with_output_channel_latest_reach_her_chat(channel, rasa, api):
    """What a counsellor's reply does: Rasa picks our output channel for a telegram conversation."""
    from types import SimpleNamespace
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.server import _get_output_channel
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    await post(channel, rasa, u.text("hello"))
    tracker = DialogueStateTracker.from_events(her_pseudonym(), [UserUttered("hello", input_channel="telegram")])
    request = SimpleNamespace(args={"output_channel": "latest"},
                              app=SimpleNamespace(ctx=SimpleNamespace(input_channels=[channel])))
    output = _get_output_channel(request, tracker)
    assert isinstance(output, TelegramOutput)
    await output.send_response(tracker.sender_id, {"text": "Counsellor: I am here."})
    assert api.texts()[-1] == "Counsellor: I am here."
    disabled = TelegramInput("", "", api.base_url)
    request.app.ctx.input_channels = [disabled]
    assert isinstance(_get_output_channel(request, tracker), CollectingOutputChannel)


@pytest.mark.asyncio
async def test_when_rasa_fails_telegram_is_asked_to_retry_and_the_retry_is_handled(channel, rasa, api):
    calls = {"n": 0}

    async def flaky(message):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("tracker store down")
        await rasa(message)

    payload = u.text("please help")
    assert await channel.receive(json.dumps(payload).encode(), SECRET, flaky) == 503
    assert await channel.receive(json.dumps(payload).encode(), SECRET, flaky) == 200
    assert rasa.texts == ["please help"] and api.texts() == ["ok"]
    assert await channel.receive(json.dumps(payload).encode(), SECRET, flaky) == 200  # now a duplicate
    assert rasa.texts == ["please help"]


@pytest.mark.asyncio
@pytest.mark.parametrize("word", ["/exit", "band"])
async def test_after_exit_nothing_we_start_reaches_the_chat_again_but_replies_do(channel, rasa, api, db_url, word):
    from bot.channels.identity import ChannelIdentities
    from bot.jobs.do_not_contact import DoNotContact
    from bot.jobs.scheduled import SCHEDULED_MARK, ScheduledMessages
    await post(channel, rasa, u.text("hello"))
    her = ChannelIdentities(db_url).sender_id_of("telegram", str(u.HER_ID))
    scheduled = ScheduledMessages(db_url)
    scheduled.schedule("follow_up", "telegram", her, {"text": "HS-ABCD-2345: has it stopped?"})
    await post(channel, rasa, u.text(word))
    assert DoNotContact(db_url).applies("telegram", her)
    assert scheduled.claim_due("w1") == [] and scheduled.counts() == {"cancelled": 1}
    api.clear()
    output = channel.get_output_channel()
    # Handed to Rasa before the exit, arriving after it: dropped by the channel itself.
    await output.send_text_message(her, "HS-ABCD-2345: has it stopped?", **{SCHEDULED_MARK: "follow_up"})
    await output.send_text_with_buttons(her, "HS-ABCD-2345: has it stopped?", [{"title": "Yes", "payload": "/affirm"}],
                                        **{SCHEDULED_MARK: "follow_up"})
    assert api.texts() == []
    await output.send_text_message(her, "a reply to what she just wrote")
    assert api.texts() == ["a reply to what she just wrote"]
