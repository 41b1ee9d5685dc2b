"""Custom actions, run with rasa-sdk trackers (no servers)."""
import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ValidateSlotMappings
from actions.report import (ASKED_AGAIN, ActionFinishReport, ActionStartReport, ValidateReportForm,
                            build_report, describe_harasser)
from actions.online_safety import ActionOnlineSafetyFollowup, ActionOnlineSafetyMore, ActionOnlineSafetyTopic
from bot.complaints.categories import match_category
from tests.domain_files import full_domain

DOMAIN = full_domain()  # with the online-safety advice Rasa merges in from data/


def _tracker(slots=None, text="", entities=None, intent="inform", active_loop=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker("test-sender", slots or {}, latest, [], False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def _run(coroutine):
    return asyncio.run(coroutine)


def test_start_report_asks_the_danger_check_again_but_keeps_what_she_wrote():
    tracker = _tracker({"feels_safe": True, "harassment_category": "stalking", "incident_description": "x"})
    events = _run(ActionStartReport().run(CollectingDispatcher(), tracker, DOMAIN))
    assert {(e["name"], e["value"]) for e in events} == {(slot, None) for slot in ASKED_AGAIN}


@pytest.mark.parametrize("action, slots", [
    (ActionOnlineSafetyTopic(), {"online_safety_topic": "fake_profile"}),
    (ActionOnlineSafetyTopic(), {}),
    (ActionOnlineSafetyFollowup(), {}),
    (ActionOnlineSafetyMore(), {"last_online_safety_topic": "deepfakes"}),
    (ActionOnlineSafetyMore(), {}),
])
def test_actions_that_always_answer_do(action, slots):
    # The danger-first policy takes these actions, returning no events, for failed ones.
    assert _run(action.run(CollectingDispatcher(), _tracker(slots), DOMAIN))


def test_a_cleared_category_is_not_re_asked():
    dispatcher = CollectingDispatcher()
    result = ValidateReportForm().validate_harassment_category(None, dispatcher, _tracker(), DOMAIN)
    assert result == {"harassment_category": None} and dispatcher.messages == []


@pytest.mark.parametrize("text, category", [
    ("stalking", "stalking"),                                   # button value
    ("ek ladka roz college tak peecha karta hai", "stalking"),
    ("raat ko anjaan number se gande call aate hain", "calls_messages"),
    ("insta pe meri fake id bana di", "online"),
    ("sasural wale dahej ke liye tang karte hain", "domestic"),
    ("my boss at the office touches me", "workplace"),
    ("bus mein ladke chhedte hain", "public"),
    ("मेरे पति मुझे रोज़ मारते हैं", "domestic"),
    ("ऑफिस में बॉस परेशान करता है", "workplace"),
    ("एक लड़का रोज़ कॉलेज तक पीछा करता है", "stalking"),  # कॉलेज is not कॉल (a call)
])
def test_category_is_understood_from_her_words(text, category):
    dispatcher = CollectingDispatcher()
    result = ValidateReportForm().validate_harassment_category(text, dispatcher, _tracker(), DOMAIN)
    assert result == {"harassment_category": category}
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["🙏🙏", "'; DROP TABLE complaints; --", "<script>alert(1)</script>", "x" * 10_000])
def test_unclear_category_is_asked_again_and_nothing_is_kept(text):
    dispatcher = CollectingDispatcher()
    result = ValidateReportForm().validate_harassment_category(text, dispatcher, _tracker(), DOMAIN)
    assert result == {"harassment_category": None}
    assert dispatcher.messages[0]["response"] == "utter_category_not_understood"


def test_match_category_returns_none_for_nothing():
    assert match_category("") is None


def test_online_safety_topic_utters_advice_and_the_offer():
    dispatcher = CollectingDispatcher()
    events = _run(ActionOnlineSafetyTopic().run(dispatcher, _tracker({"online_safety_topic": "fake_profile"}), DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_online_safety/fake_profile", "utter_online_safety_followup"]
    assert events == [{"event": "slot", "timestamp": None, "name": "online_safety_topic", "value": None},
                      {"event": "slot", "timestamp": None, "name": "last_online_safety_topic", "value": "fake_profile"}]


@pytest.mark.parametrize("topic", [None, "no_such_topic", "../../etc/passwd"])
def test_unknown_online_safety_topic_shows_the_topics_again(topic):
    dispatcher = CollectingDispatcher()
    _run(ActionOnlineSafetyTopic().run(dispatcher, _tracker({"online_safety_topic": topic}), DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_online_safety_topics"]


def test_language_follows_her_script_when_nothing_is_pinned():
    result = ValidateSlotMappings().validate_language("en", CollectingDispatcher(), _tracker({}), DOMAIN)
    assert result == {"language": "en"}


def test_language_she_chose_explicitly_stays():
    tracker = _tracker({"language_pinned": "hi"})
    result = ValidateSlotMappings().validate_language("hi-Latn", CollectingDispatcher(), tracker, DOMAIN)
    assert result == {"language": "hi"}


def test_a_new_explicit_choice_replaces_the_old_one():
    tracker = _tracker({"language_pinned": "en"},
                       entities=[{"entity": "requested_language", "value": "hi"}])
    result = ValidateSlotMappings().validate_language("hi", CollectingDispatcher(), tracker, DOMAIN)
    assert result == {"language": "hi"}


def _validate(slot, value, slots=None, language="en"):
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateReportForm(), f"validate_{slot}")
    result = method(value, dispatcher, _tracker({"language": language, **(slots or {})}), DOMAIN)
    return result, [m.get("response") for m in dispatcher.messages]


def _required(slots):
    return _run(ValidateReportForm().required_slots([], CollectingDispatcher(), _tracker(slots), DOMAIN))


def test_required_slots_follow_her_answers():
    base = _required({})
    assert base[:4] == ["feels_safe", "harassment_category", "incident_description", "incident_when"]
    assert "callback_phone" not in base and "district_confirmed" not in base and "field_to_change" not in base
    assert "callback_phone" in _required({"contact_mode": "callback"})
    assert "district_confirmed" in _required({"district_candidate": "Lucknow"})
    assert _required({"report_confirmed": False})[-2:] == ["field_to_change", "report_confirmed"]
    assert _required({"discard_requested": True}) == ["discard_confirmed"]
    assert _required({"discard_requested": True, "discard_confirmed": True}) == []


def test_when_is_said_back_with_the_date():
    result, said = _validate("incident_when", "5 din se", language="hi-Latn")
    assert result["incident_start"] and result["incident_end"] and said == ["utter_when_understood"]
    assert _validate("incident_when", "unknown")[0]["incident_start"] is None
    result, said = _validate("incident_when", "purple monkey")
    assert result == {"incident_when": None} and said == ["utter_when_not_understood"]


def test_district_exact_fuzzy_and_unknown():
    assert _validate("district", "लखनऊ")[0]["district"] == "Lucknow"
    fuzzy, _ = _validate("district", "lucknw")
    assert fuzzy["district"] is None and fuzzy["district_candidate"] == "Lucknow"
    assert _validate("district", "Gotham")[1] == ["utter_district_not_understood"]
    assert _validate("district_confirmed", True, {"district_candidate": "Lucknow"})[0]["district"] == "Lucknow"
    assert _validate("district_confirmed", False, {"district_candidate": "Lucknow"})[0]["district"] is None


def test_harasser_info_keeps_her_words_and_catches_incomplete_numbers():
    ok, said = _validate("harasser_info", "uska number 98123 45678 hai, insta @rohan_x")
    assert ok["harasser_info"].startswith("uska") and said == []
    bad, said = _validate("harasser_info", "uska number 98123 hai")
    assert bad == {"harasser_info": None} and said == ["utter_phone_incomplete"]
    assert _validate("harasser_info", "pata nahi")[0] == {"harasser_info": "-"}


def test_choices_from_buttons_or_words():
    assert _validate("evidence", "screenshots")[0] == {"evidence": "screenshots"}
    assert _validate("evidence", "dono hai")[0] == {"evidence": "both"}
    assert _validate("contact_mode", "mujhe call karo")[0]["contact_mode"] == "callback"
    assert _validate("contact_mode", "गुमनाम")[0]["contact_mode"] == "anonymous"
    assert _validate("contact_mode", "🙏")[0] == {"contact_mode": None}
    assert _validate("callback_phone", "९८७६५४३२१०")[0] == {"callback_phone": "+919876543210"}
    assert _validate("callback_phone", "12345")[1] == ["utter_callback_phone_invalid"]


def test_changing_a_field_clears_it_and_the_confirmation():
    result, _ = _validate("field_to_change", "incident_when")
    assert result == {"field_to_change": None, "report_confirmed": None, "incident_when": None,
                      "incident_start": None, "incident_end": None}
    assert _validate("field_to_change", "nonsense")[0] == {"field_to_change": None}


def test_short_or_stray_descriptions_are_asked_again():
    assert _validate("incident_description", "🙏🙏")[1] == ["utter_description_too_short"]
    assert _validate("incident_description", "/affirm")[0] == {"incident_description": None}
    result, said = _validate("incident_description", "He waits outside. " * 100)
    assert said == ["utter_description_long_saved"] and len(result["incident_description"]) > 1000


def test_discarded_report_is_not_filed_and_everything_is_cleared():
    dispatcher = CollectingDispatcher()
    tracker = _tracker({"discard_confirmed": True, "incident_description": "secret words"})
    events = _run(ActionFinishReport().run(dispatcher, tracker, DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_report_discarded"]
    assert {"event": "slot", "timestamp": None, "name": "incident_description", "value": None} in events


def test_harasser_numbers_are_masked_when_read_back():
    text = describe_harasser("uska number 9812345678 hai", "en")
    assert "9812345678" not in text and "+91 98XXX XX678" in text


def test_foreign_harasser_numbers_are_masked_when_read_back():
    text = describe_harasser("he calls from +14155552671 and +44 7911 123456", "en")
    assert "4155552671" not in text and "+1 41X-XXX-X671" in text and "+44 79XX XXX456" in text


def test_foreign_harasser_numbers_are_kept_with_the_report():
    service = SimpleNamespace(new_report_identity=lambda mode: ("HS-2222-3333", "123456", "hash"))
    report, _ = build_report(_tracker({"harasser_info": "+1 415 555 2671 aur 98123 45678"}), service)
    assert report.harasser.phones == ["+14155552671", "+919812345678"]
