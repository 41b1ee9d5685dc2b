"""Delivering a scheduled message into her conversation through the Rasa server's HTTP API.

The channels' own senders live in the Rasa server (bot/channels/: Telegram, WhatsApp; socket.io for
the widget), so the worker hands a message to Rasa exactly as the console's relay does: a bot event
appended to her tracker with `output_channel=latest`, which Rasa sends through the channel she last
used and records in her conversation. Slots in the payload are set in the same call (the follow-up
question sets the slot that makes her next answer count as its answer). A WhatsApp template, when
the payload carries one, travels in the event's metadata; the WhatsApp channel uses it when her last
message is more than 24 hours old (bot/channels/whatsapp.py).

Before sending: a do-not-contact record cancels the message; a form she is filling in right now
(a report, a booking) defers it, since Rasa would take it as her answer's context, unless the
payload says it may interrupt (a counsellor joining her chat) or names the form it may replace (the
follow-up's reminder replaces an unanswered follow-up question).

Exactly once: a worker killed after Rasa took the message but before the row was marked sent leaves
the row claimed; another worker takes it up later. Each bot event carries the row's id
(SCHEDULED_ID), and a message claimed before (attempts > 1) is first looked for in her conversation:
found, it is recorded as sent, not sent again.
"""
import asyncio
import logging
from typing import Callable, Optional

from bot import settings
from bot.jobs.scheduled import SCHEDULED_MARK, Message, Outcome
from bot.rasa_api import RasaClient, RasaError

logger = logging.getLogger(__name__)
# The bot event's metadata key with the scheduled message's row id (never her id).
SCHEDULED_ID = "hs_scheduled_id"


def bot_event(message: Message) -> dict:
    payload = message.payload
    metadata = {SCHEDULED_MARK: message.kind, SCHEDULED_ID: message.id}
    if payload.get("whatsapp_template"):
        metadata["whatsapp_template"] = payload["whatsapp_template"]
    event = {"event": "bot", "text": payload.get("text") or "", "metadata": metadata}
    if payload.get("buttons"):
        event["data"] = {"buttons": payload["buttons"]}
    return event


def events_for(message: Message) -> list:
    """Optionally a form to start (the follow-up question: her next message is its answer), its
    slots, then the bot's message."""
    loop = message.payload.get("active_loop")
    events = [{"event": "active_loop", "name": loop}] if loop else []
    events += [{"event": "slot", "name": name, "value": value}
               for name, value in (message.payload.get("slots") or {}).items()]
    return events + [bot_event(message)]


def already_sent(tracker: dict, message_id: int) -> bool:
    return any(event.get("event") == "bot" and (event.get("metadata") or {}).get(SCHEDULED_ID) == message_id
               for event in tracker.get("events") or [])


class RasaDelivery:
    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, timeout: float = 15,
                 do_not_contact: Optional[Callable[[str, str], bool]] = None) -> None:
        self.url = url or settings.RASA_API_URL
        self.token = settings.rasa_api_token() if token is None else token
        self.timeout = timeout
        if do_not_contact is None:
            from bot.jobs.do_not_contact import DoNotContact
            do_not_contact = DoNotContact().applies
        self.do_not_contact = do_not_contact

    def __call__(self, message: Message) -> Outcome:
        if self.do_not_contact(message.channel, message.conversation_id):
            return Outcome("cancelled", "do_not_contact")
        return asyncio.run(self._send(message))

    async def _send(self, message: Message) -> Outcome:
        async with RasaClient(self.url, self.token, self.timeout) as rasa:
            claimed_before = message.attempts > 1
            if claimed_before or not message.payload.get("interrupt"):
                try:
                    tracker = await rasa.tracker(message.conversation_id,
                                                 include_events=None if claimed_before else "NONE")
                except RasaError as error:
                    return Outcome("retry", f"rasa_{error.status or 'unreachable'}")
                if claimed_before and already_sent(tracker, message.id):
                    logger.info("scheduled message %d was sent before its worker stopped: not sent again", message.id)
                    return Outcome.sent()
            if not message.payload.get("interrupt"):
                loop = (tracker.get("active_loop") or {}).get("name")
                if loop and loop not in (message.payload.get("may_interrupt_loops") or []):
                    return Outcome("defer")
            try:
                await rasa.append_events(message.conversation_id, events_for(message), to_channel=True)
            except RasaError as error:
                return Outcome("retry", f"rasa_{error.status or 'unreachable'}")
        return Outcome.sent()
