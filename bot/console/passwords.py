"""What a staff password must be (OWASP ASVS 4.0 level 2, V2.1): at least 12 characters, any
characters, no composition rules, and not a common or guessable one.

"Common" is the list shipped beside this module (common_passwords.txt, a few thousand entries written
out from the well-known public lists, Indian names and places, and this service's own words). A
password is refused when it, or it with leading and trailing digits and symbols taken off, or that
with the usual letter swaps undone (p@ssw0rd), is on the list; when it contains the user name; and
when it is one character or a short pattern repeated (fewer than 5 different characters).
"""
import string
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Optional

MIN_CHARS = 12
MAX_CHARS = 1024  # argon2 hashes anything, but a megabyte password is an attack on the CPU
MIN_DISTINCT = 5
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_EDGE = string.digits + string.punctuation + " "
_UNLEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s",
                         "7": "t", "+": "t"})


@lru_cache(maxsize=1)
def common_passwords() -> FrozenSet[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _forms(password: str):
    lower = password.lower()
    core = lower.strip(_EDGE)
    return {lower, core, core.translate(_UNLEET), lower.translate(_UNLEET), lower.replace(" ", "")}


def password_problem(password: str, username: Optional[str] = None) -> Optional[str]:
    """Why this password is refused (a sentence for the form), or None when it is acceptable."""
    if len(password) < MIN_CHARS:
        return f"at least {MIN_CHARS} characters"
    if len(password) > MAX_CHARS:
        return f"at most {MAX_CHARS} characters"
    if len(set(password.lower())) < MIN_DISTINCT:
        return "too repetitive: use a few different words"
    if username and len(username) >= 3 and username.lower() in password.lower():
        return "must not contain the user name"
    common = common_passwords()
    if any(form in common for form in _forms(password)):
        return "too common: it is on the list of passwords attackers try first"
    return None
