"""Her counselling booking: checking, rescheduling or cancelling it with the booking code and PIN.
Domain logic: bot.counselling."""
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions import services
from actions.counselling_day_and_slot import DayAndSlot, chosen_slot
from actions.tracker_helpers import reply_language, slot_text
from bot.complaints.codes import find_pin
from bot.counselling.answers import MANAGE_CHOICE_WORDS
from bot.counselling.codes import find_booking_code
from bot.counselling.wording import counsellor_name, describe_slot
from bot.india_time import today_in_india
from bot.lang.choices import choose

logger = logging.getLogger(__name__)

MANAGE_SLOTS = ("booking_code", "booking_pin", "manage_choice", "booking_when", "booking_counsellor",
                "counselling_language", "counselling_day", "counselling_day_plan", "counselling_slot",
                "counselling_confirmed", "counselling_outcome")


class ValidateBookingManageForm(DayAndSlot, FormValidationAction):
    def name(self) -> Text:
        return "validate_booking_manage_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        required = ["booking_code", "booking_pin", "manage_choice"]
        choice = tracker.get_slot("manage_choice")
        if choice == "reschedule":
            required += ["counselling_day", "counselling_slot", "counselling_confirmed"]
        elif choice == "cancel":
            required.append("counselling_confirmed")
        return required

    async def extract_booking_code(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        # "cancel my booking HC-7KX4-92QF": a code in any message fills the slot.
        if tracker.get_slot("booking_code"):
            return {}
        code = find_booking_code((tracker.latest_message or {}).get("text") or "")
        return {"booking_code": code} if code else {}

    def validate_booking_code(self, slot_value, dispatcher, tracker, domain):
        code = find_booking_code(slot_text(slot_value))
        if code is None:
            dispatcher.utter_message(response="utter_booking_code_not_understood")
        return {"booking_code": code}

    def validate_booking_pin(self, slot_value, dispatcher, tracker, domain):
        pin = find_pin(slot_text(slot_value))
        if pin is None:
            dispatcher.utter_message(response="utter_pin_format")
            return {"booking_pin": None}
        try:
            view = services.counselling_service().lookup(tracker.get_slot("booking_code"), pin)
        except Exception as error:
            logger.warning("counselling: lookup failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"booking_pin": "-", "manage_choice": "-", "counselling_outcome": "failed"}
        if view.outcome == "locked":
            dispatcher.utter_message(response="utter_status_locked")
            return {"booking_pin": "-", "manage_choice": "-", "counselling_outcome": "locked"}
        if view.outcome != "ok":
            # Wrong PIN and unknown code get the same answer: a code's existence is not revealed.
            dispatcher.utter_message(response="utter_booking_mismatch")
            return {"booking_pin": None, "booking_code": None}
        language = reply_language(tracker)
        when = describe_slot(view.slot, language, today_in_india())
        if view.status != "booked":
            dispatcher.utter_message(response="utter_booking_already_cancelled", when=when)
            return {"booking_pin": pin, "manage_choice": "-", "counselling_outcome": "already_cancelled"}
        return {"booking_pin": pin, "booking_when": when, "booking_counsellor": counsellor_name(view.slot, language),
                "counselling_language": view.language}

    def validate_manage_choice(self, slot_value, dispatcher, tracker, domain):
        choice = choose(slot_text(slot_value), MANAGE_CHOICE_WORDS)
        if choice is None:
            dispatcher.utter_message(response="utter_counselling_choose_button")
            return {"manage_choice": None}
        if choice == "keep":
            return {"manage_choice": "keep", "counselling_outcome": "kept"}
        return {"manage_choice": choice}

    def validate_counselling_confirmed(self, slot_value, dispatcher, tracker, domain):
        if slot_value is False:
            return {"counselling_confirmed": False, "counselling_outcome": "kept"}
        if slot_value is not True:
            return {"counselling_confirmed": None}
        service = services.counselling_service()
        code, pin = tracker.get_slot("booking_code"), tracker.get_slot("booking_pin")
        language = reply_language(tracker)
        try:
            if tracker.get_slot("manage_choice") == "cancel":
                view = service.cancel(code, pin)
                if view.outcome != "ok":
                    dispatcher.utter_message(response="utter_booking_mismatch")
                    return {"counselling_confirmed": False, "counselling_outcome": "failed"}
                dispatcher.utter_message(response="utter_booking_cancelled", when=tracker.get_slot("booking_when"))
                return {"counselling_confirmed": True, "counselling_outcome": "cancelled"}
            result = service.reschedule(code, pin, tracker.get_slot("counselling_slot") or "", tracker.sender_id)
        except Exception as error:
            logger.warning("counselling: change failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"counselling_confirmed": False, "counselling_outcome": "failed"}
        if result.outcome != "booked":
            dispatcher.utter_message(response="utter_counselling_slot_taken")
            return {"counselling_slot": None, "counselling_confirmed": None}
        dispatcher.utter_message(response="utter_booking_rescheduled", booking_code=code,
                                 when=describe_slot(result.slot, language, today_in_india()),
                                 counsellor=counsellor_name(result.slot, language))
        return {"counselling_confirmed": True, "counselling_outcome": "rescheduled"}


class ActionAskManageConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_booking_manage_form_counselling_confirmed"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("manage_choice") == "cancel":
            dispatcher.utter_message(response="utter_ask_confirm_cancel_booking", when=tracker.get_slot("booking_when"))
            return []
        language = reply_language(tracker)
        slot = chosen_slot(tracker)
        dispatcher.utter_message(response="utter_ask_confirm_reschedule", old_when=tracker.get_slot("booking_when"),
                                 when=describe_slot(slot, language, today_in_india()) if slot else "",
                                 counsellor=counsellor_name(slot, language) if slot else "")
        return []


class ActionFinishBookingManage(Action):
    """The PIN never stays in the conversation's slots."""

    def name(self) -> Text:
        return "action_finish_booking_manage"

    async def run(self, dispatcher, tracker, domain):
        outcome = tracker.get_slot("counselling_outcome")
        if outcome == "kept":
            dispatcher.utter_message(response="utter_booking_kept")
        elif outcome is None:
            dispatcher.utter_message(response="utter_counselling_stopped")
        return [SlotSet(slot, None) for slot in MANAGE_SLOTS]
