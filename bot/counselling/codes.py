"""Booking codes such as HC-7KX4-92QF: same alphabet as complaint codes (easy to read aloud),
a different prefix so that the two are never confused."""
import re
import secrets
from typing import Optional

from bot.complaints.codes import ALPHABET

PREFIX = "HC"


def new_booking_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def find_booking_code(text: str) -> Optional[str]:
    """A booking code typed any way: "hc 7kx4 92qf", "HC7KX492QF"."""
    compact = re.sub(r"[\s\-_.]", "", (text or "")[:500].upper())
    match = re.search(r"%s([%s]{8})" % (PREFIX, ALPHABET), compact)
    if not match:
        return None
    chars = match.group(1)
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"
