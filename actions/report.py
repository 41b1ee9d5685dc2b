"""The reporting flow: a form that asks one thing at a time, validates each answer with `bot.lang`,
reads everything back, and files the complaint through `bot.complaints`."""
import asyncio
import logging
from datetime import date
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.services import complaint_service
from bot.complaints.feedback import REACHABLE_CHANNELS
from actions.tracker_helpers import reply_language, slot_text
from bot.complaints.answers import CONTACT_MODE_WORDS, EVIDENCE_WORDS, harasser_phones, incomplete_phone, is_skip
from bot.complaints.categories import CATEGORIES, match_category
from bot.complaints.report import ComplaintReport, HarasserDetails
from bot.channels.gate import CHANNEL_MAX_CHARS, CUT_MARK, DEFAULT_MAX_CHARS
from bot.complaints.service import reporter_pseudonym
from bot.channels.whatsapp_texts import (ACCOUNT_HIDDEN, NOTE_CODE_ELSEWHERE, SHOW_ACCOUNT_PAYLOAD,
                                         SHOW_ACCOUNT_TITLE)
from bot.store.flood import FloodLimited
from bot.complaints.summary import about_him, build_summary
from bot.india_time import today_in_india
from bot.lang.choices import choose
from bot.lang.dates import describe_when, parse_when
from bot.lang.districts import describe as describe_district
from bot.lang.districts import match_district
from bot.lang.handles import find_handles
from bot.lang.phones import find_phones, normalise_phone

logger = logging.getLogger(__name__)
SPLIT_SECONDS = 3  # parts of one long text that a platform split arrive within this of each other
MAX_NARRATIVE_CHARS = 50_000     # a sane limit; everything up to it is kept, encrypted
LONG_NARRATIVE_CHARS = 600       # longer than this is summarised back to her
FORM_SLOTS = ("discard_confirmed", "feels_safe", "harassment_category", "incident_description", "incident_when",
              "district_confirmed", "district", "place", "harasser_info", "evidence", "contact_mode",
              "callback_phone", "may_message", "field_to_change", "report_confirmed")
HELPER_SLOTS = ("incident_start", "incident_end", "district_candidate", "district_candidate_display",
                "discard_requested")
REPORT_SLOTS = FORM_SLOTS + HELPER_SLOTS
SKIPPED = "-"
UNKNOWN = "unknown"
FIELD_RESETS = {
    "harassment_category": ("harassment_category",),
    "incident_description": ("incident_description",),
    "incident_when": ("incident_when", "incident_start", "incident_end"),
    "district": ("district", "place"),
    "harasser_info": ("harasser_info",),
    "contact_mode": ("evidence", "contact_mode", "callback_phone", "may_message"),
}


def describe_incident_when(text: Optional[str], language: str) -> Optional[str]:
    if not text or text == UNKNOWN:
        return None
    when = parse_when(text, today=today_in_india(), direction="past")
    return describe_when(when, language, today=today_in_india()) if when else None


def describe_harasser(text: Optional[str], language: str) -> Optional[str]:
    if not text or text == SKIPPED:
        return None
    return about_him(text, language)


# Asked again each time a report starts or resumes; the rest of an interrupted report is kept.
ASKED_AGAIN = ("feels_safe", "report_confirmed", "field_to_change", "discard_requested", "discard_confirmed")


class ActionStartReport(Action):
    """Starts a report, or resumes one an emergency interrupted: nothing she wrote is lost.
    (Filing or discarding a report clears it, so leftovers can only be an interrupted report.)"""

    def name(self) -> Text:
        return "action_start_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        return [SlotSet(slot, None) for slot in ASKED_AGAIN]


class ActionRequestDiscard(Action):
    """"stop" in the middle of a report: the form asks whether to discard it."""

    def name(self) -> Text:
        return "action_request_discard"

    async def run(self, dispatcher, tracker, domain):
        return [SlotSet("discard_requested", True), SlotSet("discard_confirmed", None)]


class ValidateReportForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_report_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        slot = tracker.get_slot
        if slot("discard_requested"):
            return [] if slot("discard_confirmed") else ["discard_confirmed"]
        required = ["feels_safe", "harassment_category", "incident_description", "incident_when"]
        if slot("district_candidate"):
            required.append("district_confirmed")
        required += ["district", "place", "harasser_info", "evidence", "contact_mode"]
        if slot("contact_mode") == "callback":
            required.append("callback_phone")
        if can_message_later(tracker):
            required.append("may_message")   # default no: asked only where a message can reach her later
        if slot("report_confirmed") is False:
            required.append("field_to_change")
        required.append("report_confirmed")
        return required

    def validate_harassment_category(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if slot_value is None:
            return {"harassment_category": None}  # cleared, not answered: nothing to re-ask
        value = str(slot_value)
        category = value if value in CATEGORIES else match_category(value)
        if category is None:
            dispatcher.utter_message(response="utter_category_not_understood")
        return {"harassment_category": category}

    def validate_incident_description(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value).strip()
        if text.startswith("/") or sum(ch.isalpha() for ch in text) < 3:
            dispatcher.utter_message(response="utter_description_too_short")
            return {"incident_description": None}
        text = text[:MAX_NARRATIVE_CHARS]
        if len(text) > LONG_NARRATIVE_CHARS:
            dispatcher.utter_message(response="utter_description_long_saved", length=len(text),
                                     preview=" ".join(text[:120].split()))
        return {"incident_description": text}

    def validate_incident_when(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value)
        description = tracker.get_slot("incident_description") or ""
        if continues_description(tracker, description, lambda: parse_when(
                text, today=today_in_india(), direction="past") is None or len(text) > 200):
            # The rest of a long account (cut by the gate, or split by Telegram/WhatsApp at 4096):
            # it joins the description, and the date is asked again.
            joined = f"{description}\n{text.strip()}"[:MAX_NARRATIVE_CHARS]
            dispatcher.utter_message(response="utter_description_long_saved", length=len(joined),
                                     preview=" ".join(joined[:120].split()))
            return {"incident_when": None, "incident_description": joined}
        if text == UNKNOWN or is_skip(text):
            return {"incident_when": UNKNOWN, "incident_start": None, "incident_end": None}
        when = parse_when(text, today=today_in_india(), direction="past")
        if when is None:
            dispatcher.utter_message(response="utter_when_not_understood")
            return {"incident_when": None}
        # Always said back with the absolute date: "kal" is yesterday or tomorrow in Hindi.
        dispatcher.utter_message(response="utter_when_understood",
                                 when=describe_when(when, reply_language(tracker), today=today_in_india()))
        return {"incident_when": text[:200], "incident_start": when.start.isoformat(),
                "incident_end": when.end.isoformat() if when.end else None}

    def validate_district(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        match = match_district(slot_text(slot_value))
        if match is None:
            dispatcher.utter_message(response="utter_district_not_understood")
            return {"district": None}
        if match.exact:
            return {"district": match.district.name_en, "district_candidate": None}
        return {"district": None, "district_candidate": match.district.name_en,
                "district_candidate_display": describe_district(match.district, reply_language(tracker))}

    def validate_district_confirmed(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        confirmed = {"district_candidate": None, "district_candidate_display": None, "district_confirmed": None}
        if slot_value is True:
            return {**confirmed, "district": tracker.get_slot("district_candidate")}
        return {**confirmed, "district": None}

    def validate_place(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value).strip()
        return {"place": SKIPPED if not text or is_skip(text) else text[:300]}

    def validate_harasser_info(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value).strip()
        if not text or is_skip(text):
            return {"harasser_info": SKIPPED}
        incomplete = incomplete_phone(text)
        if incomplete:
            dispatcher.utter_message(response="utter_phone_incomplete", number=incomplete)
            return {"harasser_info": None}
        return {"harasser_info": text[:5000]}

    def validate_evidence(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"evidence": choose(slot_text(slot_value), EVIDENCE_WORDS)}

    def validate_contact_mode(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        mode = choose(slot_text(slot_value), CONTACT_MODE_WORDS)
        return {"contact_mode": mode, "callback_phone": None} if mode else {"contact_mode": None}

    def validate_callback_phone(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = slot_text(slot_value)
        phone = normalise_phone(text) or next(iter(find_phones(text)), None)
        if phone is None:
            dispatcher.utter_message(response="utter_callback_phone_invalid")
        return {"callback_phone": phone}

    def validate_report_confirmed(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"report_confirmed": slot_value if isinstance(slot_value, bool) else None}

    def validate_field_to_change(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        field = slot_text(slot_value)
        if field not in FIELD_RESETS:
            return {"field_to_change": None}
        return {"field_to_change": None, "report_confirmed": None, **dict.fromkeys(FIELD_RESETS[field])}

    def validate_discard_confirmed(self, slot_value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if slot_value is True:
            return {"discard_confirmed": True}
        return {"discard_requested": False, "discard_confirmed": None}


WHATSAPP = "whatsapp"


def can_message_later(tracker: Tracker) -> bool:
    """Telegram and WhatsApp can reach her later; the web widget (socket.io, REST) cannot."""
    return tracker.get_latest_input_channel() in REACHABLE_CHANNELS


class ActionAskMayMessage(Action):
    """Whether 1090 may message her here about this complaint, said for her channel: what a message
    would hold (the code only) and the risk on a shared phone."""

    def name(self) -> Text:
        return "action_ask_report_form_may_message"

    async def run(self, dispatcher, tracker, domain):
        channel = tracker.get_latest_input_channel()
        channel = channel if channel in REACHABLE_CHANNELS else "telegram"
        dispatcher.utter_message(response=f"utter_may_message_{channel}")
        return []


class ActionAskReportConfirmed(Action):
    """Reads the whole report back before anything is saved."""

    def name(self) -> Text:
        return "action_ask_report_form_report_confirmed"

    async def run(self, dispatcher, tracker, domain):
        language = reply_language(tracker)
        slots = {slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}
        # WhatsApp cannot delete messages: her account is not repeated there unless she asks
        # (a third button, answered by the channel itself: bot/channels/whatsapp.py).
        on_whatsapp = tracker.get_latest_input_channel() == WHATSAPP
        summary = build_summary(slots, language, describe_incident_when(slots["incident_when"], language),
                                describe_harasser(slots["harasser_info"], language),
                                account=ACCOUNT_HIDDEN.pick(language) if on_whatsapp else None)
        buttons = ([{"title": SHOW_ACCOUNT_TITLE.pick(language), "payload": SHOW_ACCOUNT_PAYLOAD}]
                   if on_whatsapp else [])
        dispatcher.utter_message(response="utter_ask_report_form_report_confirmed", summary=summary,
                                 buttons=buttons)
        return []


class ActionFinishReport(Action):
    """After the form: file the confirmed report, or discard it; either way clear the slots."""

    def name(self) -> Text:
        return "action_finish_report"

    async def run(self, dispatcher, tracker, domain):
        clear = [SlotSet(slot, None) for slot in REPORT_SLOTS]
        if tracker.get_slot("discard_confirmed"):
            dispatcher.utter_message(response="utter_report_discarded")
            return clear
        if tracker.get_slot("report_confirmed") is not True:
            return clear
        service = complaint_service()
        report, pin = build_report(tracker, service)
        try:
            filed = await asyncio.to_thread(service.file, report, pin)
        except FloodLimited as flood:  # fake complaints by the hundred: she is given 1090 instead
            logger.warning("complaint not filed: %s", flood)
            dispatcher.utter_message(text=flood.text.pick(reply_language(tracker)))
            return clear
        if filed.pin:
            dispatcher.utter_message(response="utter_report_filed_anonymous",
                                     reference_code=filed.reference_code, pin=filed.pin)
            if tracker.get_latest_input_channel() == WHATSAPP:
                dispatcher.utter_message(text=NOTE_CODE_ELSEWHERE.pick(reply_language(tracker)))
        else:
            dispatcher.utter_message(response="utter_report_filed_callback", reference_code=filed.reference_code)
        if report.updates_consent:
            dispatcher.utter_message(response="utter_report_updates_here")
        elif can_message_later(tracker):
            dispatcher.utter_message(response="utter_report_updates_at_status_check")
        else:
            dispatcher.utter_message(response="utter_report_updates_web")
        return clear


def continues_description(tracker: Tracker, description: str, not_a_date: Callable[[], bool]) -> bool:
    """Whether her latest message carries on the account before it, which filled the description:
    - the gate cut that one (CUT_MARK) and asked her to send the rest: the next message is the rest;
    - it reached the channel's limit, so Telegram/WhatsApp split a longer text: the next part arrives
      within seconds, or is not a date, or is long."""
    said = [event for event in tracker.events if event.get("event") == "user"]
    if len(said) < 2 or not description:
        return False
    previous, latest = said[-2], said[-1]
    text = (previous.get("text") or "").strip()
    if not text or not description.endswith(text[-200:]):
        return False
    if (previous.get("metadata") or {}).get(CUT_MARK):
        return True
    limit = CHANNEL_MAX_CHARS.get(previous.get("input_channel") or "", DEFAULT_MAX_CHARS)
    if len(text) < limit - 200:
        return False
    quick = (latest.get("timestamp") or 0) - (previous.get("timestamp") or 0) < SPLIT_SECONDS
    return quick or not_a_date()


def build_report(tracker: Tracker, service) -> Tuple[ComplaintReport, Optional[str]]:
    slot = tracker.get_slot
    contact_mode = slot("contact_mode") or "anonymous"
    consent = slot("may_message") is True and can_message_later(tracker)   # default: no
    code, pin, pin_hash = service.new_report_identity(contact_mode)
    harasser_text = slot("harasser_info")
    harasser = HarasserDetails()
    if harasser_text and harasser_text != SKIPPED:
        harasser = HarasserDetails(phones=harasser_phones(harasser_text),
                                   handles=[h.key for h in find_handles(harasser_text)],
                                   description=harasser_text)
    when_text = slot("incident_when")
    report = ComplaintReport(
        reference_code=code, category=slot("harassment_category") or "other", language=reply_language(tracker),
        channel=tracker.get_latest_input_channel() or "unknown", narrative=slot("incident_description") or "",
        contact_mode=contact_mode, pin_hash=pin_hash,
        callback_phone=slot("callback_phone") if contact_mode == "callback" else None,
        district=slot("district"), place=None if slot("place") in (None, SKIPPED) else slot("place"),
        incident_start=_date(slot("incident_start")), incident_end=_date(slot("incident_end")),
        incident_when_text=None if when_text in (None, UNKNOWN) else when_text,
        evidence=slot("evidence"), harasser=harasser, reporter_pseudonym=reporter_pseudonym(tracker.sender_id),
        updates_consent=consent, updates_recipient=tracker.sender_id if consent else None,
    )
    return report, pin


def _date(value):
    return date.fromisoformat(value) if value else None
