"""Reading the tracker the same way in every action module (no actions here)."""
from typing import Any

from rasa_sdk import Tracker

DEFAULT_LANGUAGE = "hi-Latn"   # the slot's initial value in domain.yml


def reply_language(tracker: Tracker) -> str:
    """The language and script of her replies (the `language` slot: hi, hi-Latn or en)."""
    return tracker.get_slot("language") or DEFAULT_LANGUAGE


def slot_text(value: Any) -> str:
    """A slot value as text: anything else (None, a bool from a button, a list) is ""."""
    return value if isinstance(value, str) else ""
