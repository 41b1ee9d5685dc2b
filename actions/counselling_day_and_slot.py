"""Choosing a day and a free slot for a counselling session: shared by booking and rescheduling.

The counselling service is looked up on `actions.services` at each call, so that tests replace it
in one place for every counselling module."""
import json
import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker

from actions import services
from actions.tracker_helpers import reply_language, slot_text
from bot.counselling.answers import button_number
from bot.counselling.availability import Slot, parse_slot_key
from bot.counselling.wording import describe_day, slot_button_title
from bot.india_time import today_in_india
from bot.lang.dates import FUTURE, parse_when

logger = logging.getLogger(__name__)


def day_plan(tracker: Tracker) -> Optional[dict]:
    """The day she chose (and the part of the day or hour she named, the counsellor of the slot
    she chose), kept in the `counselling_day_plan` slot as JSON."""
    try:
        plan = json.loads(tracker.get_slot("counselling_day_plan") or "null")
        return plan if isinstance(plan, dict) and plan.get("day") else None
    except (TypeError, ValueError):
        return None


def session_language(tracker: Tracker) -> str:
    value = tracker.get_slot("counselling_language")
    return value if value in ("hi", "en") else "hi"


def offered_slots(tracker: Tracker, plan: dict) -> List[Slot]:
    # Her own current session (when rescheduling) still blocks its time: it is never offered back.
    return services.counselling_service().free_slots(
        date.fromisoformat(plan["day"]), session_language(tracker), part_of_day=plan.get("part"),
        hour=plan.get("hour"))


def chosen_slot(tracker: Tracker) -> Optional[Slot]:
    parsed = parse_slot_key(tracker.get_slot("counselling_slot") or "")
    if parsed is None:
        return None
    plan = day_plan(tracker) or {}
    return Slot(parsed[0], parsed[1], services.counselling_service().minutes, plan.get("name", ""),
                plan.get("name_hi", ""))


class DayAndSlot:
    """Choosing a day and a slot: shared by booking and rescheduling."""

    def _plan_day(self, text: str, dispatcher, tracker) -> Dict[Text, Any]:
        service = services.counselling_service()
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
        language_of_session = session_language(tracker)
        slots = service.free_slots(day, language_of_session, part_of_day=when.time_of_day, hour=when.hour)
        plan = {"day": day.isoformat(), "part": when.time_of_day, "hour": when.hour}
        if not slots:
            following = service.next_free_day(day, language_of_session)
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
        plan = day_plan(tracker)
        try:
            key = text if parse_slot_key(text) else None
            number = button_number(text)   # "2": the second button
            if key is None and plan and number:
                offered = offered_slots(tracker, plan)
                key = offered[number - 1].key if number <= len(offered) else None
            if key is None:
                if parse_when(text, today=today_in_india(), direction=FUTURE):   # another day instead
                    return self._plan_day(text, dispatcher, tracker)
                dispatcher.utter_message(response="utter_counselling_choose_button")
                return {"counselling_slot": None}
            slot = services.counselling_service().slot_from_key(key, session_language(tracker))
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


class ActionAskCounsellingSlot(Action):
    """Up to five free slots as buttons, nearest first, computed afresh each time she is asked
    (booking and rescheduling both ask for `counselling_slot`)."""

    def name(self) -> Text:
        return "action_ask_counselling_slot"

    async def run(self, dispatcher, tracker, domain):
        language = reply_language(tracker)
        plan = day_plan(tracker)
        try:
            slots = offered_slots(tracker, plan) if plan else []
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
