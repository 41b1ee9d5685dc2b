"""The feedback loop's conversation side, with rasa-sdk trackers (no servers): the consent question
only where a message can reach her later, what is stored with her yes, her answer in her words, and
danger first."""
import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.follow_up as follow_up
from actions.follow_up import ActionFollowUpAnswer, ValidateFollowUpForm
from actions.report import ActionAskMayMessage, ValidateReportForm, build_report
from actions.status import ActionFinishStatus
from tests.domain_files import full_domain

DOMAIN = full_domain()


def _tracker(slots=None, text="", intent="inform", channel="telegram", events=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    history = [{"event": "user", "text": "hi", "input_channel": channel}] + (events or [])
    return Tracker("her-sender-id", slots or {}, latest, history, False, None, {}, "action_listen")


def _run(coroutine):
    return asyncio.run(coroutine)


def _names(dispatcher):
    return [message["response"] for message in dispatcher.messages]


@pytest.mark.parametrize("channel, asked", [("telegram", True), ("whatsapp", True), ("socketio", False),
                                            ("rest", False)])
def test_she_is_asked_only_where_a_message_can_reach_her_later(channel, asked):
    required = _run(ValidateReportForm().required_slots([], CollectingDispatcher(),
                                                         _tracker({"contact_mode": "anonymous"}, channel=channel),
                                                         DOMAIN))
    assert ("may_message" in required) is asked
    assert required.index("report_confirmed") > (required.index("may_message") if asked else 0)


@pytest.mark.parametrize("channel", ["telegram", "whatsapp"])
def test_the_question_says_what_it_means_on_her_channel(channel):
    dispatcher = CollectingDispatcher()
    _run(ActionAskMayMessage().run(dispatcher, _tracker(channel=channel), DOMAIN))
    assert _names(dispatcher) == [f"utter_may_message_{channel}"]
    # hi, hi-Latn, en, and the unconditional copy of hi-Latn every response keeps as a fallback
    texts = [variant["text"] for variant in DOMAIN["responses"][f"utter_may_message_{channel}"]]
    assert len(texts) == 4 and all("/deny" in str(v["buttons"]) for v in DOMAIN["responses"][f"utter_may_message_{channel}"])


def _service():
    return SimpleNamespace(new_report_identity=lambda mode: ("HS-ABCD-2345", "123456", "hash"))


@pytest.mark.parametrize("channel, answer, consent", [("telegram", True, True), ("whatsapp", True, True),
                                                      ("telegram", False, False), ("telegram", None, False),
                                                      ("socketio", True, False)])
def test_only_her_yes_on_a_reachable_channel_stores_consent_and_where_to_reach_her(channel, answer, consent):
    slots = {"may_message": answer, "contact_mode": "anonymous", "incident_description": "x"}
    report, _ = build_report(_tracker(slots, channel=channel), _service())
    assert report.updates_consent is consent
    assert report.updates_recipient == ("her-sender-id" if consent else None)


@pytest.mark.parametrize("text, intent, answer, danger", [
    ("/inform", "inform", None, False),
    ("worse", "inform", "worse", False),             # a button's value
    ("nahi, ab bhi call karta hai", "deny", "not_stopped", False),
    ("haan ab theek hai", "affirm", "stopped", False),
    ("wo mujhe maar raha hai", "emergency", "worse", True),
    # the classifier heard danger, our detector did not: an answer, as in the report's free text
    ("nahi, ab bhi message karta hai", "self_harm", "not_stopped", False),
])
def test_her_answer_in_her_words(text, intent, answer, danger):
    result = ValidateFollowUpForm().validate_follow_up_answer(text, CollectingDispatcher(),
                                                              _tracker(text=text, intent=intent), DOMAIN)
    assert result == {"follow_up_answer": answer, "follow_up_danger": danger}


class FakeLoop:
    def __init__(self):
        self.answers = []

    def answer(self, code, answer):
        self.answers.append((code, answer))
        return SimpleNamespace(reference_code=code, answer=answer, status_changed=True)


@pytest.mark.parametrize("answer, danger, text, expected", [
    ("stopped", False, "haan", ["utter_follow_up_stopped"]),
    ("not_stopped", False, "nahi", ["utter_follow_up_reopened"]),
    ("worse", True, "wo mujhe maar raha hai", ["utter_emergency", "utter_follow_up_reopened"]),
    ("worse", True, "main mar jaungi, jeena nahi chahti", ["utter_self_harm", "utter_follow_up_reopened"]),
])
def test_the_answer_closes_or_reopens_and_danger_comes_first(monkeypatch, answer, danger, text, expected):
    loop = FakeLoop()
    monkeypatch.setattr(follow_up, "feedback_loop", lambda: loop)
    dispatcher = CollectingDispatcher()
    slots = {"follow_up_code": "HS-ABCD-2345", "follow_up_answer": answer, "follow_up_danger": danger}
    events = _run(ActionFollowUpAnswer().run(dispatcher, _tracker(slots, text=text), DOMAIN))
    assert _names(dispatcher) == expected
    assert loop.answers == [("HS-ABCD-2345", answer)]
    assert {(e["name"], e["value"]) for e in events} == {("follow_up_code", None), ("follow_up_answer", None),
                                                         ("follow_up_danger", None)}


def test_numbers_are_not_given_twice_when_the_policy_gave_them_this_turn(monkeypatch):
    monkeypatch.setattr(follow_up, "feedback_loop", FakeLoop)
    dispatcher = CollectingDispatcher()
    slots = {"follow_up_code": "HS-ABCD-2345", "follow_up_answer": "worse", "follow_up_danger": True}
    tracker = _tracker(slots, intent="emergency", events=[{"event": "user", "text": "bachao"},
                                                          {"event": "action", "name": "utter_emergency"}])
    _run(ActionFollowUpAnswer().run(dispatcher, tracker, DOMAIN))
    assert _names(dispatcher) == ["utter_follow_up_reopened"]


def test_no_answer_or_stop_leaves_it_for_later(monkeypatch):
    loop = FakeLoop()
    monkeypatch.setattr(follow_up, "feedback_loop", lambda: loop)
    dispatcher = CollectingDispatcher()
    _run(ActionFollowUpAnswer().run(dispatcher, _tracker({"follow_up_code": "HS-ABCD-2345"}), DOMAIN))
    assert _names(dispatcher) == ["utter_follow_up_later"] and loop.answers == []


def test_a_status_check_of_a_case_with_action_taken_asks_whether_it_stopped():
    events = _run(ActionFinishStatus().run(CollectingDispatcher(), _tracker(
        {"status_pin": "checked", "status_reference_code": "HS-ABCD-2345", "follow_up_code": "HS-ABCD-2345"}),
        DOMAIN))
    assert {"event": "active_loop", "name": "follow_up_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"]
    events = _run(ActionFinishStatus().run(CollectingDispatcher(), _tracker({"status_pin": "checked"}), DOMAIN))
    assert [e for e in events if e["event"] == "active_loop"] == []


def test_every_new_response_has_hi_hi_latn_and_en():
    for name in ("utter_may_message_telegram", "utter_may_message_whatsapp", "utter_report_updates_here",
                 "utter_report_updates_at_status_check", "utter_report_updates_web", "utter_ask_follow_up_answer",
                 "utter_follow_up_stopped", "utter_follow_up_reopened", "utter_follow_up_later",
                 "utter_ask_counselling_form_counselling_reminders"):
        languages = sorted(v["condition"][0]["value"] for v in DOMAIN["responses"][name] if "condition" in v)
        assert languages == ["en", "hi", "hi-Latn"], name


@pytest.mark.parametrize("text, intent, extracted", [
    ("no, he still follows me every day", "report_harassment", "no, he still follows me every day"),
    ("kya hua mere case ka", "check_status", "kya hua mere case ka"),
    ("stop", "stop", None),                       # the rule lets her leave the question for later
    ("mujhe counsellor se baat karni hai", "request_human", None),
    ('/inform{"follow_up_answer":"worse"}', "inform", None),
])
def test_whatever_she_writes_is_her_answer_unless_she_asks_for_something_else(text, intent, extracted):
    tracker = _tracker({"requested_slot": "follow_up_answer"}, text=text, intent=intent)
    result = _run(ValidateFollowUpForm().extract_follow_up_answer(CollectingDispatcher(), tracker, DOMAIN))
    assert result == ({"follow_up_answer": extracted} if extracted else {})
    filled = _tracker({"requested_slot": "follow_up_answer", "follow_up_answer": "stopped"}, text="haan")
    assert _run(ValidateFollowUpForm().extract_follow_up_answer(CollectingDispatcher(), filled, DOMAIN)) == {}



def test_her_raw_words_after_the_danger_first_policy_answered_are_understood(monkeypatch):
    loop = FakeLoop()
    monkeypatch.setattr(follow_up, "feedback_loop", lambda: loop)
    dispatcher = CollectingDispatcher()
    text = "It got worse, he is hitting me now"
    slots = {"follow_up_code": "HS-ABCD-2345", "follow_up_answer": text}
    tracker = _tracker(slots, text=text, intent="emergency",
                       events=[{"event": "user", "text": text}, {"event": "action", "name": "utter_emergency"}])
    _run(ActionFollowUpAnswer().run(dispatcher, tracker, DOMAIN))
    assert _names(dispatcher) == ["utter_follow_up_reopened"]          # the numbers came from the policy
    assert loop.answers == [("HS-ABCD-2345", "worse")]
    dispatcher = CollectingDispatcher()
    _run(ActionFollowUpAnswer().run(dispatcher, _tracker(slots, text=text, intent="emergency"), DOMAIN))
    assert _names(dispatcher) == ["utter_emergency", "utter_follow_up_reopened"]
