"""Danger first: emergency and self-harm numbers before any form or rule, and an answer when an
action fails; no form, rule or failing action server can overrule it.

1. Emergency and self-harm messages get their numbers first, even in the middle of a form:
   RulePolicy always runs an active form before any rule, and a form calls the action server,
   so with the action server down a form in progress would swallow "he is hitting me" in silence.
   This policy answers first and ends the form; while she is describing what happened in her
   own words it keeps her text and asks again whether she is safe now.
2. "No" at a danger check ("are you safe right now?", the `feels_safe` slot) is treated as an emergency.
3. When a custom action or form fails (action server down or broken), she gets a polite
   "can't do that right now, 1090 is open 24x7" instead of silence.

Its predictions are "no-user" predictions with the highest priority: Rasa's ensemble lets those
overrule every other policy, including RulePolicy's form happy path.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

UTTER_UNAVAILABLE = "utter_action_unavailable"
# Run by Rasa itself right after every user message; never a sign that she was answered.
_BOOKKEEPING = {ACTION_LISTEN_NAME, "action_extract_slots", "action_session_start"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class DangerFirstPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "priority": 7,  # above RulePolicy (6)
            "danger_responses": {"emergency": "utter_emergency", "self_harm": "utter_self_harm"},
            # (requested slot, intent) pairs that mean "I am not safe": answered as an emergency.
            "danger_answers": [["feels_safe", "deny"]],
            "unavailable_response": UTTER_UNAVAILABLE,
            # Custom actions that always answer her; with no events after them they have failed.
            # (Forms always count: a form that ran sets requested_slot or ends its loop.)
            "actions_that_always_answer": ["action_online_safety_topic"],
            # While she is writing in her own words (what happened, who), danger words are often
            # about the past: she gets the numbers first, her text is kept as her answer, and the
            # form asks again whether she is safe now instead of ending.
            "free_text_slots": ["incident_description", "harasser_info", "place"],
            "recheck_slot": "feels_safe",
            # An account of harassment reads like danger to a classifier; in those answers only our
            # danger detector (which marks the message with this entity) counts.
            "detector_entity": "danger",
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer=None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self.danger_responses = dict(config["danger_responses"])
        self.danger_answers = {tuple(pair) for pair in config["danger_answers"]}
        self.unavailable_response = config["unavailable_response"]
        self.always_answer = set(config["actions_that_always_answer"])
        self.free_text_slots = set(config["free_text_slots"])
        self.recheck_slot = config["recheck_slot"]
        self.detector_entity = config["detector_entity"]

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        action, events = self.decide(tracker, domain)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(confidence_scores_for(action, 1.0, domain), events=events,
                                is_no_user_prediction=True)

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> Tuple[Optional[Text], List]:
        since_user = _events_since_last_user_message(tracker)
        if since_user is None:
            return None, []
        actions = [e.action_name for e in since_user
                   if isinstance(e, ActionExecuted) and e.action_name not in _BOOKKEEPING]

        if not actions:
            response = self._danger_response(tracker)
            if not response:
                return None, []
            if not tracker.active_loop_name:
                return response, []
            if tracker.get_slot(REQUESTED_SLOT) in self.free_text_slots:
                if not _has_entity(tracker, self.detector_entity):
                    return None, []  # her answer, not an alarm: the form keeps it
                return response, [SlotSet(self.recheck_slot, None)]
            return response, [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]

        if actions[-1] == self.unavailable_response:
            return ACTION_LISTEN_NAME, []
        if self.unavailable_response not in actions and self._last_action_failed(tracker, domain):
            return self.unavailable_response, []
        return None, []

    def _last_action_failed(self, tracker: DialogueStateTracker, domain: Domain) -> bool:
        """Rasa logs a failed remote action as executed with no events after it."""
        last = _last_event(tracker)
        if not isinstance(last, ActionExecuted):
            return False
        return last.action_name in domain.form_names or last.action_name in self.always_answer

    def _danger_response(self, tracker: DialogueStateTracker) -> Optional[Text]:
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
        if intent in self.danger_responses:
            return self.danger_responses[intent]
        requested = tracker.get_slot(REQUESTED_SLOT) if tracker.active_loop_name else None
        if (requested, intent) in self.danger_answers:
            return self.danger_responses["emergency"]
        return None


def _events_since_last_user_message(tracker: DialogueStateTracker) -> Optional[List]:
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1:]
    return None


def _has_entity(tracker: DialogueStateTracker, name: str) -> bool:
    entities = tracker.latest_message.entities if tracker.latest_message else []
    return any(entity.get("entity") == name for entity in entities or [])


def _last_event(tracker: DialogueStateTracker):
    return tracker.events[-1] if tracker.events else None
