"""Her answer to "has it stopped?" (the follow-up form, started by the scheduled follow-up message
or by a status check of a case where action was taken): closes the case with thanks, or reopens it
with priority, alerts staff and offers a counsellor; danger in her words gets the emergency numbers
first. The logic is in bot/complaints/feedback.py."""
import logging
from typing import Any, Dict, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions.services import feedback_loop
from bot.complaints.feedback import ANSWERS, understand
from bot.lang.danger import SELF_HARM, detect_danger

logger = logging.getLogger(__name__)
FOLLOW_UP_SLOTS = ("follow_up_code", "follow_up_answer", "follow_up_danger")
# While the question is open, these still do what they always do (domain.yml leaves them out too).
LEFT_TO_RASA = ("stop", "request_human", "delete_my_data", "change_language")


class ValidateFollowUpForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_follow_up_form"

    async def extract_follow_up_answer(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """Whatever she writes while the question is open is her answer (it may be classified as,
        say, a new report: "no, he still follows me"), unless she asked to stop or for something
        Rasa should answer itself. A button or a yes/no filled the slot already."""
        if tracker.get_slot("requested_slot") != "follow_up_answer" or tracker.get_slot("follow_up_answer"):
            return {}
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in LEFT_TO_RASA:
            return {}
        text = (tracker.latest_message or {}).get("text") or ""
        return {"follow_up_answer": text} if text and not text.startswith("/") else {}

    def validate_follow_up_answer(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        # As in the report's free-text answers, only our danger detector counts here: "nahi, ab bhi
        # message karta hai" is an answer, even when the classifier hears danger in it.
        answer, danger = understand(slot_value if isinstance(slot_value, str) else "")
        return {"follow_up_answer": answer, "follow_up_danger": danger}


class ActionFollowUpAnswer(Action):
    def name(self) -> Text:
        return "action_follow_up_answer"

    async def run(self, dispatcher, tracker, domain):
        code, answer = tracker.get_slot("follow_up_code"), tracker.get_slot("follow_up_answer")
        danger = bool(tracker.get_slot("follow_up_danger"))
        clear = [SlotSet(slot, None) for slot in FOLLOW_UP_SLOTS]
        if isinstance(answer, str) and answer not in ANSWERS:
            # Her words as she wrote them: after the danger-first policy has answered, the form
            # takes the text without validating it (as with the report's free-text answers).
            answer, heard_danger = understand(answer)
            danger = danger or heard_danger
        if danger:
            signal = detect_danger((tracker.latest_message or {}).get("text") or "")
            # The danger-first policy may have given the numbers already this turn; never twice.
            if not _uttered_this_turn(tracker, ("utter_emergency", "utter_self_harm")):
                self_harm = signal is not None and signal.kind == SELF_HARM
                dispatcher.utter_message(response="utter_self_harm" if self_harm else "utter_emergency")
        if not code or answer not in ANSWERS:
            dispatcher.utter_message(response="utter_follow_up_later")
            return clear
        result = feedback_loop().answer(code, answer)
        if result is None:
            dispatcher.utter_message(response="utter_follow_up_later")
        elif answer == "stopped":
            dispatcher.utter_message(response="utter_follow_up_stopped")
        else:
            dispatcher.utter_message(response="utter_follow_up_reopened")
        return clear


def _uttered_this_turn(tracker, names) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in names:
            return True
    return False
