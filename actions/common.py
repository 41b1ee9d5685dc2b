"""Actions every flow relies on."""
from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict


class ValidateSlotMappings(ValidationAction):
    """Keeps a language she chose explicitly ("English please") until she chooses again, and lets
    her first words decide the language even when they are not clear evidence ("hello there").

    Without this action (action server down) the reply language follows clear evidence only
    (a request, a whole message in a script or language): the slot mappings in domain.yml work on
    their own, and her first "hello there" is answered in the default romanized Hindi.
    """

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    def extract_language_heard(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        clear = (next(tracker.get_latest_entity_values("requested_language"), None)
                 or next(tracker.get_latest_entity_values("detected_language"), None))
        if clear:
            return {"language_heard": clear}
        likely = next(tracker.get_latest_entity_values("likely_language"), None)
        if likely and not tracker.get_slot("language_heard") and not tracker.get_slot("language_pinned"):
            # Her first words lean to a language: nothing she said before contradicts it.
            return {"language_heard": likely, "language": likely}
        return {}

    def validate_language_heard(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"language_heard": slot_value}  # set only by extract_language_heard above

    def validate_language(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        requested = next(tracker.get_latest_entity_values("requested_language"), None)
        pinned = tracker.get_slot("language_pinned")
        if requested or not pinned:
            return {"language": slot_value}
        return {"language": pinned}
