"""Counselling actions with rasa-sdk trackers and a SQLite database (no Rasa server)."""
import asyncio
import json
from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.counselling_booking as booking
import actions.counselling_day_and_slot as day_and_slot
import actions.counselling_manage as manage
import actions.counselling_reminder as reminder
import actions.services as services
from bot.counselling.availability import INDIA, parse_slot_key
from bot.counselling.panel import add_counsellor
from bot.counselling.service import BookingRequest, CounsellingService
from bot.store.init_db import init_db
from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
EVERY_DAY = [(d, "08:00", "20:00") for d in range(7)]
ALERTS = []  # staff alerts the actions asked for (the day of each new booking)


@pytest.fixture
def service(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'hamari.db'}"
    init_db(url)
    add_counsellor(url, "Sunita", "सुनीता", "hi", EVERY_DAY)
    add_counsellor(url, "Priya", "प्रिया", "hi,en", EVERY_DAY)
    instance = CounsellingService(url)
    monkeypatch.setattr(services, "counselling_service", lambda: instance)
    monkeypatch.setattr(services, "notify_staff_of_booking", ALERTS.append)
    ALERTS.clear()
    return instance


def _tracker(slots=None, text="", intent="inform", entities=None, loop="counselling_form", sender="s-1"):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker(sender, {"language": "hi-Latn", **(slots or {})}, latest, [], False, None,
                   {"name": loop} if loop else {}, "action_listen")


def _run(coroutine):
    return asyncio.run(coroutine)


def responses(dispatcher):
    return [m.get("response") for m in dispatcher.messages]


def tomorrow():
    return datetime.now(INDIA).date() + timedelta(days=1)


def plan_for(day):
    return json.dumps({"day": day.isoformat(), "part": None, "hour": None})


FORM = booking.ValidateCounsellingForm()
MANAGE = manage.ValidateBookingManageForm()


def test_screen_first_then_the_booking_questions():
    required = _run(FORM.required_slots([], CollectingDispatcher(), _tracker(), DOMAIN))
    assert required[:3] == ["screen_hurt", "screen_threat", "screen_safe_tonight"]
    assert required[3:] == ["counselling_for", "counselling_language", "counselling_day", "counselling_slot",
                            "counselling_contact", "counselling_reminders", "counselling_confirmed"]
    callback = _run(FORM.required_slots([], CollectingDispatcher(), _tracker({"counselling_contact": "callback"}), DOMAIN))
    assert "counselling_phone" in callback


@pytest.mark.parametrize("slot, answer", [("screen_hurt", True), ("screen_threat", True),
                                          ("screen_safe_tonight", False)])
def test_a_high_risk_answer_is_recorded_and_routes_away_from_joint_sessions(service, slot, answer):
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(answer, dispatcher, _tracker(), DOMAIN)
    assert result == {slot: answer, "counselling_risk": "high"}
    from bot.store.models import CounsellingScreen
    with service.sessions() as session:
        assert session.query(CounsellingScreen).filter_by(positive=True).count() == 1
    high = _tracker({slot: answer, "counselling_risk": "high"})
    assert _run(FORM.required_slots([], dispatcher, high, DOMAIN)) == ["individual_ok"]
    # She accepts an individual session: it is for her alone, whatever she asks later.
    assert FORM.validate_individual_ok(True, dispatcher, high, DOMAIN)["counselling_for"] == "herself"
    assert FORM.validate_counselling_for("couple", dispatcher, high, DOMAIN) == {"counselling_for": "herself"}
    declined = FORM.validate_individual_ok(False, dispatcher, high, DOMAIN)
    assert declined["counselling_outcome"] == "declined"
    after_decline = _tracker({"counselling_risk": "high", "individual_ok": False})
    assert _run(FORM.required_slots([], dispatcher, after_decline, DOMAIN)) == ["individual_ok"]


@pytest.mark.parametrize("slot, answer", [("screen_hurt", False), ("screen_threat", False),
                                          ("screen_safe_tonight", True)])
def test_low_risk_answers_are_not_recorded(service, slot, answer):
    assert getattr(FORM, f"validate_{slot}")(answer, CollectingDispatcher(), _tracker(), DOMAIN) == {slot: answer}


@pytest.mark.parametrize("text, value", [("couple", "couple"), ("pati patni dono", "couple"), ("परिवार", "family"),
                                         ("sirf main", "herself"), ("just me, individual", "herself")])
def test_for_whom_from_buttons_or_words(text, value):
    assert FORM.validate_counselling_for(text, CollectingDispatcher(), _tracker(), DOMAIN) == {"counselling_for": value}


@pytest.mark.parametrize("text", ["🙏", "x" * 10_000, "'; DROP TABLE counsellors; --"])
def test_unclear_choices_are_asked_again(text):
    dispatcher = CollectingDispatcher()
    assert FORM.validate_counselling_for(text, dispatcher, _tracker(), DOMAIN) == {"counselling_for": None}
    assert responses(dispatcher) == ["utter_counselling_choose_button"]


@pytest.mark.parametrize("text", ["kal", "कल", "tomorrow", "kal shaam 5 baje"])
def test_a_day_in_her_words_is_planned(service, text):
    dispatcher = CollectingDispatcher()
    result = FORM.validate_counselling_day(text, dispatcher, _tracker({"counselling_language": "hi"}), DOMAIN)
    assert json.loads(result["counselling_day_plan"])["day"] == tomorrow().isoformat()
    assert dispatcher.messages == []


@pytest.mark.parametrize("text, response", [("1 January 2020", "utter_counselling_day_past"),
                                            ("5 December 2035", "utter_counselling_day_too_far"),
                                            ("🙏🙏", "utter_counselling_day_not_understood"),
                                            ("<script>", "utter_counselling_day_not_understood")])
def test_days_that_cannot_be_booked(service, text, response):
    dispatcher = CollectingDispatcher()
    assert FORM.validate_counselling_day(text, dispatcher, _tracker(), DOMAIN) == {"counselling_day": None}
    assert responses(dispatcher) == [response]


def test_a_day_with_no_free_slot_offers_the_nearest_free_day(service):
    day = tomorrow()
    # Fill every English slot tomorrow (Priya is the only English speaker).
    while True:
        slots = service.free_slots(day, "en")
        if not slots:
            break
        service.book(BookingRequest("couple", "en", "en", "rest", "x"), slots[0].key)
    dispatcher = CollectingDispatcher()
    result = FORM.validate_counselling_day("tomorrow", dispatcher, _tracker({"counselling_language": "en"}), DOMAIN)
    assert responses(dispatcher) == ["utter_counselling_no_slots_that_day"]
    assert json.loads(result["counselling_day_plan"])["day"] == (day + timedelta(days=1)).isoformat()


def test_slot_buttons_nearest_first_at_most_five_in_her_language(service):
    dispatcher = CollectingDispatcher()
    tracker = _tracker({"language": "hi", "counselling_language": "hi", "counselling_day_plan": plan_for(tomorrow())})
    _run(day_and_slot.ActionAskCounsellingSlot().run(dispatcher, tracker, DOMAIN))
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_counselling_slot"
    buttons = message["buttons"]
    assert 1 <= len(buttons) <= 5
    starts = [parse_slot_key(json.loads(b["payload"][len("/inform"):])["slot_choice"])[1] for b in buttons]
    assert starts == sorted(starts)
    assert all("बजे" in b["title"] for b in buttons)   # सुबह 8 बजे · सुनीता
    assert "दिसंबर" in message["day"] or "(" in message["day"]


def test_typed_button_number_and_taken_slots(service):
    tracker = _tracker({"counselling_language": "hi", "counselling_day_plan": plan_for(tomorrow())})
    offered = service.free_slots(tomorrow(), "hi")
    assert FORM.validate_counselling_slot("2", CollectingDispatcher(), tracker, DOMAIN)["counselling_slot"] == offered[1].key
    service.book(BookingRequest("couple", "hi", "hi", "rest", "someone"), offered[0].key)
    dispatcher = CollectingDispatcher()
    assert FORM.validate_counselling_slot(offered[0].key, dispatcher, tracker, DOMAIN) == {"counselling_slot": None}
    assert responses(dispatcher) == ["utter_counselling_slot_taken"]


def test_confirm_books_and_a_lost_race_shows_fresh_slots(service):
    slot = service.free_slots(tomorrow(), "hi")[0]
    slots = {"counselling_for": "couple", "counselling_language": "hi", "counselling_slot": slot.key,
             "counselling_contact": "chat", "counselling_day_plan": plan_for(tomorrow())}
    dispatcher = CollectingDispatcher()
    result = FORM.validate_counselling_confirmed(True, dispatcher, _tracker(slots), DOMAIN)
    assert result == {"counselling_confirmed": True, "counselling_outcome": "booked"}
    [booked] = dispatcher.messages
    assert booked["response"] == "utter_counselling_booked_chat" and booked["booking_code"].startswith("HC-")
    assert "kal" in booked["when"] and len(booked["pin"]) == 6
    assert ALERTS == [tomorrow().isoformat()]  # staff alerted once, with the day only
    loser = CollectingDispatcher()
    assert FORM.validate_counselling_confirmed(True, loser, _tracker(slots, sender="s-2"), DOMAIN) == {
        "counselling_slot": None, "counselling_confirmed": None}
    assert responses(loser) == ["utter_counselling_slot_taken"]
    assert len(ALERTS) == 1  # a lost race alerts nobody


def test_summary_reads_everything_back(service):
    slot = service.free_slots(tomorrow(), "hi")[0]
    tracker = _tracker({"language": "en", "counselling_for": "family", "counselling_language": "hi",
                        "counselling_slot": slot.key, "counselling_contact": "callback",
                        "counselling_phone": "+919812345678",
                        "counselling_day_plan": json.dumps({"day": tomorrow().isoformat(), "name": "Sunita"})})
    dispatcher = CollectingDispatcher()
    _run(booking.ActionAskCounsellingConfirmed().run(dispatcher, tracker, DOMAIN))
    summary = dispatcher.messages[0]["summary"]
    assert "Family" in summary and "Hindi" in summary and "tomorrow" in summary and "45 minutes" in summary
    assert "9812345678" not in summary and "Sunita" in summary


def test_booking_manage_cancel_with_code_and_pin(service):
    slot = service.free_slots(tomorrow(), "hi")[0]
    booked = service.book(BookingRequest("couple", "hi", "hi", "rest", "s-1"), slot.key)
    code_tracker = _tracker(text=f"cancel my booking {booked.booking_code.lower()}", loop="booking_manage_form")
    assert _run(MANAGE.extract_booking_code(CollectingDispatcher(), code_tracker, DOMAIN)) == {
        "booking_code": booked.booking_code}
    dispatcher = CollectingDispatcher()
    wrong = "000000" if booked.pin != "000000" else "111111"
    tracker = _tracker({"booking_code": booked.booking_code}, loop="booking_manage_form")
    assert MANAGE.validate_booking_pin(wrong, dispatcher, tracker, DOMAIN) == {"booking_pin": None, "booking_code": None}
    assert responses(dispatcher) == ["utter_booking_mismatch"]
    ok = MANAGE.validate_booking_pin(booked.pin, CollectingDispatcher(), tracker, DOMAIN)
    assert ok["booking_pin"] == booked.pin and "kal" in ok["booking_when"]
    confirmed = _tracker({"booking_code": booked.booking_code, "booking_pin": booked.pin, "manage_choice": "cancel",
                          "booking_when": ok["booking_when"]}, loop="booking_manage_form")
    dispatcher = CollectingDispatcher()
    assert MANAGE.validate_counselling_confirmed(True, dispatcher, confirmed, DOMAIN)["counselling_outcome"] == "cancelled"
    assert responses(dispatcher) == ["utter_booking_cancelled"]
    assert service.lookup(booked.booking_code, booked.pin).status == "cancelled"


def test_finish_actions_clear_the_pin():
    events = _run(manage.ActionFinishBookingManage().run(
        CollectingDispatcher(), _tracker({"booking_pin": "123456", "counselling_outcome": "cancelled"}), DOMAIN))
    assert {"event": "slot", "name": "booking_pin", "value": None, "timestamp": None} in events


def test_database_down_gets_a_polite_answer(monkeypatch):
    broken = CounsellingService("postgresql+psycopg2://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(services, "counselling_service", lambda: broken)
    dispatcher = CollectingDispatcher()
    assert FORM.validate_counselling_day("kal", dispatcher, _tracker(), DOMAIN) == {"counselling_day": None}
    assert responses(dispatcher) == ["utter_counselling_unavailable"]


@pytest.mark.parametrize("language, word", [("hi", "दिसंबर"), ("hi-Latn", "December"), ("en", "December")])
def test_reminder_in_her_language(language, word):
    starts = datetime(2026, 12, 7, 4, 30, tzinfo=timezone.utc)
    tracker = _tracker({"language": language}, intent="EXTERNAL_counselling_reminder", loop=None, entities=[
        {"entity": "reminder_kind", "value": "hour_before"},
        {"entity": "reminder_starts_at", "value": starts.isoformat()}])
    dispatcher = CollectingDispatcher()
    _run(reminder.ActionCounsellingReminder().run(dispatcher, tracker, DOMAIN))
    [message] = dispatcher.messages
    assert message["response"] == "utter_counselling_reminder_hour_before" and word in message["when"]
    assert ("10" in message["when"])   # 10:00 in India


def test_reminder_with_a_malformed_time_says_nothing():
    tracker = _tracker(intent="EXTERNAL_counselling_reminder", loop=None,
                       entities=[{"entity": "reminder_starts_at", "value": "<script>"}])
    dispatcher = CollectingDispatcher()
    assert _run(reminder.ActionCounsellingReminder().run(dispatcher, tracker, DOMAIN)) == []
    assert dispatcher.messages == []


def test_manage_booking_has_enough_examples_in_each_script():
    from bot.lang.script import detect_script
    from tests.unit.test_training_data import EXAMPLES
    examples = EXAMPLES["manage_booking"]
    assert sum(detect_script(e) == "Deva" for e in examples) >= 15
    assert sum(detect_script(e) == "Latn" for e in examples) >= 30
