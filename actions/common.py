"""Actions every flow relies on."""
from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict


class ValidateSlotMappings(ValidationAction):
    """Keeps a language she chose explicitly ("English please") until she chooses again.

    Without this action (action server down) the reply language simply follows the script of her
    latest message: the slot mappings in domain.yml work on their own.
    """

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    def validate_language(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        requested = next(tracker.get_latest_entity_values("requested_language"), None)
        pinned = tracker.get_slot("language_pinned")
        if requested or not pinned:
            return {"language": slot_value}
        return {"language": pinned}
