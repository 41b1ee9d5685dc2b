"""Status check: reference code and PIN, answered in her language."""
from typing import Any, Dict, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.services import complaint_service
from actions.tracker_helpers import reply_language, slot_text
from bot.complaints.codes import find_pin, find_reference_code
from bot.complaints.labels import STATUS_LABELS, label
from bot.complaints.statuses import ACTION_TAKEN, CLOSED
from bot.lang.dates import When, describe_when

STATUS_SLOTS = ("status_reference_code", "status_pin")
# After action was taken, or once it is closed, the status check asks whether it has stopped.
ASK_WHETHER_STOPPED = (ACTION_TAKEN, CLOSED)


class ValidateStatusForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_status_form"

    async def extract_status_reference_code(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        # "check status HS-7KX4-92QF": a code in any message fills the slot, not only when asked.
        code = find_reference_code((tracker.latest_message or {}).get("text") or "")
        return {"status_reference_code": code} if code else {}

    def validate_status_reference_code(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        code = find_reference_code(slot_text(slot_value))
        if code is None:
            dispatcher.utter_message(response="utter_reference_code_not_understood")
        return {"status_reference_code": code}

    def validate_status_pin(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        pin = find_pin(slot_text(slot_value))
        if pin is None:
            dispatcher.utter_message(response="utter_pin_format")
            return {"status_pin": None}
        code = tracker.get_slot("status_reference_code")
        answer = complaint_service().check_status(code, pin)
        language = reply_language(tracker)
        if answer.outcome == "ok":
            assert answer.since is not None, "an ok answer always says since when the status holds"
            since = describe_when(When(start=answer.since.date(), end=None, time_of_day=None, hour=None,
                                       relative=False, ambiguous_word=None), language)
            dispatcher.utter_message(response="utter_status_result", reference_code=code,
                                     status=label(STATUS_LABELS, answer.status, language), since=since)
            if answer.status in ASK_WHETHER_STOPPED:
                # She may reopen it here: the follow-up question comes next (action_finish_status).
                return {"status_pin": "checked", "follow_up_code": code}
            return {"status_pin": "checked"}
        if answer.outcome == "locked":
            dispatcher.utter_message(response="utter_status_locked")
            return {"status_pin": "checked"}
        # Wrong PIN and unknown code get the same answer: a code's existence is not revealed.
        dispatcher.utter_message(response="utter_status_mismatch")
        return {"status_pin": None, "status_reference_code": None}


class ActionFinishStatus(Action):
    """The PIN never stays in the conversation's slots."""

    def name(self) -> Text:
        return "action_finish_status"

    async def run(self, dispatcher, tracker, domain):
        clear = [SlotSet(slot, None) for slot in STATUS_SLOTS]
        code = tracker.get_slot("follow_up_code")
        if tracker.get_slot("status_pin") == "checked" and code:
            # The follow-up form asks "has it stopped?" at once; "no" reopens the case (priority).
            return clear + [ActiveLoop("follow_up_form"), SlotSet("requested_slot", None)]
        return clear
