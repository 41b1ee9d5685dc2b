"""The danger-first policy on real Rasa trackers: emergencies beat forms, failures get an answer."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies.danger_first import DangerFirstPolicy
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def policy(tmp_path):
    config = DangerFirstPolicy.get_default_config()
    return DangerFirstPolicy(config, LocalModelStorage(tmp_path), Resource("danger_first"),
                           ExecutionContext(graph_schema=None))


def _user(intent, text="...", confidence=1.0, detector=True):
    entities = [{"entity": "danger", "value": intent}] if detector and intent in ("emergency", "self_harm") else []
    return [ActionExecuted("action_listen"),
            UserUttered(text, {"name": intent, "confidence": confidence}, entities)]


def _tracker(*events):
    return DialogueStateTracker.from_events("sender", [e for group in events for e in group], DOMAIN.slots)


IN_FORM = [ActionExecuted("action_start_report"), ActionExecuted("report_form"), ActiveLoop("report_form"),
           SlotSet("requested_slot", "harassment_category")]


def _predicted(policy, tracker):
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    if prediction.max_confidence == 0:
        return None, prediction
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index], prediction


def test_emergency_in_a_form_is_answered_first_and_ends_the_form(policy):
    tracker = _tracker(_user("report_harassment"), IN_FORM, _user("emergency"))
    action, prediction = _predicted(policy, tracker)
    assert action == "utter_emergency"
    assert prediction.is_no_user_prediction and prediction.policy_priority > 6
    assert ActiveLoop(None) in prediction.events


def test_danger_words_in_her_own_account_keep_the_form_and_repeat_the_danger_check(policy):
    form = [ActionExecuted("report_form"), ActiveLoop("report_form"), SlotSet("requested_slot", "incident_description")]
    action, prediction = _predicted(policy, _tracker(_user("report_harassment"), form, _user("emergency")))
    assert action == "utter_emergency"
    assert prediction.events == [SlotSet("feels_safe", None)]


def test_the_classifier_alone_does_not_interrupt_her_account(policy):
    form = [ActionExecuted("report_form"), ActiveLoop("report_form"), SlotSet("requested_slot", "incident_description")]
    tracker = _tracker(_user("report_harassment"), form, _user("emergency", confidence=0.95, detector=False))
    assert _predicted(policy, tracker)[0] is None


def test_the_classifier_alone_still_counts_outside_her_account(policy):
    tracker = _tracker(_user("emergency", confidence=0.45, detector=False))
    assert _predicted(policy, tracker)[0] == "utter_emergency"


def test_self_harm_outside_a_form(policy):
    action, prediction = _predicted(policy, _tracker(_user("self_harm")))
    assert action == "utter_self_harm" and prediction.events == []


def test_no_at_the_danger_check_is_an_emergency(policy):
    form = [ActionExecuted("report_form"), ActiveLoop("report_form"), SlotSet("requested_slot", "feels_safe")]
    action, _ = _predicted(policy, _tracker(_user("report_harassment"), form, _user("deny")))
    assert action == "utter_emergency"


def test_no_to_another_question_is_left_to_the_form(policy):
    assert _predicted(policy, _tracker(_user("report_harassment"), IN_FORM, _user("deny")))[0] is None


def test_only_once_per_message(policy):
    tracker = _tracker(_user("emergency"), [ActionExecuted("utter_emergency"), BotUttered("112")])
    assert _predicted(policy, tracker)[0] is None


def test_a_failed_form_gets_an_apology_then_silence(policy):
    tracker = _tracker(_user("report_harassment"), IN_FORM, _user("inform"), [ActionExecuted("report_form")])
    assert _predicted(policy, tracker)[0] == "utter_action_unavailable"
    tracker.update(ActionExecuted("utter_action_unavailable"))
    tracker.update(BotUttered("sorry"))
    assert _predicted(policy, tracker)[0] == "action_listen"


def test_a_failed_action_that_always_answers_gets_an_apology(policy):
    # action_online_safety_topic always says something; with no events after it, it failed.
    tracker = _tracker(_user("online_safety"), [ActionExecuted("action_online_safety_topic")])
    assert _predicted(policy, tracker)[0] == "utter_action_unavailable"


def test_a_form_that_ran_is_not_a_failure(policy):
    tracker = _tracker(_user("report_harassment"), IN_FORM, _user("inform"),
                       [ActionExecuted("report_form"), SlotSet("harassment_category", "online")])
    assert _predicted(policy, tracker)[0] is None


def test_a_response_is_never_taken_for_a_failed_action(policy):
    tracker = _tracker(_user("online_safety"), [ActionExecuted("utter_online_safety")])
    assert _predicted(policy, tracker)[0] is None


def test_nothing_to_say_on_ordinary_messages(policy):
    assert _predicted(policy, _tracker(_user("greet")))[0] is None
    assert _predicted(policy, _tracker())[0] is None
