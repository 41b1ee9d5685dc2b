"""Tokenizer that normalises first, so features see "mujhe kar raha hai" for "mje kr rha h".

Rasa's WhitespaceTokenizer and word-level CountVectorsFeaturizer split Devanagari words at
every matra (Python's `\\w` excludes combining marks); these tokens keep Devanagari words whole.
The message text itself is left untouched, so forms still receive exactly what she typed.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.lang.normalise import DEVANAGARI_WORD_CHARS, normalise
from bot.lang.romanize import romanization_key

KEY_PREFIX = "~"  # key tokens never collide with words she typed

# Words (Latin, digits, whole Devanagari words) and single emoji, which carry meaning here (😰 🙏).
_TOKEN = re.compile(r"[\w" + DEVANAGARI_WORD_CHARS + r"']+|[\U0001F300-\U0001FAFF\u2600-\u27BF]", re.UNICODE)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class NormalisingTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # Adds a loose romanization key token per word, shared by Devanagari and Hinglish
            # spellings ("मुझे" and "mujhe" both give "~muje").
            "romanization_key": False,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NormalisingTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        if attribute == TEXT:
            text = normalise(text)
            tokens = self.split_words(text)
            if self._config.get("romanization_key"):
                tokens += _key_tokens(tokens)
        else:
            tokens = _regex_words(text)
        # Rasa expects at least one token per message (an all-punctuation message included).
        return tokens or [Token(text, 0)]

    def split_words(self, normalised_text: Text) -> List[Token]:
        """Where her words end (SpacyNormalisingTokenizer lets spaCy decide)."""
        return _regex_words(normalised_text)


def _regex_words(text: Text) -> List[Token]:
    return [Token(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _key_tokens(tokens: List[Token]) -> List[Token]:
    """One romanization-key token per word (not digits or single letters), at the word's place."""
    return [Token(KEY_PREFIX + key, t.start) for t in tokens
            if len(t.text) > 1 and not t.text.isdigit() and (key := romanization_key(t.text))]
