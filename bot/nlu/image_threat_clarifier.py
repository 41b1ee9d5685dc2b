"""Asks instead of guessing when an image threat's kind is unclear.

Four online-safety topics are about images used against her: sextortion (a video call recorded and
used to blackmail her), intimate images shared without consent, blackmail for money, and deepfakes.
Their advice differs (do not pay; report to StopNCII; the IT Act sections for morphed images), and
the advice classifier confuses them more than any other topics. When a typed online-safety question
has two image-threat topics on top of the ResponseSelector's ranking, closer than `margin`, the intent
becomes `clarify_image_threat`: a rule answers with one question and the four topics as buttons
(utter_ask_image_threat_topic), and her choice goes to action_online_safety_topic as a menu choice does.

Runs after the FallbackClassifier (an unclear question still gets "please rephrase") and before the
danger detectors, so an emergency always wins. Margin chosen on the dev questions (bench/dev, 739
online-safety questions; docs/benchmarks.md): with 0.3 it asks 4 times, 3 of them where the top
topic was wrong.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ONLINE_SAFETY = "online_safety"
CLARIFY_IMAGE_THREAT = "clarify_image_threat"
IMAGE_THREAT_TOPICS = frozenset({"sextortion", "intimate_images", "blackmail_money", "deepfakes"})
DEFAULT_MARGIN = 0.3


def top_two_topics(message: Message) -> List[Tuple[str, float]]:
    """The ResponseSelector's two best online-safety topics with their confidences."""
    selector = (message.get("response_selector") or {}).get(ONLINE_SAFETY) or {}
    ranking = selector.get("ranking") or []
    return [(str(r.get("intent_response_key", "")).split("/")[-1], float(r.get("confidence", 0.0)))
            for r in ranking[:2]]


def is_unclear_image_threat(top_two: List[Tuple[str, float]], margin: float) -> bool:
    if len(top_two) < 2:
        return False
    (first, first_confidence), (second, second_confidence) = top_two
    return {first, second} <= IMAGE_THREAT_TOPICS and first_confidence - second_confidence < margin


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ImageThreatClarifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"margin": DEFAULT_MARGIN}

    def __init__(self, margin: float) -> None:
        self.margin = margin

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ImageThreatClarifier:
        return cls(float(config.get("margin", DEFAULT_MARGIN)))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(TEXT) or "").startswith("/"):
                continue   # a button payload names its own intent and topic
            intent: Optional[Dict[str, Any]] = message.get(INTENT)
            if (intent or {}).get("name") != ONLINE_SAFETY:
                continue
            if is_unclear_image_threat(top_two_topics(message), self.margin):
                confidence = float((intent or {}).get("confidence", 0.0))
                ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])
                           if r.get("name") != CLARIFY_IMAGE_THREAT]
                message.set(INTENT, {"name": CLARIFY_IMAGE_THREAT, "confidence": confidence}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": CLARIFY_IMAGE_THREAT, "confidence": confidence}] + ranking,
                            add_to_output=True)
        return messages
