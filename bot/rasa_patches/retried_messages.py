"""A message her client sends again is answered once: the same answers come back, the turn is not
run a second time.

Why: behind nginx, a Rasa replica can die (kill -9, a node lost) after it saved her turn (her message,
the form's new slot, the bot's answers: one save at the end of the turn, in PostgreSQL) but before
its answer reached her. Her client (the widget, the retrying client of
tests/e2e/test_production_faults.py) sends the message again and another replica takes it. Without
this patch that replica runs the turn again: the same answer twice, and inside a form her answer
would fill the next slot too.

How: a client may give each message an id (`message_id` in the REST body's `metadata`, or in the
socket.io message's metadata; bot/channels/guarded.py puts it in Rasa's UserMessage.message_id).
MessageProcessor.handle_message runs under the conversation's lock (Redis in production), so it is
the one place that can look at the saved tracker race-free: when her message id is already there,
the bot's answers that followed it are sent again and nothing is run or saved. A message without
a client id (Telegram, WhatsApp, old widgets) is handled exactly as before.
"""
import logging
from typing import Any, Callable, Dict, List, Optional

from bot.rasa_patches.upstream import source_sha256

logger = logging.getLogger(__name__)

# sha256 of the upstream method wrapped here (Rasa 3.6.21); another hash: re-read it, then update.
UPSTREAM_SOURCE_SHA256 = "0c41d4780d2d46769ef2ae2b3f450b88d2602e916590e8be9975aa474db9f7f4"
CLIENT_ID_PREFIX = "client:"

_upstream: Optional[Callable] = None


def upstream_unchanged() -> bool:
    from rasa.core.processor import MessageProcessor
    return source_sha256(_upstream or MessageProcessor.handle_message) == UPSTREAM_SOURCE_SHA256


def answers_to(events: List[Any], message_id: str) -> Optional[List[Dict[str, Any]]]:
    """The bot's messages that answered the user message with this id (None: not in the tracker)."""
    from rasa.shared.core.events import BotUttered, UserUttered
    answers: Optional[List[Dict[str, Any]]] = None
    for event in events:
        if isinstance(event, UserUttered):
            if answers is not None:
                break
            if event.message_id == message_id:
                answers = []
        elif answers is not None and isinstance(event, BotUttered):
            answers.append(event.message())
    return answers


async def handle_message(self, message) -> Optional[List[Dict[str, Any]]]:
    """MessageProcessor.handle_message that answers a retried message from the saved tracker."""
    from rasa.core.channels.channel import CollectingOutputChannel
    assert _upstream is not None
    if (message.message_id or "").startswith(CLIENT_ID_PREFIX):
        tracker = await self.tracker_store.retrieve(message.sender_id)
        answers = answers_to(tracker.events, message.message_id) if tracker is not None else None
        if answers is not None:
            logger.info("a retried message was answered from its saved turn (%d answers)", len(answers))
            for answer in answers:
                await message.output_channel.send_response(message.sender_id, answer)
            if isinstance(message.output_channel, CollectingOutputChannel):
                return message.output_channel.messages
            return None
    return await _upstream(self, message)


def apply() -> bool:
    global _upstream
    from rasa.core.processor import MessageProcessor
    if MessageProcessor.handle_message is handle_message:
        return True
    if not upstream_unchanged():
        logger.warning("Rasa's MessageProcessor.handle_message is not the code bot/rasa_patches/"
                       "retried_messages.py wraps: left as it is (a retried message is answered twice)")
        return False
    _upstream = MessageProcessor.handle_message
    MessageProcessor.handle_message = handle_message  # type: ignore[method-assign]
    logger.info("Rasa patched: a retried message (same client id) is answered from its saved turn")
    return True
