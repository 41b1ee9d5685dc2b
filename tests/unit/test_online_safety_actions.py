"""Online-safety actions: the offer after a typed answer remembers the topic, "more" expands it."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.online_safety import ActionOnlineSafetyFollowup, ActionOnlineSafetyMore, ActionOnlineSafetyTopic
from bot.online_safety.advice import clean_topic, topic_from_parse
from tests.domain_files import full_domain

DOMAIN = full_domain()


def _tracker(slots=None, latest=None):
    latest = latest or {"text": "", "intent": {"name": "online_safety", "confidence": 1.0}, "entities": []}
    return Tracker("test-sender", slots or {}, latest, [], False, None, {}, "action_listen")


def _selected(key):
    return {"text": "x", "intent": {"name": "online_safety", "confidence": 0.9}, "entities": [],
            "response_selector": {"all_retrieval_intents": ["online_safety"],
                                  "online_safety": {"response": {"intent_response_key": key}}}}


def _run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return [m["response"] for m in dispatcher.messages], {e["name"]: e["value"] for e in events}


def test_followup_offers_and_remembers_the_selected_topic():
    said, slots = _run(ActionOnlineSafetyFollowup(), _tracker(latest=_selected("online_safety/deepfakes")))
    assert said == ["utter_online_safety_followup"]
    assert slots == {"last_online_safety_topic": "deepfakes"}


@pytest.mark.parametrize("parse", [None, {}, {"response_selector": None}, {"response_selector": {"online_safety": {}}},
                                   _selected(None), _selected(42), _selected("chitchat/hello"),
                                   _selected("online_safety/../../etc"), _selected("online_safety/" + "x" * 500)])
def test_odd_parse_data_gives_no_topic_but_still_the_offer(parse):
    assert topic_from_parse(parse) is None
    said, slots = _run(ActionOnlineSafetyFollowup(), _tracker(latest=parse or {"text": ""}))
    assert said == ["utter_online_safety_followup"] and slots == {"last_online_safety_topic": None}


def test_more_gives_the_longer_version_of_the_last_topic_then_the_offer():
    said, slots = _run(ActionOnlineSafetyMore(), _tracker({"last_online_safety_topic": "sim_in_my_name"}))
    assert said == ["utter_online_safety_more_sim_in_my_name", "utter_online_safety_after_more"]
    assert slots == {"last_online_safety_topic": "sim_in_my_name"}


@pytest.mark.parametrize("topic", [None, "", "no_such_topic", "💣", "'; DROP TABLE x; --", 7])
def test_more_without_a_known_topic_asks_which(topic):
    said, slots = _run(ActionOnlineSafetyMore(), _tracker({"last_online_safety_topic": topic}))
    assert said == ["utter_online_safety_more_which"]


def test_button_topic_answers_and_more_then_expands_it():
    said, slots = _run(ActionOnlineSafetyTopic(), _tracker({"online_safety_topic": "number_leaked"}))
    assert said == ["utter_online_safety/number_leaked", "utter_online_safety_followup"]
    said, _ = _run(ActionOnlineSafetyMore(), _tracker({"last_online_safety_topic": slots["last_online_safety_topic"]}))
    assert said[0] == "utter_online_safety_more_number_leaked"


def test_clean_topic_accepts_only_our_names():
    assert clean_topic("helpline_1090_or_1930") == "helpline_1090_or_1930"
    assert clean_topic("Fake Profile") is None and clean_topic(None) is None and clean_topic(["x"]) is None
