"""Phone numbers in what she types: "+91 98765 43210", "098765-43210", "९८७६५४३२१०".

Indian numbers follow our own rules below. With `any_country=True` numbers of other countries are
found too, when written with their country code ("+1 415 555 2671", "00971 50 123 4567"): those are
parsed and validated with `phonenumbers` (Google's libphonenumber data). A number without a country
code is read as Indian. Her own number for a call back stays Indian-only (the default); the number of
the man who harasses her may be foreign (calls and messages from abroad), so the report form asks for
any country, and a foreign number named in two reports counts as a repeat like an Indian one.

Numbers come back in E.164 ("+919876543210") so one number typed two ways counts as one, and are
shown back masked ("+91 98XXX XX210") so a shared screen or a staff log exposes as little as possible.
All functions accept any Unicode string, never raise, and read at most the first MAX_CHARS characters.
"""
import re
import unicodedata
from typing import List, Optional, Tuple

import phonenumbers

MAX_CHARS = 2000
COUNTRY_CODE = "91"
NATIONAL_LENGTH = 10
DEFAULT_REGION = "IN"   # how phonenumbers reads a number without a country code
# Longest digit run worth trying as one number: "0091" + 10 digits plus a stray trunk 0.
_MAX_DIGITS = 15
# With other countries: "00" + the 15 digits E.164 allows.
_MAX_INTERNATIONAL_DIGITS = 17

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


def _foreign_number(digits: str, plus: bool) -> Optional[phonenumbers.PhoneNumber]:
    """A valid number of another country written in international form ("+44 ...", "0044 ...")."""
    if not plus and not digits.startswith("00"):
        return None   # no country code: an Indian reading or nothing
    international = digits if plus else digits[2:]
    if international.startswith(COUNTRY_CODE) or len(international) > 15:
        return None   # +91 numbers follow our Indian rules only
    try:
        number = phonenumbers.parse("+" + international, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    # The same junk filter as for Indian numbers: one digit repeated is not a real number.
    return number if len(set(phonenumbers.national_significant_number(number))) > 1 else None


def _to_e164(digits: str, plus: bool, any_country: bool = False) -> Optional[str]:
    national = _national_number(digits, plus)
    if national is not None:
        return "+" + COUNTRY_CODE + national
    foreign = _foreign_number(digits, plus) if any_country else None
    return None if foreign is None else phonenumbers.format_number(foreign, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(text: str, any_country: bool = False) -> Optional[str]:
    """The number in `text` in E.164 ("+91XXXXXXXXXX"), or None; Indian numbers only unless `any_country`.

    `text` must be just a number (a form field, a reply to "which number?"); surrounding words make
    it None. Use `find_phones` for numbers inside a sentence.
    """
    cleaned = _clean(text).strip().rstrip(".,;:!?").strip()
    if len(cleaned) > 40 or not _WHOLE_NUMBER.fullmatch(cleaned):
        return None
    plus = cleaned.lstrip("(").startswith("+")
    digits = re.sub(r"[^0-9]", "", cleaned)
    if len(digits) > (_MAX_INTERNATIONAL_DIGITS if any_country else _MAX_DIGITS):
        return None
    return _to_e164(digits, plus, any_country)


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


def _numbers_in_run(run: List[Tuple[str, bool]], any_country: bool) -> List[str]:
    # Greedy, longest first: "91 98765 43210" is one number, "98765 43210 91234 56789" two.
    found = []
    max_digits = _MAX_INTERNATIONAL_DIGITS if any_country else _MAX_DIGITS
    i = 0
    while i < len(run):
        best_end, best_number = -1, None
        digits = ""
        for j in range(i, len(run)):
            digits += run[j][0]
            if len(digits) > max_digits:
                break
            number = _to_e164(digits, run[i][1], any_country)
            if number is not None:
                best_end, best_number = j, number
        if best_number is None:
            i += 1
        else:
            found.append(best_number)
            i = best_end + 1
    return found


def find_phones(text: str, any_country: bool = False) -> List[str]:
    """Every distinct number in a sentence, in E.164 form, in the order she wrote them: Indian
    numbers, and with `any_country` also numbers of other countries written with their country code."""
    found: List[str] = []
    for run in _runs(_clean(text)):
        for number in _numbers_in_run(run, any_country):
            if number not in found:
                found.append(number)
    return found


def mask_phone(e164: str, any_country: bool = False) -> str:
    """"+91 98XXX XX210": enough for her to recognise the number, too little to call it.
    Other countries' numbers (with `any_country`) keep their usual grouping: "+1 41X-XXX-X671".

    Anything that is not a valid number gives "" so nothing unchecked is echoed.
    """
    number = normalise_phone(e164, any_country)
    if number is None:
        return ""
    if not number.startswith("+" + COUNTRY_CODE):
        return _mask_foreign(phonenumbers.parse(number, DEFAULT_REGION))
    national = number[len(COUNTRY_CODE) + 1:]
    return f"+{COUNTRY_CODE} {national[:2]}XXX XX{national[-3:]}"


def _mask_foreign(number: phonenumbers.PhoneNumber) -> str:
    # The country's own grouping, digits hidden but the first two and the last three (one and two
    # for short numbers, so that most of a number is always hidden).
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    prefix = f"+{number.country_code}"
    rest = formatted[len(prefix):]
    count = sum(char.isdigit() for char in rest)
    head, tail = (2, 3) if count >= 9 else (1, 2)
    masked, seen = [], 0
    for char in rest:
        if char.isdigit():
            seen += 1
            if head < seen <= count - tail:
                char = "X"
        masked.append(char)
    return prefix + "".join(masked)


def national_digits(e164: str) -> str:
    """The national significant number of an E.164 number ("+919876543210" -> "9876543210"), or ""."""
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, DEFAULT_REGION))
    except phonenumbers.NumberParseException:
        return ""
