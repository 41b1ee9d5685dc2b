"""Faults in the production profile (bot/devtools/production.py), started once for this module: two
Rasa replicas and two action servers behind nginx, the job worker, two consoles, PostgreSQL and Redis
of the test's own (initdb and redis-server on free ports: the machine's shared ones are not touched).

Each test names the protection it checks:
- a message sent again (her client's retry) is answered from the saved turn, never run twice
  (bot/rasa_patches/retried_messages.py);
- a counsellor's text and a scheduled message reach her socket on the other replica (the socket.io
  bridge over Redis, bot/channels/socketio_bridge.py);
- an action server killed mid-turn: "please try again" and 1090 (DangerFirstPolicy's fallback);
- the job worker killed between sending and recording: the message goes out once
  (bot/jobs/delivery.py, already_sent);
- PostgreSQL and Redis restarted: her form goes on, nothing lost;
- kill -9 of a Rasa replica amid 20 concurrent reports: every report filed once, every message of
  hers in her tracker once (trackers in PostgreSQL, locks in Redis, retried messages answered once).
"""
import asyncio
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import pytest
import requests
import socketio

from bot.devtools.production import Production
from bot.rasa_api import RasaClient
from tests.e2e.conftest import ARTIFACTS as ALL_ARTIFACTS
from tests.e2e.conftest import identify
from tests.e2e.reporting import EXPECTED_STEPS, file_anonymous_report
from bot.devtools.servers import UNTHROTTLED

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ARTIFACTS = ALL_ARTIFACTS / "production-faults"

FAST = {
    **UNTHROTTLED,
    "HS_REST_CHANNEL": "on",                 # the tests talk REST (off for the public in production)
    "SCHEDULED_POLL_SECONDS": "0.5",
    "HS_SCHEDULED_CLAIM_TIMEOUT_SECONDS": "3",   # a dead worker's claim comes back in seconds
    "TICKET_LOCK_LIFETIME": "20",            # Rasa: a dead replica's lock ticket expires after this
}


@pytest.fixture(scope="module")
def profile():
    directory = Path(tempfile.mkdtemp(prefix="hs-production-test-"))
    directory.chmod(0o755)   # PostgreSQL runs as its own user and must reach its data directory
    production = Production(directory, rasa_replicas=2, action_servers=2, consoles=2, extra_env=dict(FAST))
    started = time.monotonic()
    try:
        production.start()
        print(f"production profile started in {time.monotonic() - started:.0f} s")
        with pytest.MonkeyPatch.context() as patch:   # this process schedules messages with the run's keys
            for name in ("HS_DATA_KEY", "HS_PSEUDONYM_KEY"):
                patch.setenv(name, production.keys[name])
            yield production
    finally:
        production.stop()
        # The processes' logs (never her text or ids) stay as a test artifact.
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(directory / "logs", ARTIFACTS, dirs_exist_ok=True)
        shutil.rmtree(directory, ignore_errors=True)


def rasa_url(profile, name: str) -> str:
    return f"http://127.0.0.1:{profile.ports[name]}"


def api(profile, url=None) -> RasaClient:
    return RasaClient(url or profile.api_url, profile.keys["RASA_API_TOKEN"], timeout=30)


def tracker(profile, conversation_id: str) -> dict:
    async def read():
        async with api(profile) as rasa:
            return await rasa.tracker(conversation_id)
    return asyncio.run(read())


def user_events(profile, conversation_id: str) -> list:
    return [e for e in tracker(profile, conversation_id)["events"] if e["event"] == "user"]


class RetryingChat:
    """Her REST client as the widget would be: each message has an id of its own and is sent again,
    with the same id, until an answer comes (a replica that died, a 502 from nginx, a timeout)."""

    answered = 0   # answers received by all clients (the kill test's clock)
    _lock = threading.Lock()

    def __init__(self, url: str, give_up_after: float = 150):
        self.url = url + "/webhooks/rest/webhook"
        self.sender = "fault-" + uuid.uuid4().hex[:12]
        self.give_up_after = give_up_after
        self.retries = 0

    def say(self, text: str, message_id: str = ""):
        message_id = message_id or uuid.uuid4().hex
        deadline = time.monotonic() + self.give_up_after
        while True:
            try:
                response = requests.post(self.url, json={"sender": self.sender, "message": text,
                                                         "metadata": {"message_id": message_id}}, timeout=90)
                if response.status_code == 200:
                    with RetryingChat._lock:
                        RetryingChat.answered += 1
                    return response.json()
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer after {self.give_up_after} s")
            self.retries += 1
            time.sleep(1)

    def replies(self, text: str):
        return [identify(m) for m in self.say(text)]


class SocketHer:
    """Her widget on socket.io, connected to one replica; every bot message she receives is kept."""

    def __init__(self, url: str):
        self.session_id = uuid.uuid4().hex
        self.received: list = []
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self._run(self._connect(url))

    def _run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _connect(self, url: str) -> None:
        # Long-polling, as the widget starts: engineio's websocket client wants a newer aiohttp.
        self.sio = socketio.AsyncClient(reconnection=False)
        confirmed = asyncio.Event()
        self.sio.on("bot_uttered", lambda data: self.received.append(data))
        self.sio.on("session_confirm", lambda data: confirmed.set())
        await self.sio.connect(url, transports=["polling"], socketio_path="socket.io")
        await self.sio.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), 30)

    def say(self, text: str) -> None:
        self._run(self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id}))

    def texts(self) -> list:
        return [m.get("text") or "" for m in list(self.received)]

    def wait_for(self, text_part: str, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sum(text_part in t for t in self.texts())
            if found:
                return found
            time.sleep(0.2)
        return 0

    def close(self) -> None:
        self._run(self.sio.disconnect())
        self.loop.call_soon_threadsafe(self.loop.stop)


def test_the_profile_serves_through_nginx(profile):
    assert requests.get(profile.url + "/", timeout=10).status_code == 200
    # Rasa's HTTP API is not on the public port; the consoles are behind their own.
    assert requests.get(profile.url + "/conversations/x/tracker", timeout=10).status_code == 404
    assert requests.get(profile.console_url + "/health", timeout=10).status_code == 200
    chat = RetryingChat(profile.url)
    assert chat.replies("I want to report harassment") == [("utter_ask_report_form_feels_safe", "en")]


def test_a_message_sent_again_to_the_other_replica_is_answered_once(profile):
    """Replica 0 saved her turn but its answer never reached her; her client sends the message again
    and replica 1 takes it: the same answer, and her message is in her tracker once."""
    first = RetryingChat(rasa_url(profile, "rasa-0"))
    again = RetryingChat(rasa_url(profile, "rasa-1"))
    again.sender = first.sender
    assert first.replies("I want to report harassment") == [("utter_ask_report_form_feels_safe", "en")]
    answer = first.replies("yes")
    assert answer == [("utter_ask_report_form_harassment_category", "en")]
    message_id = uuid.uuid4().hex
    assert first.say("stalking", message_id) == again.say("stalking", message_id)
    assert [e["text"] for e in user_events(profile, first.sender)] == ["I want to report harassment", "yes", "stalking"]


def test_counsellor_text_and_scheduled_message_reach_her_socket_on_the_other_replica(profile):
    from bot.jobs.scheduled import ScheduledMessages

    her = SocketHer(rasa_url(profile, "rasa-0"))
    try:
        her.say("namaste ji")
        assert her.wait_for("Namaste"), her.texts()
        _counsellor_writes(profile, her, "Counsellor Meera here, I am with you.")
        assert her.wait_for("Counsellor Meera here", 15) == 1, her.texts()

        # The worker's way: a scheduled message through nginx's API port (any replica).
        ScheduledMessages(profile.database_url).schedule(
            "counsellor_joined", "socketio", her.session_id, {"text": "Scheduled hello from 1090.", "interrupt": True})
        assert her.wait_for("Scheduled hello from 1090", 30) == 1, her.texts()
    finally:
        her.close()


def _action_servers(profile, sig) -> None:
    for name in profile.action_names():
        os.killpg(profile.processes[name].pid, sig)


def test_action_servers_killed_mid_turn_she_gets_try_again_and_1090(profile):
    chat = RetryingChat(profile.url)
    assert chat.replies("I want to report harassment") == [("utter_ask_report_form_feels_safe", "en")]
    # Both action servers frozen: her next turn (the form's validation action) waits in one of them;
    # then both are killed under it.
    _action_servers(profile, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(chat.say, "yes")
            time.sleep(3)
            assert not answer.done(), "the turn did not wait for the action server"
            for name in profile.action_names():
                profile.kill(name)
            replies = answer.result(120)
    finally:
        for name in profile.action_names():
            if name not in profile.processes:
                profile.restart(name)
    assert replies, "silence"
    assert ("utter_action_unavailable", "en") in [identify(m) for m in replies], replies
    assert any("1090" in (m.get("text") or "") for m in replies)
    # and with the action servers back, her next message is answered as usual
    assert chat.replies("hello") and chat.retries == 0


def test_the_worker_killed_between_sending_and_recording_sends_once(profile):
    from bot.jobs.scheduled import ScheduledMessages

    her = SocketHer(rasa_url(profile, "rasa-0"))
    database = psycopg2.connect(host="127.0.0.1", port=profile.ports["postgres"], user="postgres",
                                password=profile.keys["POSTGRES_PASSWORD"], dbname="hamari")
    database.autocommit = True
    cursor = database.cursor()
    try:
        her.say("namaste ji")
        assert her.wait_for("Namaste")
        # The worker's "sent" record is held up inside PostgreSQL: it dies after Rasa took the message.
        cursor.execute("""CREATE FUNCTION hs_test_hold() RETURNS trigger AS $$
            BEGIN IF NEW.status = 'sent' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER hs_test_hold BEFORE UPDATE ON scheduled_messages
                FOR EACH ROW EXECUTE FUNCTION hs_test_hold();""")
        message_id = ScheduledMessages(profile.database_url).schedule(
            "counsellor_joined", "socketio", her.session_id, {"text": "Exactly once from 1090.", "interrupt": True})
        assert her.wait_for("Exactly once from 1090", 30) == 1
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the worker did not get to record the send")
        profile.kill("worker")
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
        cursor.execute("DROP TRIGGER hs_test_hold ON scheduled_messages; DROP FUNCTION hs_test_hold();")
        cursor.execute("SELECT status FROM scheduled_messages WHERE id = %s", (message_id,))
        assert cursor.fetchone()[0] == "sending"   # claimed, sent, never recorded
        profile.restart("worker")
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            cursor.execute("SELECT status, attempts FROM scheduled_messages WHERE id = %s", (message_id,))
            status, attempts = cursor.fetchone()
            if status == "sent":
                break
            time.sleep(0.3)
        assert (status, attempts) == ("sent", 2)   # taken up again by the new worker
        time.sleep(2)
        assert sum("Exactly once from 1090" in t for t in her.texts()) == 1, her.texts()
        sent = [e for e in tracker(profile, her.session_id)["events"]
                if e["event"] == "bot" and (e.get("metadata") or {}).get("hs_scheduled_id") == message_id]
        assert len(sent) == 1
    finally:
        if "worker" not in profile.processes:
            profile.restart("worker")
        database.close()
        her.close()


def _counsellor_writes(profile, her: "SocketHer", text: str, replica: str = "rasa-1") -> None:
    async def write():   # the console's call, to the replica that does NOT hold her socket
        async with api(profile, rasa_url(profile, replica)) as rasa:
            await rasa.send_counsellor_text(her.session_id, text)
    asyncio.run(write())


def test_postgresql_and_redis_restarted_her_form_goes_on(profile):
    chat = RetryingChat(profile.url)
    her = SocketHer(rasa_url(profile, "rasa-0"))   # her widget stays connected through both restarts
    steps = iter(EXPECTED_STEPS)
    from tests.e2e.reporting import REPORTS
    texts = REPORTS["hi-Latn"]
    try:
        her.say("namaste ji")
        assert her.wait_for("Namaste")
        for _ in range(4):
            step, expected = next(steps)
            assert chat.replies(texts.get(step, step)) == [(n, "hi-Latn") for n in expected]
        profile.restart("postgres")
        step, expected = next(steps)
        assert chat.replies(texts.get(step, step)) == [(n, "hi-Latn") for n in expected]
        profile.restart("redis")
        for step, expected in steps:
            assert chat.replies(texts.get(step, step)) == [(n, "hi-Latn") for n in expected]
        assert len(user_events(profile, chat.sender)) == len(EXPECTED_STEPS)
        # No turn was answered from Rasa's in-memory fallback (an empty tracker) while PostgreSQL was away.
        for name in profile.rasa_names():
            assert "Falling back to use the 'InMemoryTrackerStore'" not in profile.log(name), name
        # The socket.io bridge is back on the restarted Redis: a counsellor's text from the other
        # replica reaches her socket (its listener reconnects with a back-off of 1, 2, 4 ... s).
        deadline = time.monotonic() + 30
        while not her.wait_for("After the restart", 1) and time.monotonic() < deadline:
            _counsellor_writes(profile, her, "After the restart, still here.")
            time.sleep(2)
        assert her.wait_for("After the restart", 5), her.texts()
        # and a widget that connects now is served as before
        newcomer = SocketHer(rasa_url(profile, "rasa-0"))
        try:
            newcomer.say("namaste ji")   # her latest channel is socket.io from now on
            assert newcomer.wait_for("Namaste"), newcomer.texts()
            _counsellor_writes(profile, newcomer, "Welcome after the restart.")
            assert newcomer.wait_for("Welcome after the restart", 15), newcomer.texts()
        finally:
            newcomer.close()
    finally:
        her.close()


def test_kill_9_of_a_rasa_replica_amid_20_reports(profile):
    """20 women file reports at once through nginx; replica 0 is killed when about a third of their
    messages are answered. Their clients retry; every report is filed once, every message is in
    her tracker once, every answer was the expected one (file_anonymous_report checks each step)."""
    languages = ["hi", "hi-Latn", "en"]
    chats = [RetryingChat(profile.url) for _ in range(20)]
    start = RetryingChat.answered
    total = len(chats) * len(EXPECTED_STEPS)

    def killer():
        while RetryingChat.answered - start < total // 3:
            time.sleep(0.05)
        profile.kill("rasa-0")
    kill = threading.Thread(target=killer, daemon=True)
    kill.start()
    started = time.monotonic()
    with ThreadPoolExecutor(len(chats)) as pool:
        results = list(pool.map(lambda c: file_anonymous_report(c[1], languages[c[0] % 3]), enumerate(chats)))
    kill.join(5)
    retries = sum(chat.retries for chat in chats)
    print(f"20 reports ({total} messages) in {time.monotonic() - started:.0f} s, {retries} retries after the kill")
    assert "rasa-0" not in profile.processes, "the replica was not killed during the run"
    codes = [code for code, _, _ in results]
    assert len(set(codes)) == len(chats)
    assert retries > 0, "no client had to retry: the kill hit nothing"
    for chat in chats:
        texts = [e["text"] for e in user_events(profile, chat.sender)]
        assert len(texts) == len(EXPECTED_STEPS), (len(texts), chat.retries)
    from sqlalchemy import func, select

    from bot.store.db import session_factory
    from bot.store.models import Complaint
    with session_factory(profile.database_url)() as session:
        filed = session.execute(select(Complaint.reference_code, func.count()).where(
            Complaint.reference_code.in_(codes)).group_by(Complaint.reference_code)).all()
    assert sorted(tuple(row) for row in filed) == sorted((code, 1) for code in codes)


def _status_from(address: str, port: int, method: str, path: str, body: bytes = b"") -> int:
    """One request from a chosen loopback address (127.0.0.0/8 is all this host's): two clients."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(address, 0))
    try:
        connection.request(method, path, body=body or None, headers={"Content-Type": "application/json"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_zz_the_public_edge_serves_only_the_channels_within_limits(profile):
    """Issue 19: Rasa's HTTP API is refused on the public port (the worker and consoles use the internal
    one), bodies are capped, and one address flooding the edge gets 429 while another is served.
    Named zz: it runs last, so its flood cannot slow the other tests."""
    public, internal = profile.ports["public"], profile.ports["api"]
    for method, path in (("GET", "/conversations/x/tracker"), ("POST", "/conversations/x/execute"),
                         ("POST", "/conversations/x/trigger_intent"), ("GET", "/model"), ("PUT", "/model"),
                         ("POST", "/model/parse"), ("GET", "/status"), ("GET", "/version"), ("GET", "/domain")):
        assert _status_from("127.0.0.1", public, method, path) == 404, (method, path)
    # The same API is there on the internal port, and refuses a caller without the token.
    assert _status_from("127.0.0.1", internal, "GET", "/status") in (401, 403)
    big = b'{"sender": "x", "message": "' + b"a" * 600_000 + b'"}'
    assert _status_from("127.0.0.1", public, "POST", "/webhooks/rest/webhook", big) == 413
    # A flood from one address (kept-alive connections, to a proxied path: nginx's `return 404` answers
    # before any limit applies, and costs nothing): beyond the burst, 429; another address is answered.
    def flood(_):
        import http.client
        connection = http.client.HTTPConnection("127.0.0.1", public, timeout=10, source_address=("127.0.0.3", 0))
        got = []
        try:
            for _ in range(60):
                connection.request("GET", "/")
                response = connection.getresponse()
                response.read()
                got.append(response.status)
        finally:
            connection.close()
        return got
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = [status for batch in pool.map(flood, range(12)) for status in batch]
    assert statuses.count(429) > 0 and statuses.count(200) >= 100, (statuses.count(200), statuses.count(429))
    assert _status_from("127.0.0.4", public, "GET", "/") == 200
