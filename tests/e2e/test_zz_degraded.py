"""When the action server is down, and what reaches the logs. Runs after the other e2e modules, so
its log checks read what the whole session wrote to the shared servers' logs (each check also holds
on its own: the private conversation it looks for is a fixture)."""
import queue
import threading
import time

import pytest
import socketio

from tests.e2e.conftest import Chat, identify, record_metric

pytestmark = pytest.mark.e2e

# Distinctive words that can only reach a log file by logging message text.
PRIVATE_TEXT = "meri padosan Kavitaxyz ne 9876501234 se gande message bheje, Gomtinagar Lucknow"


def test_socketio_delivers_replies_with_session_persistence(servers):
    """python-socketio >= 5.10 silently breaks Rasa's replies with session_persistence: true."""
    client = socketio.Client(reconnection=False)
    replies, confirmed = queue.Queue(), threading.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", lambda message: replies.put(message))
    client.connect(servers.url, socketio_path="/socket.io", transports=["websocket"])
    try:
        client.emit("session_request", {"session_id": "socket-e2e-session"})
        assert confirmed.wait(10), "no session_confirm"
        started = time.monotonic()
        client.emit("user_uttered", {"message": "बचाओ", "session_id": "socket-e2e-session"})
        first = replies.get(timeout=30)
        record_metric("socketio_first_reply_seconds", round(time.monotonic() - started, 3))
    finally:
        client.disconnect()
    assert identify(first) == ("utter_emergency", "hi")


@pytest.fixture(scope="module")
def private_conversation(servers):
    """A report whose answer holds a name, a phone number and a place: the words the checks below
    look for in the tracker store and the logs. Returns the replies to each message."""
    chat = Chat(servers)
    return [chat.replies(text) for text in ("mujhe complaint karni hai", "haan", PRIVATE_TEXT)]


def test_private_text_in_a_conversation_is_taken_as_her_report(private_conversation):
    started, safe, private = private_conversation
    assert started == [("utter_ask_report_form_feels_safe", "hi-Latn")]
    assert safe == [("utter_ask_report_form_harassment_category", "hi-Latn")]
    # Her words name the kind of harassment (messages), so the form goes on to what happened.
    assert private == [("utter_ask_report_form_incident_description", "hi-Latn")]


def test_emergency_still_answers_when_the_action_server_is_down(servers):
    servers.stop_action_server()
    try:
        assert Chat(servers).replies("wo mujhe maar raha hai")[0] == ("utter_emergency", "hi-Latn")
        assert Chat(servers).replies("I want to kill myself")[0] == ("utter_self_harm", "en")
        chat = Chat(servers)
        assert chat.replies("नमस्ते")[0] == ("utter_greet", "hi")
        replies = chat.replies("मुझे शिकायत दर्ज करनी है")
        assert replies, "no answer while the action server is down"
        assert chat.replies("बचाओ")[0] == ("utter_emergency", "hi")
    finally:
        servers.start_action_server()


def test_a_form_started_before_the_outage_still_lets_emergencies_through(servers):
    chat = Chat(servers)
    chat.say("I want to report harassment")
    chat.say("yes")
    servers.stop_action_server()
    try:
        assert chat.replies("he is going to kill me")[0] == ("utter_emergency", "en")
    finally:
        servers.start_action_server()


def test_tracker_store_file_holds_no_message_text(servers, private_conversation):
    raw = (servers.log_dir / "tracker.db").read_bytes()
    assert b"user" in raw  # the conversations are there ...
    for word in (b"Kavitaxyz", b"9876501234", b"Gomtinagar"):
        assert word not in raw  # ... but not readable


def test_logs_never_contain_message_text(servers, private_conversation):
    logs = servers.log("rasa") + servers.log("actions")
    assert logs, "no logs were captured"
    for word in ("Kavitaxyz", "9876501234", "Gomtinagar", "padosan"):
        assert word not in logs
    # Conversation ids (every test chat's sender starts with "e2e-") never reach the logs either.
    assert "e2e-" not in logs
