"""Handoff to a counsellor: ask whether she shares a summary, queue her, pause the bot.

After `action_handoff_answer` the conversation is paused (Rasa's ConversationPaused); the console
(bot/console) relays her messages and the counsellor's replies, and resumes the bot at the end.
"""
import asyncio
import logging
import time
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_helpers import reply_language, slot_text
from bot.handoff import hours
from bot.handoff.service import HandoffService, build_summary
from bot.store.flood import FloodLimited
from bot.lang.phones import mask_phone, normalise_phone

logger = logging.getLogger(__name__)
TRIGGER_BY_PREVIOUS_ACTION = {"utter_emergency": "emergency", "utter_self_harm": "self_harm",
                              "utter_fallback_counsellor": "fallback"}


@lru_cache(maxsize=1)
def handoff_service() -> HandoffService:
    return HandoffService()


def _previous_action(tracker: Tracker) -> Optional[str]:
    """The bot's last action before her latest message (what she said yes to)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def _typed_text(tracker: Tracker) -> Optional[str]:
    """Her own words when she asked for a person (not a button, not a bare "yes")."""
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    if text.startswith("/") or (latest.get("intent") or {}).get("name") != "request_human":
        return None
    return text


class ActionHandoffStart(Action):
    """Asks for consent to share a summary, or outside counsellor hours offers 1090 and a callback."""

    def name(self) -> Text:
        return "action_handoff_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        trigger = TRIGGER_BY_PREVIOUS_ACTION.get(_previous_action(tracker) or "", "asked")
        if not hours.is_open():
            dispatcher.utter_message(response="utter_handoff_out_of_hours", hours=hours.describe())
            return [SlotSet("handoff_stage", "out_of_hours")]
        dispatcher.utter_message(response="utter_request_human")
        return [SlotSet("handoff_stage", f"consent:{trigger}"),
                SlotSet("handoff_shared_text", _typed_text(tracker))]


class ActionHandoffAnswer(Action):
    """Her yes/no to the handoff question: queue her (and pause), or start/decline the callback."""

    def name(self) -> Text:
        return "action_handoff_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        stage = tracker.get_slot("handoff_stage") or "consent:asked"
        said_yes = (tracker.latest_message or {}).get("intent", {}).get("name") == "affirm"
        reset = [SlotSet("handoff_stage", None), SlotSet("handoff_shared_text", None)]
        if stage == "out_of_hours":
            if said_yes:
                return reset + [FollowupAction("handoff_callback_form")]
            dispatcher.utter_message(response="utter_handoff_no_callback")
            return reset
        trigger = stage.split(":", 1)[1] if ":" in stage else "asked"
        language = reply_language(tracker)
        summary = None
        if said_yes:
            summary = build_summary(tracker.get_slot("harassment_category"), tracker.get_slot("district"),
                                    language, trigger, tracker.get_slot("handoff_shared_text"))
        try:
            queued = await asyncio.to_thread(handoff_service().request,
                                             tracker.sender_id, tracker.get_latest_input_channel() or "unknown",
                                             language, trigger, summary, since_timestamp=time.time())
        except FloodLimited as flood:  # scripted requests by the hundred: she is given 1090 instead
            logger.warning("handoff: not queued: %s", flood)
            dispatcher.utter_message(text=flood.text.pick(language))
            return reset
        except Exception as error:  # database down: she still gets 1090, never silence
            logger.warning("handoff: could not queue: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return reset
        logger.info("handoff %d queued at position %d", queued.handoff_id, queued.position)
        dispatcher.utter_message(response="utter_handoff_queued", position=max(queued.position, 1))
        return reset + [ConversationPaused()]


class ValidateHandoffCallbackForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_callback_form"

    def validate_handoff_callback_phone(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        phone = normalise_phone(slot_text(slot_value))
        if phone is None:
            dispatcher.utter_message(response="utter_handoff_callback_phone_invalid")
        return {"handoff_callback_phone": phone}


class ActionHandoffCallbackSave(Action):
    def name(self) -> Text:
        return "action_handoff_callback_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        phone = tracker.get_slot("handoff_callback_phone")
        try:
            await asyncio.to_thread(handoff_service().request_callback,
                                    tracker.sender_id, tracker.get_latest_input_channel() or "unknown",
                                    reply_language(tracker), phone)
        except Exception as error:
            logger.warning("handoff: could not save a callback request: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return [SlotSet("handoff_callback_phone", None)]
        dispatcher.utter_message(response="utter_handoff_callback_saved", phone=mask_phone(phone))
        # The number stays only in the encrypted handoffs row, not in the conversation's slots.
        return [SlotSet("handoff_callback_phone", None)]
