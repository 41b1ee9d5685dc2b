"""Family counselling: a safety screen, then booking a slot; checking, rescheduling or cancelling
it with the booking code and PIN; reminders before the session. Domain logic: bot.counselling."""
import json
import logging
from datetime import date, datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.services import counselling_service, notify_staff_of_booking, start_reminder_loop
from actions.tracker_helpers import reply_language, slot_text
from bot.complaints.codes import find_pin
from bot.counselling.answers import (CONTACT_WORDS, FOR_WHOM_WORDS, MANAGE_CHOICE_WORDS, SESSION_LANGUAGE_WORDS,
                                     button_number)
from bot.counselling.availability import Slot, parse_slot_key
from bot.counselling.codes import find_booking_code
from bot.counselling.service import BookingRequest
from bot.counselling.wording import (build_summary, counsellor_name, describe_day, describe_slot,
                                     slot_button_title)
from bot.india_time import today_in_india
from bot.lang.choices import choose
from bot.lang.dates import FUTURE, parse_when
from bot.lang.phones import find_phones, mask_phone, normalise_phone

logger = logging.getLogger(__name__)

BOOKING_SLOTS = ("screen_hurt", "screen_threat", "screen_safe_tonight", "counselling_risk", "individual_ok",
                 "counselling_for", "counselling_language", "counselling_day", "counselling_day_plan",
                 "counselling_slot", "counselling_contact", "counselling_phone", "counselling_confirmed",
                 "counselling_outcome")
MANAGE_SLOTS = ("booking_code", "booking_pin", "manage_choice", "booking_when", "booking_counsellor",
                "counselling_language", "counselling_day", "counselling_day_plan", "counselling_slot",
                "counselling_confirmed", "counselling_outcome")
def _plan(tracker: Tracker) -> Optional[dict]:
    try:
        plan = json.loads(tracker.get_slot("counselling_day_plan") or "null")
        return plan if isinstance(plan, dict) and plan.get("day") else None
    except (TypeError, ValueError):
        return None


def _session_language(tracker: Tracker) -> str:
    value = tracker.get_slot("counselling_language")
    return value if value in ("hi", "en") else "hi"


def _offered(tracker: Tracker, plan: dict) -> List[Slot]:
    # Her own current session (when rescheduling) still blocks its time: it is never offered back.
    return counselling_service().free_slots(
        date.fromisoformat(plan["day"]), _session_language(tracker), part_of_day=plan.get("part"),
        hour=plan.get("hour"))


def _slot_of(tracker: Tracker) -> Optional[Slot]:
    parsed = parse_slot_key(tracker.get_slot("counselling_slot") or "")
    if parsed is None:
        return None
    plan = _plan(tracker) or {}
    return Slot(parsed[0], parsed[1], counselling_service().minutes, plan.get("name", ""), plan.get("name_hi", ""))


class DayAndSlot:
    """Choosing a day and a slot: shared by booking and rescheduling."""

    def _plan_day(self, text: str, dispatcher, tracker) -> Dict[Text, Any]:
        service = counselling_service()
        language = reply_language(tracker)
        today = today_in_india()
        when = parse_when(text, today=today, direction=FUTURE)
        if when is None:
            dispatcher.utter_message(response="utter_counselling_day_not_understood")
            return {"counselling_day": None}
        day = when.start
        bookable = service.is_bookable_day(day)
        if bookable != "ok":
            dispatcher.utter_message(response=f"utter_counselling_day_{bookable}",
                                     day=describe_day(day, language, today))
            return {"counselling_day": None}
        session_language = _session_language(tracker)
        slots = service.free_slots(day, session_language, part_of_day=when.time_of_day, hour=when.hour)
        plan = {"day": day.isoformat(), "part": when.time_of_day, "hour": when.hour}
        if not slots:
            following = service.next_free_day(day, session_language)
            if following is None:
                dispatcher.utter_message(response="utter_counselling_no_slots_soon",
                                         day=describe_day(day, language, today))
                return {"counselling_day": None}
            dispatcher.utter_message(response="utter_counselling_no_slots_that_day",
                                     day=describe_day(day, language, today),
                                     next_day=describe_day(following, language, today))
            plan = {"day": following.isoformat(), "part": None, "hour": None}
        return {"counselling_day": text[:100], "counselling_day_plan": json.dumps(plan), "counselling_slot": None}

    def validate_counselling_day(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        try:
            return self._plan_day(slot_text(slot_value), dispatcher, tracker)
        except Exception as error:
            logger.warning("counselling: free slots unavailable (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"counselling_day": None}

    def validate_counselling_slot(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value).strip()[:200]
        plan = _plan(tracker)
        try:
            key = text if parse_slot_key(text) else None
            number = button_number(text)   # "2": the second button
            if key is None and plan and number:
                offered = _offered(tracker, plan)
                key = offered[number - 1].key if number <= len(offered) else None
            if key is None:
                if parse_when(text, today=today_in_india(), direction=FUTURE):   # another day instead
                    return self._plan_day(text, dispatcher, tracker)
                dispatcher.utter_message(response="utter_counselling_choose_button")
                return {"counselling_slot": None}
            slot = counselling_service().slot_from_key(key, _session_language(tracker))
        except Exception as error:
            logger.warning("counselling: slot check failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"counselling_slot": None}
        if slot is None:
            dispatcher.utter_message(response="utter_counselling_slot_taken")
            return {"counselling_slot": None}
        plan = dict(plan or {"day": slot.local_start.date().isoformat()},
                    name=slot.first_name, name_hi=slot.first_name_hi)
        return {"counselling_slot": slot.key, "counselling_day_plan": json.dumps(plan)}


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
        required.append("counselling_confirmed")
        return required

    def _screen(self, name: str, answer, high_risk: bool, tracker) -> Dict[Text, Any]:
        if not isinstance(answer, bool):
            return {name: None}
        if not high_risk:
            return {name: answer}
        try:   # counted, nothing else: no narrative, no identity
            counselling_service().record_screen(True, reply_language(tracker))
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
            for_whom=slot("counselling_for") or "herself", language=_session_language(tracker),
            chat_language=reply_language(tracker), channel=tracker.get_latest_input_channel() or "unknown",
            sender_id=tracker.sender_id, contact_mode=slot("counselling_contact") or "chat",
            phone=slot("counselling_phone"), screen_positive=slot("counselling_risk") == "high")
        try:
            result = counselling_service().book(request, slot("counselling_slot") or "")
        except Exception as error:
            logger.warning("counselling: booking failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return {"counselling_confirmed": False, "counselling_outcome": "failed"}
        if result.outcome != "booked":
            # Someone else was faster: fresh buttons are shown by the form's next question.
            dispatcher.utter_message(response="utter_counselling_slot_taken")
            return {"counselling_slot": None, "counselling_confirmed": None}
        notify_staff_of_booking(result.slot.local_start.date().isoformat())
        language = reply_language(tracker)
        response = "utter_counselling_booked_callback" if request.contact_mode == "callback" else "utter_counselling_booked_chat"
        dispatcher.utter_message(response=response, booking_code=result.booking_code, pin=result.pin,
                                 when=describe_slot(result.slot, language, today_in_india()),
                                 counsellor=counsellor_name(result.slot, language))
        return {"counselling_confirmed": True, "counselling_outcome": "booked"}


class ActionAskCounsellingSlot(Action):
    """Up to five free slots as buttons, nearest first, computed afresh each time she is asked."""

    def name(self) -> Text:
        return "action_ask_counselling_slot"

    async def run(self, dispatcher, tracker, domain):
        language = reply_language(tracker)
        plan = _plan(tracker)
        try:
            slots = _offered(tracker, plan) if plan else []
        except Exception as error:
            logger.warning("counselling: free slots unavailable (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_counselling_unavailable")
            return []
        if not slots:
            dispatcher.utter_message(response="utter_counselling_no_slots_left")
            return []
        buttons = [{"title": slot_button_title(s, language), "payload": '/inform{"slot_choice":"%s"}' % s.key}
                   for s in slots]
        dispatcher.utter_message(response="utter_ask_counselling_slot", buttons=buttons,
                                 day=describe_day(slots[0].local_start.date(), language, today_in_india()))
        return []


class ActionAskCounsellingConfirmed(Action):
    """Everything read back before anything is booked."""

    def name(self) -> Text:
        return "action_ask_counselling_form_counselling_confirmed"

    async def run(self, dispatcher, tracker, domain):
        language = reply_language(tracker)
        slot = _slot_of(tracker)
        phone = tracker.get_slot("counselling_phone")
        summary = build_summary(tracker.get_slot("counselling_for") or "herself", _session_language(tracker), slot,
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


# ------------------------------------------------------------------------ her booking --------------

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
            view = counselling_service().lookup(tracker.get_slot("booking_code"), pin)
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
        service = counselling_service()
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
        slot = _slot_of(tracker)
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


class ActionCounsellingReminder(Action):
    """Sent by the reminder scheduler through Rasa's trigger_intent, in her language."""

    def name(self) -> Text:
        return "action_counselling_reminder"

    async def run(self, dispatcher, tracker, domain):
        entities = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
        try:
            starts_at = datetime.fromisoformat(str(entities.get("reminder_starts_at")))
        except ValueError:
            return []
        slot = Slot(0, starts_at, 0)
        kind = "hour_before" if entities.get("reminder_kind") == "hour_before" else "day_before"
        dispatcher.utter_message(response=f"utter_counselling_reminder_{kind}",
                                 when=describe_slot(slot, reply_language(tracker), today_in_india()))
        return []


start_reminder_loop()
