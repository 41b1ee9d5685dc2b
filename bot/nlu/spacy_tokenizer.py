"""NormalisingTokenizer whose words are split by spaCy's rule-based tokenizer (our config.yml).

spaCy here is a blank `hi` pipeline: tokenizer rules only, no statistical model, so nothing is
downloaded. It is built at training time and saved inside the trained model, so a spaCy upgrade
cannot change how an already trained model splits words. Normalisation, the romanization key and
whole Devanagari words are as in NormalisingTokenizer; spaCy decides where words end (it keeps
"@handle", "instagram.com/x" and "1090/1930" whole, and splits "ex-husband's"). Punctuation tokens
are dropped as ours are; Hindi stop words and negations are kept (no stop-word filter anywhere).

Measured against our regex splitter with `python -m bench.tune config.yml
bench/configs/regex_tokenizer.yml` (docs/benchmarks.md).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tokenizer import NormalisingTokenizer

PIPELINE_DIR = "spacy_blank_hi"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class SpacyNormalisingTokenizer(NormalisingTokenizer):
    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 nlp: Optional[Any] = None) -> None:
        super().__init__(config)
        self._model_storage, self._resource = model_storage, resource
        self._nlp = _blank_pipeline() if nlp is None else nlp

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SpacyNormalisingTokenizer:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SpacyNormalisingTokenizer:
        import spacy

        with model_storage.read_from(resource) as directory:
            nlp = spacy.load(directory / PIPELINE_DIR)
        return cls(config, model_storage, resource, nlp)

    def train(self, training_data: TrainingData) -> Resource:
        with self._model_storage.write_to(self._resource) as directory:
            self._nlp.to_disk(directory / PIPELINE_DIR)
        return self._resource

    def split_words(self, normalised_text: Text) -> List[Token]:
        return [Token(t.text, t.idx) for t in self._nlp.tokenizer(normalised_text)
                if not (t.is_punct or t.is_space)]


def _blank_pipeline():
    import spacy

    return spacy.blank("hi")
