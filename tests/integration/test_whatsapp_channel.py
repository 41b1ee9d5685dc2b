"""The WhatsApp channel against the fake Graph API and a real database (SQLite and PostgreSQL).

Rasa is replaced by a small stand-in bot here (what it receives is checked); the real Rasa server
is in tests/e2e/test_whatsapp.py.
"""
import asyncio
import base64
import json
import logging

import pytest
from sqlalchemy import inspect, select, text as sql

from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.identity import ChannelIdentities, sender_pseudonym
from bot.channels.whatsapp import UNSUPPORTED_MEDIA, WhatsAppInput
from bot.channels.whatsapp_replies import MEDIA_RECEIVED, NUMBER_HINT
from bot.channels.whatsapp_texts import CHAT_STAYS_ON_PHONE
from bot.store.db import get_engine
from tests.conftest import require_shared_payloads, shared_payloads
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.whatsapp_api import FakeWhatsAppApi

SECRET = "test-app-secret"
NUMBER = "919811111111"
SHARED_FILES = shared_payloads("whatsapp")
SHARED_NUMBERS = ["919800000000", "919800000001", "919800000002", "919800000003"]


class StandInBot:
    """Answers like the assistant would: buttons, a list, many options, or a plain text."""

    def __init__(self):
        self.received = []

    async def __call__(self, message):
        self.received.append(message)
        out, sender = message.output_channel, message.sender_id
        choices = {"buttons": 3, "list": 6, "many": 12}.get(message.text)
        if choices:
            await out.send_text_with_buttons(sender, "Choose one", [
                {"title": f"Topic {i}", "payload": f'/choose_online_safety_topic{{"online_safety_topic":"t{i}"}}'}
                for i in range(choices)])
        else:
            await out.send_text_message(sender, "Thank you for writing.")


@pytest.fixture(scope="module")
def api():
    fake = FakeWhatsAppApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def channel(api, database_url):
    api.clear()
    config = {"access_token": api.access_token, "app_secret": SECRET, "verify_token": "verify-me",
              "phone_number_id": api.phone_number_id, "api_base_url": api.base_url, "api_version": api.version}
    instance = WhatsAppInput(config, database_url=database_url)
    instance.client._retry_delay = 0.01
    return instance


async def post(channel, bot, body, secret=SECRET, signature=None):
    data, header = wa.signed(body, secret)
    status, _ = await channel.receive(data, signature if signature is not None else header, bot)
    await channel.drain()
    return status


def everything_in(database_url) -> str:
    """Every value of every table of our database, as one searchable text."""
    engine = get_engine(database_url)
    dump = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            dump += [repr(tuple(row)) for row in connection.execute(sql(f'SELECT * FROM "{table}"'))]
    return "\n".join(dump)


NOTICES = set(CHAT_STAYS_ON_PHONE.by_language().values())


def replies_only(bodies):
    """What was sent, without the one-time notice that the chat stays on her phone."""
    return [b for b in bodies if not (b.get("type") == "text" and b["text"]["body"] in NOTICES)]


def number_forms(number: str):
    """The number as digits and as the base64 a wamid carries it in."""
    return [number, base64.b64encode(number.encode()).decode()[:14]]


@pytest.mark.asyncio
async def test_text_reaches_the_bot_under_a_pseudonym_and_the_reply_reaches_her_number(channel, api):
    bot = StandInBot()
    assert await post(channel, bot, wa.text(NUMBER, "मुझे मदद चाहिए")) == 200
    (message,) = bot.received
    assert message.text == "मुझे मदद चाहिए" and message.input_channel == "whatsapp"
    assert message.sender_id == sender_pseudonym("whatsapp", NUMBER) and NUMBER not in message.sender_id
    assert message.metadata is None
    (sent,) = replies_only(api.sent_to(NUMBER))
    assert sent["type"] == "text" and sent["text"]["body"] == "Thank you for writing."


@pytest.mark.asyncio
async def test_bad_or_missing_signature_is_refused_and_nothing_is_processed(channel, api, database_url):
    bot = StandInBot()
    body = wa.text(NUMBER, "hello")
    assert await post(channel, bot, body, secret="wrong") == 403
    assert await post(channel, bot, body, signature="") == 403
    data = json.dumps(body, ensure_ascii=False).encode()  # re-serialised: not the signed bytes
    status, _ = await channel.receive(data, wa.signed(body, SECRET)[1], bot)
    assert status == 403
    await channel.drain()
    assert bot.received == [] and api.sent == []
    assert ChannelIdentities(database_url).address_of("whatsapp", sender_pseudonym("whatsapp", NUMBER)) is None


@pytest.mark.asyncio
async def test_a_redelivered_message_is_handled_once(channel, api):
    bot = StandInBot()
    body = wa.text(NUMBER, "hello")
    assert await post(channel, bot, body) == 200
    assert await post(channel, bot, body) == 200
    data, header = wa.signed(body, SECRET)
    await asyncio.gather(*(channel.receive(data, header, bot) for _ in range(3)))
    await channel.drain()
    assert len(bot.received) == 1 and len(replies_only(api.sent)) == 1


@pytest.mark.asyncio
async def test_buttons_list_and_numbered_fallback(channel, api):
    bot = StandInBot()
    await post(channel, bot, wa.text(NUMBER, "buttons"))
    await post(channel, bot, wa.text(NUMBER, "list"))
    await post(channel, bot, wa.text(NUMBER, "many"))
    buttons, listing, numbered = replies_only(api.sent_to(NUMBER))
    assert buttons["interactive"]["type"] == "button" and len(buttons["interactive"]["action"]["buttons"]) == 3
    assert listing["interactive"]["type"] == "list"
    assert len(listing["interactive"]["action"]["sections"][0]["rows"]) == 6
    assert numbered["type"] == "text" and "12. Topic 11" in numbered["text"]["body"]
    assert api.rejected == []
    # She types a number: the bot receives that option's payload.
    await post(channel, bot, wa.text(NUMBER, "2"))
    assert bot.received[-1].text == '/choose_online_safety_topic{"online_safety_topic":"t1"}'
    # The bot's plain reply withdrew the offer: "2" is just text again.
    await post(channel, bot, wa.text(NUMBER, "2"))
    assert bot.received[-1].text == "2"


@pytest.mark.asyncio
async def test_button_and_list_replies_carry_the_payload(channel, api):
    bot = StandInBot()
    await post(channel, bot, wa.button_reply(NUMBER, '/choose_online_safety_topic{"online_safety_topic":"fake_profile"}', "Fake"))
    await post(channel, bot, wa.list_reply(NUMBER, "/affirm", "हाँ"))
    await post(channel, bot, wa.button_reply(NUMBER, "hs-opt:5", "मदद"))  # stale short id: her words
    assert [m.text for m in bot.received] == ['/choose_online_safety_topic{"online_safety_topic":"fake_profile"}', "/affirm", "मदद"]


@pytest.mark.asyncio
async def test_voice_video_sticker_ask_her_to_type_and_pictures_are_acknowledged(channel, api):
    bot = StandInBot()
    for kind in ("audio", "video", "sticker"):
        await post(channel, bot, wa.media(NUMBER, kind))
    assert [m.text for m in bot.received] == [UNSUPPORTED_MEDIA] * 3
    await post(channel, bot, wa.text(NUMBER, "Someone is sending me messages"))  # she writes English
    await post(channel, bot, wa.media(NUMBER, "image", caption="screenshot"))
    assert replies_only(api.sent_to(NUMBER))[-1]["text"]["body"] == MEDIA_RECEIVED.en


@pytest.mark.asyncio
async def test_failed_status_outside_the_window_is_surfaced_to_staff(channel, api, database_url, caplog):
    bot = StandInBot()
    caplog.set_level(logging.INFO)
    await post(channel, bot, wa.status(NUMBER, "delivered"))
    await post(channel, bot, wa.status(NUMBER, "read"))
    failed = wa.status(NUMBER, "failed", code=131047, title="Re-engagement message")
    await post(channel, bot, failed)
    await post(channel, bot, failed)  # redelivered: recorded once
    (failure,) = DeliveryFailures(database_url).recent()
    assert (failure.channel, failure.error_code) == ("whatsapp", 131047)
    assert failure.sender_pseudonym == sender_pseudonym("whatsapp", NUMBER)
    lines = [r.getMessage() for r in caplog.records if "131047" in r.getMessage()]
    assert len(lines) == 1 and NUMBER not in lines[0]
    assert bot.received == []


@pytest.mark.asyncio
async def test_send_errors_are_recorded_and_rate_limits_retried(channel, api, database_url):
    bot = StandInBot()
    api.fail_next(130429)  # throughput hit once: retried, then delivered
    await post(channel, bot, wa.text(NUMBER, "hello"))
    assert len(replies_only(api.sent_to(NUMBER))) == 1
    late = "919833333333"
    api.outside_window(late)
    await post(channel, bot, wa.text(late, "hello"))
    api.undeliverable("919844444444")
    await post(channel, bot, wa.text("919844444444", "hello"))
    codes = sorted(f.error_code for f in DeliveryFailures(database_url).recent())
    assert codes == [131026, 131047]
    assert NUMBER not in everything_in(database_url) and late not in everything_in(database_url)


@pytest.mark.asyncio
async def test_output_channel_reaches_her_from_the_pseudonym_alone(channel, api):
    bot = StandInBot()
    await post(channel, bot, wa.text(NUMBER, "hello"))
    output = channel.get_output_channel()
    await output.send_text_with_buttons(sender_pseudonym("whatsapp", NUMBER), "A counsellor is here.",
                                        [{"title": "OK", "payload": "/affirm"}])
    assert replies_only(api.sent_to(NUMBER))[-1]["interactive"]["body"]["text"] == "A counsellor is here."
    # Nobody behind a pseudonym (forgotten, or made up): recorded, nothing sent.
    before = len(api.sent)
    await output.send_text_message("0" * 64, "hello")
    assert len(api.sent) == before


@pytest.mark.asyncio
async def test_no_phone_number_or_message_text_in_logs_or_database(channel, api, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    bot = StandInBot()
    secret_text = "mera pati mujhe maarta hai"
    await post(channel, bot, wa.text(NUMBER, secret_text))
    await post(channel, bot, wa.text(NUMBER, "list"))
    await post(channel, bot, wa.media(NUMBER, "image"))
    await post(channel, bot, wa.status(NUMBER, "failed", code=131047, title="Re-engagement message"))
    api.outside_window(NUMBER)
    await post(channel, bot, wa.text(NUMBER, "many"))
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "131047" in logs  # the failures were logged ...
    for form in number_forms(NUMBER):  # ... without her number or her words
        assert form not in logs and form not in everything_in(database_url)
    assert secret_text not in logs and secret_text not in everything_in(database_url)


def test_missing_credentials_disable_the_channel_with_one_log_line(monkeypatch, caplog):
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "only-this-one")
    caplog.set_level(logging.INFO)
    channel = WhatsAppInput.from_credentials(None)
    assert not channel.enabled and channel.get_output_channel() is None
    (line,) = [r.getMessage() for r in caplog.records if "WhatsApp" in r.getMessage()]
    assert "disabled" in line and "WHATSAPP_APP_SECRET" in line and "only-this-one" not in line
    status, _ = asyncio.run(channel.receive(b"{}", "sha256=00", None))
    assert status == 503
    channel.blueprint(lambda message: None)  # still mounts without crashing


@pytest.mark.asyncio
async def test_every_shared_payload_is_accepted_without_a_crash(channel, api, database_url, caplog):
    require_shared_payloads("whatsapp")
    caplog.set_level(logging.INFO)
    bot = StandInBot()
    for path in SHARED_FILES:
        body = json.loads(path.read_text())
        data = path.read_bytes()  # signed as received, whatever the formatting
        status, _ = await channel.receive(data, wa.sign(SECRET, data), bot)
        assert status == 200, path.name
    await channel.drain()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    texts = [m.text for m in bot.received]
    assert "Does it come in another color?" in texts and "मुझे मदद चाहिए" in texts
    assert UNSUPPORTED_MEDIA in texts
    # BSUID-only sender: a pseudonym like any other, and replies go to `recipient`.
    assert any(b.get("recipient", "").startswith("IN.") for b in api.sent)
    # Both 24-hour-window failures and the 130472 one are recorded for staff.
    codes = sorted(f.error_code for f in DeliveryFailures(database_url).recent())
    assert 131047 in codes and 130472 in codes
    dump = everything_in(database_url)
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for number in SHARED_NUMBERS:
        for form in number_forms(number):
            assert form not in dump and form not in logs, number


@pytest.mark.asyncio
async def test_client_downloads_media_in_two_steps_with_the_token(api):
    from bot.channels.whatsapp_client import GraphApiError, WhatsAppClient
    api.add_media("777", b"\x89PNG fake screenshot", "image/png")
    client = WhatsAppClient(api.base_url, api.version, api.phone_number_id, api.access_token)
    assert await client.media("777") == (b"\x89PNG fake screenshot", "image/png")
    assert "777" in api.media_requests
    with pytest.raises(GraphApiError):
        await client.media("does-not-exist")
    with pytest.raises(GraphApiError):
        await WhatsAppClient(api.base_url, api.version, api.phone_number_id, "wrong-token").media("777")
    with pytest.raises(GraphApiError) as error:
        await WhatsAppClient(api.base_url, api.version, api.phone_number_id, "wrong-token").send(
            "919811111111", {"type": "text", "text": {"body": "x"}})
    assert error.value.code == 190


@pytest.mark.asyncio
async def test_database_down_means_503_so_meta_delivers_again_and_nothing_is_lost(api, tmp_path):
    from bot.store.init_db import init_db
    url = f"sqlite:///{tmp_path / 'not-yet-migrated.db'}"  # no tables: every query fails
    config = {"access_token": api.access_token, "app_secret": SECRET, "verify_token": "v",
              "phone_number_id": api.phone_number_id, "api_base_url": api.base_url, "api_version": api.version}
    channel = WhatsAppInput(config, database_url=url)
    bot = StandInBot()
    body = wa.text(NUMBER, "hello")
    assert await post(channel, bot, body) == 503
    assert bot.received == []
    init_db(url)  # the database is back
    assert await post(channel, bot, body) == 200
    assert [m.text for m in bot.received] == ["hello"]


@pytest.mark.asyncio
async def test_a_turn_failing_several_times_is_one_entry_for_staff(channel, api, database_url):
    late = "919855555555"
    bot = StandInBot()
    await post(channel, bot, wa.text(late, "hello"))
    api.outside_window(late)
    output, sender = channel.get_output_channel(), sender_pseudonym("whatsapp", late)
    for _ in range(3):  # e.g. a greeting and a menu pushed after 24 hours of silence
        await output.send_text_message(sender, "Are you safe?")
    assert [(f.sender_pseudonym, f.error_code) for f in DeliveryFailures(database_url).recent()] == [(sender, 131047)]


@pytest.mark.asyncio
async def test_images_and_whatsapp_custom_payloads_are_sent_others_are_not(channel, api):
    bot = StandInBot()
    await post(channel, bot, wa.text(NUMBER, "hello"))
    output, sender = channel.get_output_channel(), sender_pseudonym("whatsapp", NUMBER)
    await output.send_response(sender, {"text": "See this", "image": "https://example.org/helpline.png"})
    await output.send_custom_json(sender, {"whatsapp": {"type": "text", "text": {"body": "custom"}}})
    await output.send_custom_json(sender, {"telegram": {"anything": 1}})
    kinds = [(b["type"], (b.get("text") or b.get("image"))) for b in replies_only(api.sent_to(NUMBER))[1:]]
    assert kinds == [("text", {"body": "See this", "preview_url": False}),
                     ("image", {"link": "https://example.org/helpline.png"}), ("text", {"body": "custom"})]


# --- WhatsApp cannot delete messages: what the channel says and shows because of it -----------------
class FakeTracker:
    def __init__(self, slots, active_loop_name=None):
        self.slots, self.active_loop_name = slots, active_loop_name

    def get_slot(self, name):
        return self.slots.get(name)


class FakeAgent:
    """Stands for the Rasa server's agent: its tracker store returns one conversation state."""

    def __init__(self, tracker):
        self.tracker_store = self
        self.tracker = tracker

    async def retrieve(self, sender_id):
        return self.tracker


@pytest.mark.asyncio
async def test_after_her_first_turn_she_learns_the_chat_stays_on_her_phone(channel, api):
    bot = StandInBot()
    await post(channel, bot, wa.text(NUMBER, "Someone is following me"))
    first = api.sent_to(NUMBER)
    assert [b["text"]["body"] for b in first] == ["Thank you for writing.", CHAT_STAYS_ON_PHONE.en]
    await post(channel, bot, wa.text(NUMBER, "what can I do"))
    assert len(api.sent_to(NUMBER)) == 3   # once only
    # The notice leaves the first reply's choices on offer: her typed number still picks one.
    await post(channel, bot, wa.text("919833333334", "buttons"))
    await post(channel, bot, wa.text("919833333334", "2"))
    assert bot.received[-1].text == '/choose_online_safety_topic{"online_safety_topic":"t1"}'

    hindi = "919822222222"
    await post(channel, bot, wa.text(hindi, "मुझे मदद चाहिए"))
    assert api.sent_to(hindi)[-1]["text"]["body"] == CHAT_STAYS_ON_PHONE.hi


@pytest.mark.asyncio
async def test_a_photo_during_a_report_is_stored_encrypted_and_joins_the_filed_report(channel, api, database_url,
                                                                                    tmp_path):
    from bot.channels.evidence import EvidenceVault
    from bot.channels.telegram_texts import TEXTS
    from bot.channels.tracker_view import TrackerView
    from bot.complaints.report import ComplaintReport
    from bot.complaints.service import reporter_pseudonym
    from bot.complaints.sink import DatabaseSink
    from bot.store.models import EvidenceItem, PendingEvidence

    bot = StandInBot()
    await post(channel, bot, wa.text(NUMBER, "I want to report harassment"))
    channel.evidence = EvidenceVault(database_url, tmp_path / "evidence")
    channel.conversations = TrackerView(FakeAgent(FakeTracker({"language": "en"}, "report_form")))
    photo = b"\xff\xd8 screenshot of his messages"
    api.add_media("5550001", photo, "image/jpeg")
    await post(channel, bot, wa.media(NUMBER, "image", "5550001"))
    assert replies_only(api.sent_to(NUMBER))[-1]["text"]["body"] == TEXTS["evidence_received"].en
    assert len(bot.received) == 1   # the file never reaches Rasa
    [stored] = list((tmp_path / "evidence").iterdir())
    assert photo not in stored.read_bytes() and channel.evidence.read("file:" + stored.name) == photo
    sender = sender_pseudonym("whatsapp", NUMBER)
    DatabaseSink(database_url).deliver(ComplaintReport(
        reference_code="HS-WAEV-0001", category="stalking", language="en", channel="whatsapp", narrative="n",
        contact_mode="anonymous", reporter_pseudonym=reporter_pseudonym(sender)))
    await post(channel, bot, wa.text(NUMBER, "thank you"))
    engine = get_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(select(EvidenceItem.storage_ref)).scalars().all() == ["file:" + stored.name]
        assert connection.execute(select(PendingEvidence)).first() is None
    # Outside a report a photo is not kept.
    channel.conversations = TrackerView(FakeAgent(FakeTracker({"language": "en"})))
    api.add_media("5550002", b"another", "image/jpeg")
    await post(channel, bot, wa.media(NUMBER, "image", "5550002"))
    assert replies_only(api.sent_to(NUMBER))[-1]["text"]["body"] == MEDIA_RECEIVED.en
    assert len(list((tmp_path / "evidence").iterdir())) == 1


@pytest.mark.asyncio
async def test_her_account_is_shown_only_when_she_asks(channel, api):
    from bot.channels.tracker_view import TrackerView
    from bot.channels.whatsapp_texts import SHOW_ACCOUNT_PAYLOAD, YOUR_ACCOUNT

    class SummaryBot(StandInBot):
        async def __call__(self, message):
            self.received.append(message)
            await message.output_channel.send_text_with_buttons(message.sender_id, "Please check: ...", [
                {"title": "Yes, send", "payload": "/affirm"}, {"title": "Change something", "payload": "/deny"},
                {"title": "Show what I wrote", "payload": SHOW_ACCOUNT_PAYLOAD}])

    bot = SummaryBot()
    account = "he follows me from the bus stop every evening"
    channel.conversations = TrackerView(FakeAgent(FakeTracker({"language": "en", "incident_description": account},
                                                              "report_form")))
    await post(channel, bot, wa.text(NUMBER, "yes"))
    assert all(account not in json.dumps(b) for b in api.sent_to(NUMBER))
    await post(channel, bot, wa.button_reply(NUMBER, SHOW_ACCOUNT_PAYLOAD, "Show what I wrote"))
    shown = api.sent_to(NUMBER)[-1]
    assert shown["interactive"]["body"]["text"] == YOUR_ACCOUNT.en.format(account=account)
    assert [b["reply"]["title"] for b in shown["interactive"]["action"]["buttons"]] == ["Yes, send",
                                                                                       "Change something"]
    assert len(bot.received) == 1   # answered by the channel, not sent to Rasa
    await post(channel, bot, wa.text(NUMBER, "1"))   # her typed choice still means the summary's first button
    assert bot.received[-1].text == "/affirm"

TEMPLATE = {"name": "hs_follow_up", "language": "en", "params": ["HS-ABCD-2345"]}


def _age_her_last_message(database_url, number, hours):
    from datetime import datetime, timedelta, timezone
    from sqlalchemy import update
    from bot.store.db import session_factory
    from bot.store.models import ChannelIdentity
    with session_factory(database_url)() as session, session.begin():
        session.execute(update(ChannelIdentity).where(ChannelIdentity.sender_pseudonym == sender_pseudonym(
            "whatsapp", number)).values(last_seen_at=datetime.now(timezone.utc) - timedelta(hours=hours)))


@pytest.mark.asyncio
async def test_a_message_we_start_is_free_form_within_24_hours_and_a_template_after(channel, api, database_url):
    api.register_template("hs_follow_up", "hi", "en")
    await post(channel, StandInBot(), wa.text(NUMBER, "hello"))
    output, her = channel.get_output_channel(), sender_pseudonym("whatsapp", NUMBER)
    await output.send_text_message(her, "HS-ABCD-2345: has it stopped?", whatsapp_template=TEMPLATE)
    assert api.sent_to(NUMBER)[-1]["type"] == "interactive" or api.sent_to(NUMBER)[-1]["type"] == "text"

    _age_her_last_message(database_url, NUMBER, 25)
    api.outside_window(NUMBER)                    # Meta: free-form refused now
    await output.send_text_message(her, "HS-ABCD-2345: has it stopped?", whatsapp_template=TEMPLATE)
    last = api.sent_to(NUMBER)[-1]
    assert last["type"] == "template" and last["template"]["name"] == "hs_follow_up"
    assert last["template"]["components"][0]["parameters"] == [{"type": "text", "text": "HS-ABCD-2345"}]
    assert [code for _, code in api.rejected] == []          # never tried free-form past the window


@pytest.mark.asyncio
async def test_clocks_that_disagree_fall_back_to_the_template_and_an_unregistered_one_is_recorded(
        channel, api, database_url):
    await post(channel, StandInBot(), wa.text(NUMBER, "hello"))
    output, her = channel.get_output_channel(), sender_pseudonym("whatsapp", NUMBER)
    api.outside_window(NUMBER)                    # we think the window is open, Meta does not
    api.register_template("hs_follow_up", "en")
    await output.send_text_message(her, "HS-ABCD-2345: has it stopped?", whatsapp_template=TEMPLATE)
    assert [code for _, code in api.rejected] == [131047] and api.sent_to(NUMBER)[-1]["type"] == "template"
    api.templates.clear()                         # the operator never registered it
    await output.send_text_message(her, "HS-ABCD-2345: has it stopped?", whatsapp_template=TEMPLATE)
    assert 132001 in [f.error_code for f in DeliveryFailures(database_url).recent()]


@pytest.mark.asyncio
async def test_the_fake_refuses_free_form_outside_the_window(channel, api):
    await post(channel, StandInBot(), wa.text(NUMBER, "hello"))
    api.outside_window(NUMBER)
    output, her = channel.get_output_channel(), sender_pseudonym("whatsapp", NUMBER)
    await output.send_text_message(her, "a reply without a template")
    assert [code for _, code in api.rejected] == [131047]
