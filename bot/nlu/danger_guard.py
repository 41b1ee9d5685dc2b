"""Makes sure an emergency or self-harm message is classified as one.

Runs last in the NLU pipeline, after the FallbackClassifier. If our danger detector matches,
the intent becomes `emergency` or `self_harm` with confidence 1.0, whatever the classifier said.
If the classifier itself ranked a danger intent first but the FallbackClassifier replaced it
with `nlu_fallback` for low confidence, the danger intent is restored: a false alarm is cheap.
A message that is only a code or a number (a booking or reference code, a PIN, a phone number)
holds no words of danger: the classifier's guess on it is noise (15% of random booking codes
came out as self-harm), so it never raises the alarm; the form takes it as her answer.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.complaints.codes import ALPHABET
from bot.lang.danger import EMERGENCY, SELF_HARM, detect_danger
from bot.lang.normalise import DEVANAGARI_DIGITS

logger = logging.getLogger(__name__)
DANGER_INTENTS = (EMERGENCY, SELF_HARM)
NLU_FALLBACK = "nlu_fallback"
DANGER_ENTITY = "danger"
# Reference (HS-) and booking (HC-) codes however typed, or digits only (PINs, phone numbers).
_CODE_OR_NUMBER = re.compile(r"\d{3,}|H[SC][%s]{8}" % ALPHABET)
_SEPARATORS = re.compile(r"[\s\-_.+()/]")


def is_only_a_code_or_number(text: str) -> bool:
    # Not normalise(): its Hinglish folds would rewrite code letters ("5h2z" -> "5hai2z").
    return bool(_CODE_OR_NUMBER.fullmatch(_SEPARATORS.sub("", text[:200].translate(DEVANAGARI_DIGITS).upper())))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerGuard:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload already names its intent
            intent = (message.get(INTENT) or {}).get("name")
            if is_only_a_code_or_number(text):
                # Checked first: a random code can spell a word ("HC-RAPE-..." is possible).
                if intent in DANGER_INTENTS:
                    _set_intent(message, NLU_FALLBACK, (message.get(INTENT) or {}).get("confidence", 0.0))
                continue
            signal = detect_danger(text)
            if signal:
                if intent != signal.kind:
                    # The pattern index is logged, never the text.
                    logger.info("danger detector overrode intent %s with %s (pattern %s)",
                                intent, signal.kind, signal.pattern)
                _set_intent(message, signal.kind)
                # Marks the detector's certainty for the dialogue (DangerFirstPolicy): an entity
                # of its own, so it cannot be confused with the classifier's confidence.
                message.set(ENTITIES, message.get(ENTITIES, []) + [{
                    "entity": DANGER_ENTITY, "value": signal.kind, "start": 0, "end": len(text),
                    "confidence": 1.0, "extractor": "DangerGuard"}], add_to_output=True)
            elif intent == NLU_FALLBACK:
                ranking = message.get(INTENT_RANKING_KEY) or []
                classifier_top = ranking[1]["name"] if len(ranking) > 1 else None
                if classifier_top in DANGER_INTENTS:
                    # Keeps the classifier's own (low) confidence: the dialogue can tell this weaker
                    # signal from the detector's certainty (see DangerFirstPolicy, free-text answers).
                    _set_intent(message, classifier_top, ranking[1].get("confidence", 0.0))
        return messages


def _set_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") not in (name, NLU_FALLBACK)]
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence}] + ranking, add_to_output=True)
