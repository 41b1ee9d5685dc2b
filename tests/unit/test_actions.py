"""Custom actions, run with rasa-sdk trackers (no servers)."""
import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ValidateSlotMappings
from actions.report import REPORT_SLOTS, ActionStartReport, ValidateReportForm
from actions.safety import ActionSafetyTopic
from bot.complaints.categories import match_category
from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def _tracker(slots=None, text="", entities=None, intent="inform", active_loop=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker("test-sender", slots or {}, latest, [], False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def _run(coroutine):
    return asyncio.run(coroutine)


def test_start_report_clears_an_unfinished_report():
    tracker = _tracker({"feels_safe": True, "harassment_category": "stalking"})
    events = _run(ActionStartReport().run(CollectingDispatcher(), tracker, DOMAIN))
    assert {(e["name"], e["value"]) for e in events} == {(slot, None) for slot in REPORT_SLOTS}


@pytest.mark.parametrize("action, slots", [
    (ActionSafetyTopic(), {"safety_topic": "fake_profile"}),
    (ActionSafetyTopic(), {}),
])
def test_actions_that_always_answer_do(action, slots):
    # The safety-net policy takes these actions, returning no events, for failed ones.
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


def test_safety_topic_utters_advice_and_the_offer():
    dispatcher = CollectingDispatcher()
    events = _run(ActionSafetyTopic().run(dispatcher, _tracker({"safety_topic": "fake_profile"}), DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_online_safety/fake_profile", "utter_safety_followup"]
    assert events == [{"event": "slot", "timestamp": None, "name": "safety_topic", "value": None}]


@pytest.mark.parametrize("topic", [None, "no_such_topic", "../../etc/passwd"])
def test_unknown_safety_topic_shows_the_topics_again(topic):
    dispatcher = CollectingDispatcher()
    _run(ActionSafetyTopic().run(dispatcher, _tracker({"safety_topic": topic}), DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_safety_topics"]


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
