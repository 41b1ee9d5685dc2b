"""Her answer to a question with a few possible answers: a button's value, or her own words.

A vocabulary maps each value to a regular expression of the words that mean it, in all three
scripts; the first value whose words occur in her answer wins, so order the table with care.
"""
import re
from typing import Mapping, Optional

# A choice is a short answer. Only the start of a long message is read: a match far into a long
# story is more likely an accident than an answer, and the regex work per message stays bounded.
MAX_CHARS = 300


def choose(text: str, vocabulary: Mapping[str, str]) -> Optional[str]:
    """The value her answer means, or None when it means none of them."""
    text = (text or "")[:MAX_CHARS]
    if text in vocabulary:   # a button sends the value itself
        return text
    lowered = text.strip().lower()
    for value, pattern in vocabulary.items():
        if re.search(pattern, lowered):
            return value
    return None
