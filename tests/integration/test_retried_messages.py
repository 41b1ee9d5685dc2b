"""bot/rasa_patches/retried_messages.py and the client message id (bot/channels/guarded.py): a
message her client sends again is answered from the saved turn. The production faults test
(tests/e2e/test_production_faults.py) checks it across two real replicas; these check the pieces,
and that a Rasa upgrade changing the wrapped method fails here."""
import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot import rasa_patches
from bot.channels.guarded import take_client_message_id
from bot.rasa_patches import retried_messages as patch


def test_the_code_we_wrap_is_what_the_patch_was_written_against():
    assert patch.upstream_unchanged()


def test_the_patch_is_in_place_after_apply():
    rasa_patches.apply()
    assert MessageProcessor.handle_message is patch.handle_message


def test_a_client_id_becomes_the_message_id_and_anything_else_is_ignored():
    given = UserMessage("hi", metadata={"message_id": "a1b2c3d4e5f6"})
    take_client_message_id(given)
    assert given.message_id == "client:a1b2c3d4e5f6"
    for odd in ("short", "x" * 65, "has space in it", 12345678, None):
        message = UserMessage("hi", metadata={"message_id": odd})
        before = message.message_id
        take_client_message_id(message)
        assert message.message_id == before
    take_client_message_id(UserMessage("hi", metadata=None))


def _events():
    return [UserUttered("hello", message_id="client:first"), ActionExecuted("utter_greet"),
            BotUttered("Namaste", {"buttons": [{"title": "Report", "payload": "/report"}]}),
            BotUttered("How can I help?"), ActionExecuted("action_listen"),
            UserUttered("report", message_id="client:second"), BotUttered("Are you safe?")]


def test_the_answers_to_a_saved_message_are_those_up_to_her_next_message():
    answers = patch.answers_to(_events(), "client:first")
    assert [a["text"] for a in answers] == ["Namaste", "How can I help?"]
    assert answers[0]["buttons"] == [{"title": "Report", "payload": "/report"}]
    assert [a["text"] for a in patch.answers_to(_events(), "client:second")] == ["Are you safe?"]
    assert patch.answers_to(_events(), "client:never-seen") is None


class _Store:
    def __init__(self, events):
        self.events = events

    async def retrieve(self, sender_id):
        class Tracker:
            events = self.events
        return Tracker()


def test_a_retried_message_is_answered_from_the_tracker_and_not_run(monkeypatch):
    rasa_patches.apply()
    ran = []

    async def upstream(self, message):
        ran.append(message.text)
        return []
    monkeypatch.setattr(patch, "_upstream", upstream)
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.tracker_store = _Store(_events())
    output = CollectingOutputChannel()
    again = UserMessage("hello", output, "her", message_id="client:first")
    answers = asyncio.run(patch.handle_message(processor, again))
    assert [a["text"] for a in answers] == ["Namaste", "How can I help?"] and ran == []
    # A new message, or one without a client id, runs as usual.
    asyncio.run(patch.handle_message(processor, UserMessage("hi", CollectingOutputChannel(), "her",
                                                           message_id="client:third")))
    asyncio.run(patch.handle_message(processor, UserMessage("hi", CollectingOutputChannel(), "her")))
    assert ran == ["hi", "hi"]
