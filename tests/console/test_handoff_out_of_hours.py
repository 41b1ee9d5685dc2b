"""Outside counsellor hours, against the real servers over REST: 1090 first, then a callback request
whose number is stored encrypted and never echoed in full; "no" leaves nothing behind."""
import uuid

import pytest

from bot.handoff.service import HandoffService, is_conversation, read_callback_phone

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def closed_servers(servers):
    """The session's shared servers with counsellor hours that never open. Only the action server
    reads the hours, so only it restarts (seconds, where a Rasa start takes a minute); it gets the
    shared hours back afterwards."""
    shared_hours = servers.extra_env["COUNSELLOR_HOURS"]
    servers.restart_action_server(COUNSELLOR_HOURS="00:00-00:00")  # never open
    try:
        yield servers
    finally:
        servers.restart_action_server(COUNSELLOR_HOURS=shared_hours)


def _texts(replies):
    return " ".join(r.get("text") or "" for r in replies)


def test_out_of_hours_gives_1090_and_takes_a_callback_number(closed_servers):
    sender = "ooh-" + uuid.uuid4().hex[:8]
    first = closed_servers.say(sender, "I want to talk to a counsellor")
    assert "1090" in _texts(first) and "call you back" in _texts(first)
    asked = closed_servers.say(sender, "yes")
    assert "Which phone number" in _texts(asked)
    wrong = closed_servers.say(sender, "tomorrow")
    assert "could not read that number" in _texts(wrong)
    done = closed_servers.say(sender, "98765 43210")
    assert "98XXX XX210" in _texts(done) and "9876543210" not in _texts(done)
    callbacks = HandoffService(closed_servers.database_url).callbacks()
    assert [read_callback_phone(h) for h in callbacks if is_conversation(h, sender)] == ["+919876543210"]
    # The bot is not paused: she can go on.
    assert closed_servers.say(sender, "hello")


def test_out_of_hours_no_thanks_stores_nothing(closed_servers):
    sender = "ooh-" + uuid.uuid4().hex[:8]
    closed_servers.say(sender, "mujhe kisi insaan se baat karni hai")
    replies = closed_servers.say(sender, "nahi")
    assert "1090" in _texts(replies)
    assert not [h for h in HandoffService(closed_servers.database_url).callbacks() if is_conversation(h, sender)]
