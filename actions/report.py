"""The reporting flow: its start and the form's validation."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.complaints.categories import CATEGORIES, match_category

REPORT_SLOTS = ("feels_safe", "harassment_category")


class ActionStartReport(Action):
    """Clears what an earlier, unfinished report left, so the safety question is always asked."""

    def name(self) -> Text:
        return "action_start_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        # Always returns events: an action that returns none is taken for a failed one
        # (bot/policies/safety_net.py).
        return [SlotSet(slot, None) for slot in REPORT_SLOTS]


class ValidateReportForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_report_form"

    def validate_harassment_category(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if slot_value is None:
            return {"harassment_category": None}  # cleared, not answered: nothing to re-ask
        value = str(slot_value)
        category = value if value in CATEGORIES else match_category(value)
        if category is None:
            dispatcher.utter_message(response="utter_category_not_understood")
        return {"harassment_category": category}
