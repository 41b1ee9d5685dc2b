"""A loose romanization key shared by Devanagari and romanized Hindi.

"मुझे परेशान कर रहा है" and "mujhe pareshan kar raha hai" (and "muje presan kr rha h") should look
alike to the classifier. Both are reduced to the same rough Latin skeleton: Devanagari is
transliterated letter by letter with the inherent vowel dropped where Hindi drops it (schwa
deletion at word end and before a final consonant), then both scripts are folded the same way:
long and short vowels merge, aspiration and nukta disappear, w/v, z/j, sh/s, ph/f merge.
The key is for features only; nobody ever reads it.
"""
import re
from functools import lru_cache
from typing import List

_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh",
    "ष": "sh", "स": "s", "ह": "h", "क़": "k", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "d", "ढ़": "dh", "फ़": "f",
    "य़": "y", "ळ": "l",
}
_VOWELS = {"अ": "a", "आ": "aa", "इ": "i", "ई": "ii", "उ": "u", "ऊ": "uu", "ऋ": "ri", "ए": "e", "ऐ": "ai",
           "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e"}
_MATRAS = {"ा": "aa", "ि": "i", "ी": "ii", "ु": "u", "ू": "uu", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o",
           "ौ": "au", "ॉ": "o", "ॅ": "e"}
_VIRAMA, _NUKTA, _ANUSVARA, _CHANDRABINDU, _VISARGA = "्", "़", "ं", "ँ", "ः"
_NUKTA_FORMS = {"क़": "क़", "ख़": "ख़", "ग़": "ग़", "ज़": "ज़", "ड़": "ड़", "ढ़": "ढ़", "फ़": "फ़", "य़": "य़"}

# Folds applied to both scripts' Latin forms, in order.
_FOLDS = [
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"([aeiou])\1+"), r"\1"),       # aa -> a, ii -> i, uu -> u
    (re.compile(r"chh"), "ch"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"ai"), "e"),
    (re.compile(r"au"), "o"),
    (re.compile(r"ri(?=[^aeiou]|$)"), "r"),
    (re.compile(r"([kgcjtdpb])h"), r"\1"),      # aspiration: kh, gh, jh, th, dh, ph, bh
    (re.compile(r"sh"), "s"),
    (re.compile(r"ph|f"), "p"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "j"),
    (re.compile(r"q"), "k"),
    (re.compile(r"y(?=[^aeiou]|$)"), "i"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # chahiye / चाहिए
    (re.compile(r"ein$"), "e"),                  # mein / में
    (re.compile(r"(?<=[aeiou])in$"), "i"),       # nahin / नहीं
    (re.compile(r"(?<=h)in$"), "i"),
    (re.compile(r"(?<=h)en$"), "e"),             # hain / हैं
    (re.compile(r"([^aeiou])\1+"), r"\1"),      # doubled consonants
]


def _transliterate_word(word: str) -> str:
    out: List[str] = []
    pending_schwa = False
    chars = list(word)
    for index, ch in enumerate(chars):
        if ch in _CONSONANTS:
            if pending_schwa and not _schwa_deleted(chars, index, out):
                out.append("a")
            out.append(_CONSONANTS[ch])
            pending_schwa = True
        elif ch in _MATRAS:
            out.append(_MATRAS[ch])
            pending_schwa = False
        elif ch == _VIRAMA:
            pending_schwa = False
        elif ch in (_ANUSVARA, _CHANDRABINDU):
            # Before a consonant it is an "n" (ज़िंदगी = zindagi); at the end of a word Latin writers
            # often leave it out ("nahi"/"nahin", "me"/"mein"), so there it is dropped.
            if pending_schwa:
                out.append("a")
            if index + 1 < len(chars) and chars[index + 1] in _CONSONANTS:
                out.append("n")
            pending_schwa = False
        elif ch in _VOWELS:
            if pending_schwa:
                out.append("a")
            out.append(_VOWELS[ch])
            pending_schwa = False
        elif ch in (_VISARGA, _NUKTA):
            continue
        else:
            if pending_schwa:
                out.append("a")
            out.append(ch)
            pending_schwa = False
    # Schwa deletion: the inherent vowel of the final consonant is not pronounced (कर = kar).
    return "".join(out)


def _schwa_deleted(chars, index: int, out) -> bool:
    """Hindi drops the inherent vowel of a medial consonant when a vowel precedes it and the next
    consonant has a vowel sign of its own: लड़का is "ladka", not "ladaka"; मदद stays "madad"."""
    preceded_by_vowel = len(out) >= 2 and out[-2][-1:] in "aeiou"
    following = chars[index + 1] if index + 1 < len(chars) else ""
    if following == _NUKTA:
        following = chars[index + 2] if index + 2 < len(chars) else ""
    return preceded_by_vowel and following in _MATRAS


def _compose_nukta(word: str) -> str:
    for decomposed, composed in _NUKTA_FORMS.items():
        word = word.replace(decomposed, composed)
    return word


@lru_cache(maxsize=50_000)
def romanization_key(word: str) -> str:
    """The loose key of one word, in either script (already lower-cased and normalised)."""
    if any("\u0900" <= ch <= "\u097f" for ch in word):
        word = _transliterate_word(_compose_nukta(word))
    word = word.lower()
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word
