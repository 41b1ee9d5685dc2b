"""Indian phone numbers in what she types: "+91 98765 43210", "098765-43210", "९८७६५४३२१०".

Numbers come back in E.164 ("+919876543210") so one number typed two ways counts as one, and are
shown back masked ("+91 98XXX XX210") so a shared screen or a staff log exposes as little as possible.
All functions accept any Unicode string, never raise, and read at most the first MAX_CHARS characters.
"""
import re
import unicodedata
from typing import List, Optional, Tuple

MAX_CHARS = 2000
COUNTRY_CODE = "91"
NATIONAL_LENGTH = 10
# Longest digit run worth trying as one number: "0091" + 10 digits plus a stray trunk 0.
_MAX_DIGITS = 15

# Zero-width and bidi characters: invisible, but they split "98765\u200b43210" into two runs.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# What people put between digit groups: spaces, dots, dashes (ASCII and typographic), brackets.
_SEPARATOR = "\\s().\\-\u2010-\u2015/"
_WHOLE_NUMBER = re.compile(r"\(?\+?\(?[0-9][0-9" + _SEPARATOR + r"]*")
_GROUP = re.compile(r"\+?[0-9]+")
_GAP = re.compile("[" + _SEPARATOR + "]{1,3}")
# A digit group glued to these is part of a URL, an id or an e-mail, not a phone number.
# A "/" only counts after a letter: "9876543210/9123456789" lists two numbers.
_GLUED_LEFT = re.compile(r"[A-Za-z_=@#%&?]/?$|[A-Za-z0-9_=@#%&?]$")
_GLUED_RIGHT = re.compile(r"[0-9_=@#%&]")


def _ascii_digits(text: str) -> str:
    # Devanagari (and Bengali, Urdu...) digits become ASCII one for one, so positions stay valid.
    chars = []
    for char in text:
        if char.isdecimal() and not char.isascii():
            char = str(unicodedata.decimal(char, 0))
        chars.append(char)
    return "".join(chars)


def _clean(text: str) -> str:
    if not isinstance(text, str):
        return ""
    return _ascii_digits(_INVISIBLE.sub("", text[:MAX_CHARS]))


def _is_plausible(national: str) -> bool:
    # "9999999999" and "0000000000" are what people type to get past a form, not real numbers.
    return (
        len(national) == NATIONAL_LENGTH
        and national.isdigit()
        and national[0] != "0"
        and len(set(national)) > 1
    )


def _national_number(digits: str, plus: bool) -> Optional[str]:
    """The 10-digit national number in `digits`, or None when they are not an Indian number."""
    if plus or digits.startswith("00"):
        # International form: only +91 / 0091; the national part may be a mobile or a landline
        # ("+91 522 2234567"); some people keep the trunk 0 ("+91 0522 2234567").
        prefix = COUNTRY_CODE if plus else "00" + COUNTRY_CODE
        if not digits.startswith(prefix):
            return None
        rest = digits[len(prefix):]
        if len(rest) == NATIONAL_LENGTH + 1 and rest[0] == "0":
            rest = rest[1:]
        return rest if _is_plausible(rest) else None
    if len(digits) == NATIONAL_LENGTH:
        # Without a prefix only mobiles (6-9) are unambiguous; "5222234567" could be anything.
        return digits if digits[0] in "6789" and _is_plausible(digits) else None
    if len(digits) == NATIONAL_LENGTH + 1 and digits[0] == "0":
        # Trunk 0: STD landline "0522 2234567" or mobile "098765 43210".
        rest = digits[1:]
        return rest if _is_plausible(rest) else None
    if len(digits) == NATIONAL_LENGTH + 2 and digits.startswith(COUNTRY_CODE):
        # "91-9876543210" without the plus: accepted for mobiles only, a 12-digit run is too
        # likely to be an account or Aadhaar number otherwise.
        rest = digits[2:]
        return rest if rest[0] in "6789" and _is_plausible(rest) else None
    return None


def _to_e164(digits: str, plus: bool) -> Optional[str]:
    national = _national_number(digits, plus)
    return None if national is None else "+" + COUNTRY_CODE + national


def normalise_phone(text: str) -> Optional[str]:
    """The number in `text` as "+91XXXXXXXXXX", or None.

    `text` must be just a number (a form field, a reply to "which number?"); surrounding words make
    it None. Use `find_phones` for numbers inside a sentence.
    """
    cleaned = _clean(text).strip().rstrip(".,;:!?").strip()
    if len(cleaned) > 40 or not _WHOLE_NUMBER.fullmatch(cleaned):
        return None
    plus = cleaned.lstrip("(").startswith("+")
    digits = re.sub(r"[^0-9]", "", cleaned)
    if len(digits) > _MAX_DIGITS:
        return None
    return _to_e164(digits, plus)


def _runs(text: str) -> List[List[Tuple[str, bool]]]:
    """Digit groups that sit next to each other, as (digits, has_plus) lists, one list per run."""
    runs: List[List[Tuple[str, bool]]] = []
    current: List[Tuple[str, bool]] = []
    last_end = -1
    for match in _GROUP.finditer(text):
        start, end = match.span()
        glued = _GLUED_LEFT.search(text[max(0, start - 2):start]) or (
            end < len(text) and _GLUED_RIGHT.match(text[end])
        )
        adjacent = last_end >= 0 and _GAP.fullmatch(text[last_end:start]) is not None
        if current and not adjacent:
            runs.append(current)
            current = []
        last_end = end
        if glued:
            # Part of a URL or an id: it also ends the run, so its digits never join a number.
            if current:
                runs.append(current)
                current = []
            last_end = -1
            continue
        group = match.group()
        current.append((group.lstrip("+"), group.startswith("+")))
    if current:
        runs.append(current)
    return runs


def _numbers_in_run(run: List[Tuple[str, bool]]) -> List[str]:
    # Greedy, longest first: "91 98765 43210" is one number, "98765 43210 91234 56789" two.
    found = []
    i = 0
    while i < len(run):
        best_end, best_number = -1, None
        digits = ""
        for j in range(i, len(run)):
            digits += run[j][0]
            if len(digits) > _MAX_DIGITS:
                break
            number = _to_e164(digits, run[i][1])
            if number is not None:
                best_end, best_number = j, number
        if best_number is None:
            i += 1
        else:
            found.append(best_number)
            i = best_end + 1
    return found


def find_phones(text: str) -> List[str]:
    """Every distinct Indian number in a sentence, in E.164 form, in the order she wrote them."""
    found: List[str] = []
    for run in _runs(_clean(text)):
        for number in _numbers_in_run(run):
            if number not in found:
                found.append(number)
    return found


def mask_phone(e164: str) -> str:
    """"+91 98XXX XX210": enough for her to recognise the number, too little to call it.

    Anything that is not a valid Indian number gives "" so nothing unchecked is echoed.
    """
    number = normalise_phone(e164)
    if number is None:
        return ""
    national = number[len(COUNTRY_CODE) + 1:]
    return "+{} {}XXX XX{}".format(COUNTRY_CODE, national[:2], national[-3:])
