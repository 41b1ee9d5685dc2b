"""Tags each message with the language it is written in and any explicit language request.

Both are emitted as entities (`detected_language`, `requested_language`) that fill the
`language` slot through ordinary slot mappings, so the reply language works even when the
action server is down. Only clear evidence is tagged (`clear_language`): one English word or a
typed button label in a Hinglish conversation leaves the slot, and her language, as it was.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.lang.script import clear_language, detect_language, requested_language

DETECTED = "detected_language"
REQUESTED = "requested_language"
# The language a message leans to without being clear evidence ("hello there", "stalking"): it sets
# the reply language only for her first words (actions/common.py), never the slot mappings.
LIKELY = "likely_language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageTagger(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageTagger:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # Button payloads ("/help") say nothing about her language.
            if text.startswith("/"):
                continue
            entities = []
            requested = requested_language(text)
            if requested:
                entities.append(_entity(REQUESTED, requested, text))
            detected = requested or clear_language(text)
            if detected:
                entities.append(_entity(DETECTED, detected, text))
            else:
                likely = detect_language(text)
                if likely:
                    entities.append(_entity(LIKELY, likely, text))
            if entities:
                entities = self.add_extractor_name(entities)
                message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


def _entity(name: str, value: str, text: str) -> Dict[Text, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(text), "confidence": 1.0}
