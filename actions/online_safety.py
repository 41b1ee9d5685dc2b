"""Online-safety advice. Typed questions are answered by the ResponseSelector (rule: utter_online_safety
then action_online_safety_followup); button choices by action_online_safety_topic; "more" by
action_online_safety_more. The last topic answered is kept in `last_online_safety_topic` so "more" knows
what to expand."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.online_safety.advice import clean_topic, more_response, short_response, topic_from_parse


def _responses(domain: DomainDict):
    return (domain or {}).get("responses", {}) or {}


class ActionOnlineSafetyTopic(Action):
    def name(self) -> Text:
        return "action_online_safety_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        topic = clean_topic(tracker.get_slot("online_safety_topic"))
        response = short_response(topic, _responses(domain))
        if response:
            dispatcher.utter_message(response=response)
            dispatcher.utter_message(response="utter_online_safety_followup")
            return [SlotSet("online_safety_topic", None), SlotSet("last_online_safety_topic", topic)]
        # A stale or forged button payload: show the topics again rather than fail.
        dispatcher.utter_message(response="utter_online_safety_topics")
        return [SlotSet("online_safety_topic", None)]


class ActionOnlineSafetyFollowup(Action):
    """After the ResponseSelector's answer (already sent, even if this server is down): the offer,
    and remember the topic for "more"."""

    def name(self) -> Text:
        return "action_online_safety_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_online_safety_followup")
        return [SlotSet("last_online_safety_topic", topic_from_parse(tracker.latest_message))]


class ActionOnlineSafetyMore(Action):
    def name(self) -> Text:
        return "action_online_safety_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        topic = clean_topic(tracker.get_slot("last_online_safety_topic"))
        response = more_response(topic, _responses(domain))
        if response:
            dispatcher.utter_message(response=response)
            dispatcher.utter_message(response="utter_online_safety_after_more")
        else:
            # Nothing answered yet in this conversation: ask which topic.
            dispatcher.utter_message(response="utter_online_safety_more_which")
        return [SlotSet("last_online_safety_topic", topic)]
