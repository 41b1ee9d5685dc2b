"""The relay's emergency check during a paused handoff, and staff notifications on Telegram."""
import time

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.rasa_api import RasaClient
from bot.console.relay import Relay
from bot.handoff.service import HandoffService
from bot.notify.telegram import StaffNotifier
from tests.console.fake_staff_telegram import FakeStaffTelegram

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def relay(db_url, fake_rasa):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    relay = Relay(HandoffService(db_url), rasa)
    relay.started = 0  # messages from any time count in tests
    yield relay
    await rasa.close()


@pytest_asyncio.fixture
async def staff_telegram():
    fake = FakeStaffTelegram()
    server = TestServer(fake.app())
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


def _queue(db_url, conversation="tg-pseudo-1", trigger="asked"):
    return HandoffService(db_url).request(conversation, "telegram", "hi", trigger, None,
                                          since_timestamp=time.time() - 1)


@pytest.mark.parametrize("text, response", [
    ("woh mujhe maar raha hai, bachao", "utter_emergency"),
    ("मुझे बचाओ", "utter_emergency"),
    ("ab jeena nahi chahti, suicide kar lungi", "utter_self_harm"),
])
async def test_a_danger_phrase_during_handoff_gets_the_numbers_at_once(relay, db_url, fake_rasa, text, response):
    queued = _queue(db_url)
    fake_rasa.user_says("tg-pseudo-1", "namaste")
    fake_rasa.user_says("tg-pseudo-1", text)
    assert await relay.check_once() == 1
    assert fake_rasa.executed("tg-pseudo-1") == [response]
    execute = [c for c in fake_rasa.calls if c[0] == "EXECUTE"][0]
    assert execute[2]["output_channel"] == "latest"
    assert HandoffService(db_url).get(queued.handoff_id).emergency_flag
    # Checked once: the next round does not repeat it.
    assert await relay.check_once() == 0
    assert len(fake_rasa.executed()) == 1


async def test_ordinary_messages_and_old_messages_send_nothing(relay, db_url, fake_rasa):
    fake_rasa.user_says("tg-pseudo-1", "bachao", timestamp=time.time() - 3600)  # before the handoff
    _queue(db_url)
    fake_rasa.user_says("tg-pseudo-1", "mujhe apne pati ke baare mein baat karni hai 🙏 <script>alert(1)</script>")
    assert await relay.check_once() == 0
    assert fake_rasa.executed() == []


async def test_rasa_down_is_retried_on_the_next_round(relay, db_url, fake_rasa):
    _queue(db_url)
    fake_rasa.user_says("tg-pseudo-1", "help me he is hitting me")
    fake_rasa.fail = True
    assert await relay.check_once() == 0
    fake_rasa.fail = False
    assert await relay.check_once() == 1


async def test_an_open_case_whose_conversation_was_unpaused_is_paused_again(relay, db_url, fake_rasa):
    _queue(db_url)
    fake_rasa.events["tg-pseudo-1"].append({"event": "pause", "timestamp": time.time()})
    await relay.check_once()
    assert not [c for c in fake_rasa.calls if c[0] == "POST"]  # paused: nothing to do
    fake_rasa.events["tg-pseudo-1"].append({"event": "session_started", "timestamp": time.time()})
    await relay.check_once()
    assert fake_rasa.paused("tg-pseudo-1")


async def test_closed_cases_are_not_watched(relay, db_url, fake_rasa, staff):
    queued = _queue(db_url)
    service = HandoffService(db_url)
    service.claim(queued.handoff_id, staff["asha"])
    service.close(queued.handoff_id, staff["asha"])
    fake_rasa.user_says("tg-pseudo-1", "bachao")
    assert await relay.check_once() == 0


async def test_new_handoff_posts_a_short_staff_message_with_a_link(db_url, fake_rasa, staff_telegram):
    notifier = StaffNotifier("123:ABC", "-1001", staff_telegram.url, "https://console.example")
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    relay = Relay(HandoffService(db_url), rasa, notifier)
    queued = HandoffService(db_url).request("web-9", "socketio", "en", "emergency",
                                            {"category": "domestic", "district": "Agra", "language": "en",
                                             "trigger": "emergency", "shared": "my husband beats me"},
                                            since_timestamp=time.time())
    await relay.check_once()
    await relay.check_once()
    await rasa.close()
    assert len(staff_telegram.sent) == 1
    message = staff_telegram.sent[0]
    assert message["chat_id"] == "-1001" and message["token"] == "123:ABC"
    assert f"https://console.example/cases/{queued.handoff_id}" in message["text"]
    assert "URGENT" in message["text"]
    for private in ("husband", "Agra", "domestic", "web-9"):
        assert private not in message["text"]


async def test_notification_failure_is_retried_later(db_url, fake_rasa, staff_telegram):
    staff_telegram.fail = True
    notifier = StaffNotifier("123:ABC", "-1001", staff_telegram.url, "https://console.example")
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    relay = Relay(HandoffService(db_url), rasa, notifier)
    queued = _queue(db_url)
    await relay.check_once()
    await rasa.close()
    assert HandoffService(db_url).get(queued.handoff_id).notified_at is None


async def test_notifications_are_off_without_a_token(caplog):
    with caplog.at_level("INFO"):
        notifier = StaffNotifier("", "", "http://127.0.0.1:9", "http://console")
    assert not notifier.enabled
    assert await notifier.send("x") is True
    assert "staff notifications off" in caplog.text


async def test_booking_notification_has_no_names(staff_telegram):
    notifier = StaffNotifier("1:A", "-5", staff_telegram.url, "https://console.example")
    assert await notifier.new_booking(17, "2026-12-01")
    assert staff_telegram.sent[0]["text"] == ("New counselling booking #17 for 2026-12-01. "
                                              "Open: https://console.example/bookings?day=2026-12-01")


def test_conversation_since_skips_copies_made_when_a_long_conversation_starts_a_new_session():
    from bot.rasa_api import CARRIED_OVER, conversation_since
    from bot.store.tracker_store import CARRIED_OVER as STORE_MARK

    assert CARRIED_OVER == STORE_MARK
    tracker = {"events": [
        {"event": "user", "text": "I want a person", "timestamp": 10.0},
        {"event": "user", "text": "I want a person", "timestamp": 12.0, "metadata": {CARRIED_OVER: True}},
        {"event": "bot", "text": "You are number 1", "timestamp": 12.0, "metadata": {CARRIED_OVER: True}},
        {"event": "user", "text": "hello?", "timestamp": 13.0},
    ]}
    assert [m["text"] for m in conversation_since(tracker, 5.0)] == ["I want a person", "hello?"]



async def test_a_relay_that_takes_over_checks_what_the_one_before_had_not(relay, db_url, fake_rasa):
    """The job worker's relay moves to another worker when its worker dies: the new relay, started
    after her message, still answers it (how far each case was checked is kept in the database)."""
    _queue(db_url)
    fake_rasa.user_says("tg-pseudo-1", "namaste")
    assert await relay.check_once() == 0
    fake_rasa.user_says("tg-pseudo-1", "bachao, wo mujhe maar raha hai")  # while no relay runs
    time.sleep(0.01)
    successor = Relay(HandoffService(db_url), relay.rasa)  # started now, after her message
    assert await successor.check_once() == 1
    assert fake_rasa.executed("tg-pseudo-1") == ["utter_emergency"]
    assert await Relay(HandoffService(db_url), relay.rasa).check_once() == 0  # and never twice


async def test_a_relay_started_after_a_handoff_it_never_saw_skips_only_older_messages(db_url, fake_rasa):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    fake_rasa.user_says("tg-pseudo-1", "bachao", timestamp=time.time() - 0.5)
    _queue(db_url)  # since_timestamp: a second ago, so "bachao" is inside the handoff
    relay = Relay(HandoffService(db_url), rasa)  # started now: messages before its start are old
    assert await relay.check_once() == 0
    fake_rasa.user_says("tg-pseudo-1", "bachao")
    assert await Relay(HandoffService(db_url), rasa).check_once() == 1  # the next relay goes on from the mark
    await rasa.close()


async def test_a_case_a_counsellor_is_closing_is_not_paused_again(relay, db_url, fake_rasa):
    queued = _queue(db_url)
    service = HandoffService(db_url)
    service.mark_closing(queued.handoff_id)  # in a console: resumed in Rasa, not yet closed
    fake_rasa.events["tg-pseudo-1"].append({"event": "resume", "timestamp": time.time()})
    await relay.check_once()
    assert not fake_rasa.paused("tg-pseudo-1")
    service.mark_closing(queued.handoff_id, False)  # the close failed: the case stays open
    await relay.check_once()
    assert fake_rasa.paused("tg-pseudo-1")


async def test_the_stored_mark_only_moves_forward(db_url):
    service = HandoffService(db_url)
    queued = _queue(db_url)
    service.set_relay_checked(queued.handoff_id, 200.0)
    service.set_relay_checked(queued.handoff_id, 100.0)   # a relay that lost its lease, late
    assert service.get(queued.handoff_id).relay_checked_until == 200.0
