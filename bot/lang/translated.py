"""One shape for a text our Python code says in her three languages.

`Translated(hi=..., hi_latn=..., en=...)` names each variant (never a position in a tuple) and
`pick(language)` chooses by the conversation's `language` slot: "hi" Devanagari Hindi, "hi-Latn"
romanized Hindi, "en" English; anything else gets romanized Hindi, the slot's initial value.
Texts Rasa sends live in domain.yml instead, one variant per language condition.
"""
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Union

from bot.lang.script import ENGLISH, HINDI, HINGLISH, LANGUAGES  # noqa: F401 (LANGUAGES: for callers)

DEFAULT_LANGUAGE = HINGLISH  # the domain's initial value of the language slot


@dataclass(frozen=True, kw_only=True)
class Translated:
    hi: str
    hi_latn: str
    en: str

    def pick(self, language: Optional[str]) -> str:
        if language == HINDI:
            return self.hi
        if language == ENGLISH:
            return self.en
        return self.hi_latn

    def by_language(self) -> Dict[str, str]:
        return {HINDI: self.hi, HINGLISH: self.hi_latn, ENGLISH: self.en}


def label(table: Union[Mapping, Translated], key, language: Optional[str]) -> str:
    """`table[key]` in her language; a single Translated (any key) is itself. A key the table does
    not know is shown as it is, rather than failing while she waits for her summary."""
    text = table.get(key) if isinstance(table, Mapping) else table
    if text is None:
        return str(key)
    return text.pick(language)
