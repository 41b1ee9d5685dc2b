"""Normalisation of user text before classification and rule matching.

The output is for machines (features, danger phrases), never shown to her and never stored.
Normalisation is idempotent and total: it accepts any Unicode string and never raises.
"""
import re
import unicodedata
from functools import lru_cache

from bot.lang.hinglish import SPELLING_FOLDS

DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# Characters of a Devanagari word: the Unicode block minus the danda "।" and "॥", which end a
# sentence although they sit in the block.
DEVANAGARI_WORD_CHARS = "\u0900-\u0963\u0966-\u097f"

# Zero-width and bidi formatting characters: invisible, but they split words for a tokenizer.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_DEVANAGARI_RUN = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]+")
# Three or more of the same letter ("bachaooo", "plzzzz", "helppp") become one.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_LATIN_WORD = re.compile(r"[a-z']+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _indic_normaliser():
    # Imported lazily: indic-nlp-library is slow to import and only Devanagari needs it.
    from indicnlp.normalize.indic_normalize import IndicNormalizerFactory

    return IndicNormalizerFactory().get_normalizer("hi")


def _normalise_devanagari(run: str) -> str:
    # indic-nlp's normaliser canonicalises nukta forms, chandrabindu/anusvara variants and
    # removes ZWJ/ZWNJ; it is applied to Devanagari runs only, so Latin text is never touched.
    return _indic_normaliser().normalize(run)


def fold_hinglish_word(word: str) -> str:
    folded = SPELLING_FOLDS.get(word)
    return word if folded is None else folded


# One message is normalised by the tokenizer, the language tagger (twice) and the danger guard:
# cached, so each turn does the work once.
@lru_cache(maxsize=512)
def normalise(text: str) -> str:
    """Canonical lower-case form of `text` with Hinglish spellings folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.translate(DEVANAGARI_DIGITS)
    text = _DEVANAGARI_RUN.sub(lambda m: _normalise_devanagari(m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = text.lower()
    text = _REPEATS.sub(r"\1", text)
    text = _LATIN_WORD.sub(lambda m: fold_hinglish_word(m.group()), text)
    return _SPACES.sub(" ", text).strip()


_WORD = re.compile(r"[\w" + DEVANAGARI_WORD_CHARS + "]+", re.UNICODE)


def words(text: str) -> list:
    """Words of an already normalised text; keeps Devanagari matras inside their word."""
    return _WORD.findall(text)
