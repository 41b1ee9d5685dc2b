"""What her answers to the counselling questions mean, in Devanagari, romanized Hindi and English.

Vocabularies for `bot.lang.choices.choose` (value -> words that mean it; the first match wins), and
the number of an offered slot typed instead of pressing its button.
"""
import re
from typing import Optional

# "Who is the counselling for?" (slot `counselling_for`)
FOR_WHOM_WORDS = {"couple": r"couple|pati|patni|husband|wife|पति|पत्नी|miyan|biwi|dono|दोनों|both",
                  "family": r"family|parivar|परिवार|famil|sasural|ससुराल|ghar ke|घर के|saas|सास",
                  "herself": r"herself|myself|akele|akeli|अकेले|अकेली|sirf main|sirf mai|सिर्फ़ मैं|सिर्फ मैं|only me|individual|khud|ख़ुद|खुद"}
# "In which language should the session be?" (slot `counselling_language`: the session's, not the chat's)
SESSION_LANGUAGE_WORDS = {"hi": r"hindi|हिंदी|हिन्दी|hindee", "en": r"english|angrezi|अंग्रेज़ी|अंग्रेजी|इंग्लिश"}
# "How should the counsellor reach you?" (slot `counselling_contact`)
CONTACT_WORDS = {"chat": r"chat|चैट|yahin|yahi|यहीं|link|लिंक|message|मैसेज|whatsapp|telegram",
                 "callback": r"call|कॉल|phone|फोन|फ़ोन|number|नंबर"}
# "Cancel, change or keep your booking?" (slot `manage_choice`)
MANAGE_CHOICE_WORDS = {"cancel": r"cancel|radd|रद्द|कैंसल|band|nahi chahiye|नहीं चाहिए",
                       "reschedule": r"reschedul|badal|बदल|change|shift|dusre|doosre|दूसरे|aage|postpone|time badl",
                       "keep": r"keep|rehne do|रहने दो|theek hai|ठीक है|jaise hai|जैसा है"}

# Up to five slots are offered as buttons; "2" or "२" alone means the second one.
_BUTTON_NUMBER = re.compile(r"[1-5१-५]")
_DEVANAGARI_DIGITS = str.maketrans("१२३४५", "12345")


def button_number(text: str) -> Optional[int]:
    """1-5 when her whole answer is the number of an offered slot, else None."""
    if not _BUTTON_NUMBER.fullmatch(text or ""):
        return None
    return int(text.translate(_DEVANAGARI_DIGITS))
