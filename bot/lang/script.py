"""Which language and script a message is written in, and explicit requests to switch.

Language codes (the `language` slot): "hi" Devanagari Hindi, "hi-Latn" romanized Hindi/Hinglish,
"en" English. `None` means the message does not tell (emoji, digits, "ok"): keep the previous one.

Two strengths: `detect_language` names the language of one message (used to count training data by
script); `clear_language` answers only on clear evidence, and is what moves the reply language, so
one English word, a typed button label, a number or an emoji never switches her conversation.
"""
import re
from typing import Optional

from bot.lang.hinglish import ENGLISH_FUNCTION_WORDS, ENGLISH_MARKERS, HINGLISH_MARKERS, NEUTRAL_WORDS
from bot.lang.normalise import DEVANAGARI_WORD_CHARS, normalise, words

HINDI, HINGLISH, ENGLISH = "hi", "hi-Latn", "en"
LANGUAGES = (HINDI, HINGLISH, ENGLISH)

_DEVANAGARI_LETTER = re.compile("[" + DEVANAGARI_WORD_CHARS + "]")
_LATIN_LETTER = re.compile("[A-Za-z]")
# Verb endings of romanized Hindi ("jaungi", "karenge", "bataiye", "bulao").
_HINDI_SUFFIX = re.compile(r"[a-z](ungi|unga|enge|engi|ogi|oge|iye|iyega|ega|egi|wao|vao|ao|kar)$")


def detect_script(text: str) -> Optional[str]:
    """"Deva" or "Latn" by letter count, or None when the text has no letters of either."""
    deva = len(_DEVANAGARI_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if deva == 0 and latin == 0:
        return None
    return "Deva" if deva >= latin else "Latn"


# Complaint reference codes (HS-7KX4-92QF) and counselling booking codes (HC-…), typed any way,
# are not words of any language.
_REFERENCE_CODE = re.compile(r"\bh[sc][\s\-_.]*[a-z0-9]{4}[\s\-_.]*[a-z0-9]{4}\b", re.I)


def detect_language(text: str) -> Optional[str]:
    """The language of one message, or None when it is not decisive."""
    text = _REFERENCE_CODE.sub(" ", text or "")
    script = detect_script(text)
    if script == "Deva":
        return HINDI
    if script is None:
        return None
    tokens = [w for w in words(normalise(text)) if not w.isdigit()]
    hindi = sum(1 for w in tokens if w in HINGLISH_MARKERS)
    english = sum(1 for w in tokens if w in ENGLISH_MARKERS and w not in NEUTRAL_WORDS)
    if hindi == 0 and english == 0:
        unknown = [w for w in tokens if w not in NEUTRAL_WORDS]
        if any(_HINDI_SUFFIX.search(w) for w in unknown):
            return HINGLISH
        # Unknown Latin words ("stalker", "harassment"...) without Hindi glue read as English
        # only in a real sentence; one or two words stay undecided.
        return ENGLISH if len(unknown) >= 3 else None
    # Hinglish writers mix in English freely; English writers rarely use Hindi function words.
    if hindi >= 2 or (hindi >= 1 and hindi * 3 >= english):
        return HINGLISH
    return ENGLISH


def clear_language(text: str) -> Optional[str]:
    """The language of a message that is clear evidence for switching the reply language, else None.

    Clear evidence: a whole message in Devanagari; romanized Hindi of two words or more; an English
    sentence (a grammar word among two English words, or among three words that tell, and no Hindi
    word beside them).
    One English word ("stalking"), a button label typed ("Online harassment"), "ok", a number or an
    emoji is what Hinglish writers send too, and keeps the language the conversation already has.
    """
    language = detect_language(text)
    if language in (None, HINDI):
        return language
    tokens = [w for w in words(normalise(_REFERENCE_CODE.sub(" ", text or ""))) if not w.isdigit()]
    telling = [w for w in tokens if w not in NEUTRAL_WORDS]
    hindi = sum(1 for w in telling if w in HINGLISH_MARKERS)
    if language == HINGLISH:
        return HINGLISH if hindi >= 2 or len(telling) >= 2 else None
    english = [w for w in telling if w in ENGLISH_MARKERS]
    grammar = any(w in ENGLISH_FUNCTION_WORDS for w in tokens)
    sentence = len(english) >= 2 or len(telling) >= 3
    return ENGLISH if hindi == 0 and grammar and sentence else None


_ENGLISH_NAMES = r"(?<![a-z])(english|angrezi|angreji|angrezee|inglish|अंग्रेज़ी|अंग्रेजी|इंग्लिश)"
_HINDI_NAMES = r"(?<![a-z])(hindi|hindee|हिंदी|हिन्दी)"
_ROMAN_NAMES = r"(?<![a-z])(hinglish|roman|romanized|english letters|english alphabet|angrezi akshar|रोमन|हिंग्लिश)"
_DEVANAGARI_NAMES = r"(?<![a-z])(devanagari|devnagari|देवनागरी)"
_SWITCH_VERBS = (
    r"\b(please|bolo|bolie|boliye|likho|likhiye|baat|reply|talk|speak|write|answer|jawab|chahiye|"
    r"samjhao|switch|change|badlo|want|use|set|understand|samajh|samjh|choose|select|chuno)\b|"
    r"बोलो|बोलिए|लिखो|लिखिए|बात|जवाब|चाहिए|समझाओ|बदलो|बताओ|बताइए|समझ|कर दो|चुन"
)
_LANGUAGE_NAME = "(" + "|".join((_ENGLISH_NAMES, _HINDI_NAMES, _ROMAN_NAMES, _DEVANAGARI_NAMES)) + ")"
# "english me", "हिंदी में", "in english": the name used as the language of the conversation.
_IN_LANGUAGE = _LANGUAGE_NAME + r" ?(me|mein|main|mai|में)(?![a-z])|\b(in|into|to) " + _LANGUAGE_NAME
_MAX_WORDS = 12


def requested_language(text: str) -> Optional[str]:
    """The language she explicitly asks for ("English please", "हिंदी में बोलो"), else None."""
    t = normalise(text)
    if not re.search(_LANGUAGE_NAME, t) or len(t.split()) > _MAX_WORDS:
        return None  # a long message that mentions "english" is about something else
    alone = len(t.split()) <= 2
    if not (alone or re.search(_IN_LANGUAGE, t) or re.search(_SWITCH_VERBS, t)):
        return None
    if re.search(_ROMAN_NAMES, t):
        return HINGLISH
    if re.search(_DEVANAGARI_NAMES, t):
        return HINDI
    if re.search(_ENGLISH_NAMES, t):
        return ENGLISH
    # Asked for Hindi in Devanagari: Devanagari. Asked in Latin letters: she may not read
    # Devanagari, so answer in Hindi written the way she writes.
    return HINDI if detect_script(text) == "Deva" else HINGLISH
