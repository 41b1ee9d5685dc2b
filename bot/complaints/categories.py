"""Harassment categories, and matching her own words to one of them."""
import re
from typing import Optional

from bot.lang.normalise import normalise

CATEGORIES = ("stalking", "calls_messages", "online", "domestic", "workplace", "public", "other")

# Keywords after normalisation, in all three scripts. Order matters: the first match wins, so
# the more specific categories come first ("office me boss" is workplace, not public).
_KEYWORDS = [
    ("online", r"insta|instagram|facebook|\bfb\b|whatsapp|snap|fake (id|profile|account)|morph|"
               r"photo|video|blackmail|sextortion|online|social media|profile|"
               r"फ़ोटो|फोटो|वीडियो|ब्लैकमेल|ऑनलाइन|इंस्टा|फेसबुक|व्हाट्सएप|प्रोफाइल|प्रोफ़ाइल|फेक"),
    ("calls_messages", r"\bcall|\bcalls\b|phone|message|msg|sms|number|obscene|gande|ganda|ashleel|"
                       r"कॉल|कॉल्स|फ़ोन|फोन|मैसेज|मैसेजेस|नंबर|अश्लील|गंदे"),
    ("domestic", r"husband|pati|sasural|saas|dahej|dowry|in[- ]?laws|domestic|ghar (me|mein|wale)|"
                 r"पति|ससुराल|सास|दहेज|घरेलू|घर (में|वाले)"),
    ("workplace", r"office|boss|work|job|colleague|manager|kaam ki jagah|naukri|"
                  r"ऑफिस|दफ्तर|दफ़्तर|बॉस|नौकरी|काम की जगह"),
    ("stalking", r"stalk|follow|picha|peecha|ghoor|"
                 r"पीछा|घूर|स्टॉक"),
    ("public", r"\bbus\b|train|metro|auto|road|street|market|bazaar|college|school|park|sadak|rasta|"
               r"छेड़|बस|ट्रेन|सड़क|बाज़ार|बाजार|कॉलेज|स्कूल|रास्ते|chhed|public"),
    ("other", r"\bother\b|kuch aur|something else|कुछ और|\banya\b|अन्य"),
]
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097f]+(?: [\u0900-\u097f]+)*")


def _whole_devanagari_words(pattern: str) -> str:
    # Python's \b does not work inside Devanagari (matras are not \w): "कॉल" must not match "कॉलेज".
    return _DEVANAGARI_WORD.sub(lambda m: f"(?<![\u0900-\u097f]){m.group()}(?![\u0900-\u097f])", pattern)


_COMPILED = [(name, re.compile(_whole_devanagari_words(pattern))) for name, pattern in _KEYWORDS]


def match_category(text: str) -> Optional[str]:
    """The category her words describe, or None when they describe none clearly."""
    normalised = normalise(text[:2000])
    for name, pattern in _COMPILED:
        if pattern.search(normalised):
            return name
    return None
