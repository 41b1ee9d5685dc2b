"""Numbers of other countries (bot.lang.phones with any_country=True), parsed with phonenumbers:
the harasser may call from abroad. Indian numbers stay exactly as tests/unit/test_phones.py says."""
import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.phones import find_phones, mask_phone, national_digits, normalise_phone

FOREIGN = [  # (country, as she may type it, E.164, masked)
    ("US", "+1 415 555 2671", "+14155552671", "+1 41X-XXX-X671"),
    ("US", "+1 (415) 555-2671", "+14155552671", "+1 41X-XXX-X671"),
    ("UK", "+44 7911 123456", "+447911123456", "+44 79XX XXX456"),
    ("UK", "0044 07911 123456", "+447911123456", "+44 79XX XXX456"),   # trunk 0 kept after the code
    ("UK", "+44 20 7946 0958", "+442079460958", "+44 20 XXXX X958"),   # London landline
    ("UAE", "+971 50 123 4567", "+971501234567", "+971 50 XXX X567"),
    ("UAE", "00971501234567", "+971501234567", "+971 50 XXX X567"),
    ("Nepal", "+977 980 1234567", "+9779801234567", "+977 98X-XXXX567"),
    ("Nepal", "+977-9801234567", "+9779801234567", "+977 98X-XXXX567"),
    ("Nepal", "+९७७ ९८० १२३४५६७", "+9779801234567", "+977 98X-XXXX567"),   # Devanagari digits
]


@pytest.mark.parametrize("country, typed, e164, masked", FOREIGN)
def test_foreign_numbers_are_normalised_to_e164_and_masked(country, typed, e164, masked):
    assert normalise_phone(typed, any_country=True) == e164
    assert mask_phone(e164, any_country=True) == masked
    assert mask_phone(typed, any_country=True) == masked


@pytest.mark.parametrize("country, typed, e164, masked", FOREIGN)
@pytest.mark.parametrize("sentence", ["uska number {} hai", "उसका नंबर {} है", "he calls me from {} every night"])
def test_foreign_numbers_are_found_in_a_sentence_in_every_script(country, typed, e164, masked, sentence):
    assert find_phones(sentence.format(typed), any_country=True) == [e164]


def test_indian_and_foreign_numbers_together_in_order():
    text = "pehle +91 98765 43210 se, ab +1 415 555 2671 aur 9123456789 se call karta hai"
    assert find_phones(text, any_country=True) == ["+919876543210", "+14155552671", "+919123456789"]


def test_the_default_is_still_indian_numbers_only():
    assert find_phones("number +1 415 555 2671 hai") == []
    assert normalise_phone("+971 50 123 4567") is None and mask_phone("+971501234567") == ""


@pytest.mark.parametrize("raw", [
    "9876543210", "+91 98765 43210", "098765-43210", "0091 98765 43210", "९८७६५४३२१०", "0522 2234567",
    "+91 0522 2234567", "91-9876543210",
])
def test_indian_numbers_read_the_same_with_any_country(raw):
    assert normalise_phone(raw, any_country=True) == normalise_phone(raw) is not None
    assert find_phones(f"number {raw} hai", any_country=True) == find_phones(f"number {raw} hai")
    assert mask_phone(raw, any_country=True) == mask_phone(raw)


@pytest.mark.parametrize("raw", [
    "+1 999 999 9999",          # not a valid US number
    "+44 7777 777777",          # one digit repeated: valid for phonenumbers, junk for our filter
    "+971 55 555 5555",
    "+971 4 123 4567 890",      # too long for the UAE
    "+977 12",                  # too short
    "+0 123 456 7890",          # no such country code
    "+91 99999 99999",          # Indian junk stays junk
    "4155552671",               # no country code: read as Indian, and not a valid Indian number
    "+1 415 555 2671 ext 2",    # words around it
    "+" + "1" * 40,
])
def test_foreign_junk_is_rejected(raw):
    assert normalise_phone(raw, any_country=True) is None


@pytest.mark.parametrize("text", [
    "instagram.com/+14155552671",                 # glued to a URL
    "facebook.com/profile.php?id=447911123456",
    "order #+971501234567",
    "rs 50000 liye",
])
def test_foreign_digits_inside_urls_and_ids_are_not_numbers(text):
    assert find_phones(text, any_country=True) == []


@pytest.mark.parametrize("number, digits", [("+919876543210", "9876543210"), ("+14155552671", "4155552671"),
                                            ("+971501234567", "501234567"), ("+9779801234567", "9801234567"),
                                            ("not a number", "")])
def test_national_digits(number, digits):
    assert national_digits(number) == digits


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789०१२३४५६७८९ +-.()/", max_size=60))
def test_any_country_results_are_valid_and_agree_with_the_indian_reading(text):
    found = find_phones(text, any_country=True)
    for number in found:
        assert normalise_phone(number, any_country=True) == number
        assert mask_phone(number, any_country=True).startswith(number[:2])
    if all(number.startswith("+91") for number in found):
        # No foreign number in it: exactly what the Indian-only reading finds.
        assert found == find_phones(text)
    normalise_phone(text, any_country=True)
