"""What her answers to the report form's questions mean, in Devanagari, romanized Hindi and English.

Vocabularies for `bot.lang.choices.choose` (value -> words that mean it; the first match wins),
"skip" answers, the harasser's phone numbers, and phone numbers typed with digits missing.
"""
import re
from typing import List, Optional

from bot.lang.phones import find_phones, normalise_phone

# "Do you have any evidence?" (slot `evidence`)
EVIDENCE_WORDS = {"screenshots": r"screen ?shot|स्क्रीनशॉट|photo|फोटो|फ़ोटो", "recordings": r"record|रिकॉर्ड|audio|video|वीडियो",
                  "none": r"^(none|no|nahi|नहीं|koi nahi|कोई नहीं|kuch nahi)$", "both": r"both|dono|दोनों"}
# "Anonymous, or a call back from a woman officer?" (slot `contact_mode`)
CONTACT_MODE_WORDS = {"anonymous": r"anonym|gumnaam|गुमनाम|no contact|naam nahi",
                      "callback": r"call|कॉल|phone|फोन|फ़ोन|sampark|संपर्क"}

# The whole answer says "skip" / "I don't know" / "nothing" (a word inside a sentence does not).
_SKIP = re.compile(r"^\s*(/skip|skip|chhodo|chhod do|छोड़ें|छोड़ो|छोड़ दो|nahi pata|pata nahi|पता नहीं|"
                   r"don'?t know|no idea|nothing|kuch nahi|कुछ नहीं|none|no|nahi|नहीं|-)\s*[.!]?\s*$", re.I)
# Digits with spaces or dashes between them, long enough to be meant as a phone number.
_DIGIT_RUN = re.compile(r"(?:\+?\d[\d\s\-]{3,}\d)")
MAX_CHARS = 2000


def is_skip(text: str) -> bool:
    return bool(_SKIP.match(text or ""))


def harasser_phones(text: str) -> List[str]:
    """The numbers she gives for him, in E.164: Indian, or foreign with their country code (he may
    call or message from abroad), so that the same number in two reports counts as a repeat."""
    return find_phones(text, any_country=True)


def incomplete_phone(text: str) -> Optional[str]:
    """The first digit run that looks like a phone number with digits missing or extra ("98765 4321"),
    as she typed it; None when every number-like run in `text` is a valid number (or part of one).
    Numbers of any country count as valid, as in `harasser_phones`."""
    text = text or ""
    valid = set(harasser_phones(text))
    for run in _DIGIT_RUN.findall(text[:MAX_CHARS]):
        digits = re.sub(r"\D", "", run)
        if 5 <= len(digits) <= 13 and normalise_phone(run, any_country=True) is None and not any(
                digits.endswith(v[-10:]) for v in valid):
            return run.strip()
    return None
