"""Booking family counselling: three safety questions first, then for whom, the session language,
a day and a free slot, how the counsellor reaches her, a summary, and a booking code and PIN.
Domain logic: bot.counselling."""
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions import services
from actions.counselling_day_and_slot import DayAndSlot, chosen_slot, session_language
from actions.tracker_helpers import reply_language, slot_text
from bot.counselling.answers import CONTACT_WORDS, FOR_WHOM_WORDS, SESSION_LANGUAGE_WORDS
from bot.counselling.service import BookingRequest
from bot.counselling.wording import build_summary, counsellor_name, describe_slot
from bot.india_time import today_in_india
from bot.lang.choices import choose
from bot.lang.phones import find_phones, mask_phone, normalise_phone

logger = logging.getLogger(__name__)

BOOKING_SLOTS = ("screen_hurt", "screen_threat", "screen_safe_tonight", "counselling_risk", "individual_ok",
                 "counselling_for", "counselling_language", "counselling_day", "counselling_day_plan",
                 "counselling_slot", "counselling_contact", "counselling_phone", "counselling_reminders",
                 "counselling_confirmed",
                 "counselling_outcome")


class ValidateCounsellingForm(DayAndSlot, FormValidationAction):
    def name(self) -> Text:
        return "validate_counselling_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        slot = tracker.get_slot
        if slot("counselling_risk") == "high":
            required = ["individual_ok"]
            if slot("individual_ok") is not True:
                return required
        else:
            required = ["screen_hurt", "screen_threat", "screen_safe_tonight"]
        required += ["counselling_for", "counselling_language", "counselling_day", "counselling_slot",
                     "counselling_contact"]
        if slot("counselling_contact") == "callback":
            required.append("counselling_phone")
        required.append("counselling_reminders")   # opt-in: no reminder unless she says yes
        required.append("counselling_confirmed")
        return required

    def _screen(self, name: str, answer, high_risk: bool, tracker) -> Dict[Text, Any]:
        if not isinstance(answer, bool):
            return {name: None}
        if not high_risk:
            return {name: answer}
        try:   # counted, nothing else: no narrative, no identity
            services.counselling_service().record_screen(True, reply_language(tracker))
        except Exception as error:
            logger.warning("counselling: positive screen not recorded (%s)", type(error).__name__)
        return {name: answer, "counselling_risk": "high"}

    def validate_screen_hurt(self, slot_value, dispatcher, tracker, domain):
        return self._screen("screen_hurt", slot_value, slot_value is True, tracker)

    def validate_screen_threat(self, slot_value, dispatcher, tracker, domain):
        return self._screen("screen_threat", slot_value, slot_value is True, tracker)

    def validate_screen_safe_tonight(self, slot_value, dispatcher, tracker, domain):
        return self._screen("screen_safe_tonight", slot_value, slot_value is False, tracker)

    def validate_individual_ok(self, slot_value, dispatcher, tracker, domain):
        if slot_value is True:
            return {"individual_ok": True, "counselling_for": "herself"}
        if slot_value is False:
            return {"individual_ok": False, "counselling_outcome": "declined"}
        return {"individual_ok": None}

    def validate_counselling_for(self, slot_value, dispatcher, tracker, domain):
        choice = choose(slot_text(slot_value), FOR_WHOM_WORDS)
        if choice is None:
            dispatcher.utter_message(response="utter_counselling_choose_button")
        if choice in ("couple", "family") and tracker.get_slot("counselling_risk") == "high":
            choice = "herself"   # never a joint session after a positive screen
        return {"counselling_for": choice}

    def validate_counselling_language(self, slot_value, dispatcher, tracker, domain):
        choice = choose(slot_text(slot_value), SESSION_LANGUAGE_WORDS)
        if choice is None:
            dispatcher.utter_message(response="utter_counselling_choose_button")
        return {"counselling_language": choice}

    def validate_counselling_contact(self, slot_value, dispatcher, tracker, domain):
        choice = choose(slot_text(slot_value), CONTACT_WORDS)
        if choice is None:
            dispatcher.utter_message(response="utter_counselling_choose_button")
        return {"counselling_contact": choice, "counselling_phone": None} if choice else {"counselling_contact": None}

    def validate_counselling_phone(self, slot_value, dispatcher, tracker, domain):
        text = slot_text(slot_value)[:200]
        phone = normalise_phone(text) or next(iter(find_phones(text)), None)
        if phone is None:
            dispatcher.utter_message(response="utter_callback_phone_invalid")
        return {"counselling_phone": phone}

    def validate_counselling_confirmed(self, slot_value, dispatcher, tracker, domain):
        if slot_value is False:
            return {"counselling_confirmed": False, "counselling_outcome": "not_booked"}
        if slot_value is not True:
            return {"counselling_confirmed": None}
        slot = tracker.get_slot
        request = BookingRequest(
            for_whom=slot("counselling_for") or "herself", language=session_language(tracker),
            chat_language=reply_language(tracker), channel=tracker.get_latest_input_channel() or "unknown",
            sender_id=tracker.sender_id, contact_mode=slot("counselling_contact") or "chat",
            phone=slot("counselling_phone"), screen_positive=slot("counselling_risk") == "high",
            reminders=slot("counselling_reminders") is True)
        try:
            result = services.counselling_service().book(request, slot("counselling_slot") or "")
        except Exception as error:
            logger.warning("counselling: booking failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"counselling_confirmed": False, "counselling_outcome": "failed"}
        if result.outcome != "booked":
            # Someone else was faster: fresh buttons are shown by the form's next question.
            dispatcher.utter_message(response="utter_counselling_slot_taken")
            return {"counselling_slot": None, "counselling_confirmed": None}
        services.notify_staff_of_booking(result.slot.local_start.date().isoformat())
        language = reply_language(tracker)
        response = ("utter_counselling_booked_callback" if request.contact_mode == "callback"
                    else "utter_counselling_booked_chat")
        dispatcher.utter_message(response=response, booking_code=result.booking_code, pin=result.pin,
                                 when=describe_slot(result.slot, language, today_in_india()),
                                 counsellor=counsellor_name(result.slot, language))
        return {"counselling_confirmed": True, "counselling_outcome": "booked"}


class ActionAskCounsellingConfirmed(Action):
    """Everything read back before anything is booked."""

    def name(self) -> Text:
        return "action_ask_counselling_form_counselling_confirmed"

    async def run(self, dispatcher, tracker, domain):
        language = reply_language(tracker)
        slot = chosen_slot(tracker)
        phone = tracker.get_slot("counselling_phone")
        summary = build_summary(tracker.get_slot("counselling_for") or "herself", session_language(tracker), slot,
                                tracker.get_slot("counselling_contact") or "chat",
                                mask_phone(phone) if phone else None, language, today_in_india()) if slot else ""
        dispatcher.utter_message(response="utter_ask_counselling_form_counselling_confirmed", summary=summary)
        return []


class ActionStartCounselling(Action):
    """A new booking starts clean (the screen is asked every time: things change at home)."""

    def name(self) -> Text:
        return "action_start_counselling"

    async def run(self, dispatcher, tracker, domain):
        return [SlotSet(slot, None) for slot in BOOKING_SLOTS + ("booking_code", "booking_pin")]


class ActionFinishCounselling(Action):
    def name(self) -> Text:
        return "action_finish_counselling"

    async def run(self, dispatcher, tracker, domain):
        outcome = tracker.get_slot("counselling_outcome")
        if outcome == "declined":
            dispatcher.utter_message(response="utter_counselling_individual_declined")
        elif outcome == "not_booked":
            dispatcher.utter_message(response="utter_counselling_not_booked")
        elif outcome is None:
            dispatcher.utter_message(response="utter_counselling_stopped")
        return [SlotSet(slot, None) for slot in BOOKING_SLOTS]
