"""The reminder sender against a fake Rasa HTTP API (trigger_intent), and booking codes."""
import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.counselling.codes import find_booking_code, new_booking_code
from bot.counselling.reminders import REMINDER_INTENT, RasaReminderSender
from tests.fakes.rasa_jwt import bearer_ok


class FakeRasa(BaseHTTPRequestHandler):
    requests = []
    authorized = []
    status = 200
    active_loop = None

    def do_GET(self):
        FakeRasa.requests.append((self.path, None))
        FakeRasa.authorized.append(bearer_ok(self.headers.get("Authorization"), "t0ken"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"active_loop": {"name": FakeRasa.active_loop} if FakeRasa.active_loop else {}}
                                    ).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        FakeRasa.requests.append((self.path, json.loads(body)))
        FakeRasa.authorized.append(bearer_ok(self.headers.get("Authorization"), "t0ken"))
        self.send_response(FakeRasa.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_rasa():
    FakeRasa.requests, FakeRasa.authorized, FakeRasa.status, FakeRasa.active_loop = [], [], 200, None
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_reminder_goes_to_her_conversation_with_the_token(fake_rasa):
    starts = datetime(2026, 12, 7, 4, 30, tzinfo=timezone.utc)
    assert RasaReminderSender(fake_rasa, "t0ken")("tg/123 45", "day_before", starts) is True
    [(looked, _), (path, body)] = FakeRasa.requests
    assert looked.startswith("/conversations/tg%2F123%2045/tracker") and "t0ken" not in looked
    assert path.startswith("/conversations/tg%2F123%2045/trigger_intent?")
    assert "output_channel=latest" in path and "t0ken" not in path  # the key is never in a URL
    assert FakeRasa.authorized == [True, True]  # a signed bearer token in the header instead
    assert body == {"name": REMINDER_INTENT,
                    "entities": {"reminder_kind": "day_before", "reminder_starts_at": starts.isoformat()}}


def test_a_refused_reminder_is_reported_as_not_sent(fake_rasa):
    FakeRasa.status = 401
    assert RasaReminderSender(fake_rasa, "wrong")("s", "hour_before", datetime.now(timezone.utc)) is False


def test_rasa_down_raises_so_the_reminder_is_retried():
    with pytest.raises(Exception):
        RasaReminderSender("http://127.0.0.1:1", "t", timeout=2)("s", "day_before", datetime.now(timezone.utc))


@pytest.mark.parametrize("typed", ["hc 7kx4 92qf", "HC7KX492QF", "my code is hc-7kx4-92qf thanks"])
def test_booking_codes_typed_any_way(typed):
    assert find_booking_code(typed) == "HC-7KX4-92QF"


@pytest.mark.parametrize("typed", ["HS-7KX4-92QF", "HC-0000-1111", "", "🙏", "x" * 10_000])
def test_complaint_codes_and_junk_are_not_booking_codes(typed):
    assert find_booking_code(typed) is None


def test_new_codes_are_found_again():
    for _ in range(50):
        code = new_booking_code()
        assert find_booking_code(code.lower()) == code


@pytest.mark.parametrize("typed", ["hc 7kx4 92qf", "HC-7KX4-92QF"])
def test_a_typed_booking_code_does_not_switch_her_language(typed):
    from bot.lang.script import detect_language
    assert detect_language(typed) is None


def test_a_reminder_waits_while_she_is_in_the_middle_of_a_form(fake_rasa):
    FakeRasa.active_loop = "report_form"
    assert RasaReminderSender(fake_rasa, "t")("s", "hour_before", datetime.now(timezone.utc)) is None
    assert [p for p, body in FakeRasa.requests if body is not None] == []   # nothing triggered


def test_the_sender_works_from_the_reminder_loop_thread(fake_rasa):
    # actions/services.py calls it from a thread of its own, once per due reminder.
    results = []
    thread = threading.Thread(target=lambda: results.extend(
        RasaReminderSender(fake_rasa, "t")("s", "hour_before", datetime.now(timezone.utc)) for _ in range(2)))
    thread.start()
    thread.join(30)
    assert results == [True, True]
    assert len([p for p, body in FakeRasa.requests if body is not None]) == 2
