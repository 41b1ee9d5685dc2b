"""Online-safety advice chosen from the topic buttons (typed questions go to the ResponseSelector)."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

RESPONSE_PREFIX = "utter_online_safety/"


class ActionSafetyTopic(Action):
    def name(self) -> Text:
        return "action_safety_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        topic = tracker.get_slot("safety_topic")
        response = f"{RESPONSE_PREFIX}{topic}"
        if topic and response in domain.get("responses", {}):
            dispatcher.utter_message(response=response)
            dispatcher.utter_message(response="utter_safety_followup")
        else:
            # A stale or forged button payload: show the topics again rather than fail.
            dispatcher.utter_message(response="utter_safety_topics")
        return [SlotSet("safety_topic", None)]
