import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.phones import find_phones, mask_phone, normalise_phone


@pytest.mark.parametrize("raw", [
    "+91 98765 43210",
    "098765-43210",
    "9876543210",
    "91-9876543210",
    "919876543210",
    "(+91) 98765 43210",
    "+91-98765-43210",
    "0091 98765 43210",
    "९८७६५४३२१०",                  # Devanagari digits
    "+९१ ९८७६५ ४३२१०",
    "98.765-43 210",              # mixed separators
    "98765\u200b43210",           # zero-width space inside
    "  9876543210. ",
    "98765–43210",                # en dash
])
def test_mobile_forms_normalise_to_e164(raw):
    assert normalise_phone(raw) == "+919876543210"


@pytest.mark.parametrize("raw, expected", [
    ("0522 2234567", "+915222234567"),      # Lucknow landline with STD code
    ("0522-2234567", "+915222234567"),
    ("011 23456789", "+911123456789"),      # Delhi
    ("+91 522 2234567", "+915222234567"),   # landline in international form
    ("+91 0522 2234567", "+915222234567"),  # international form with the trunk 0 kept
    ("6000000001", "+916000000001"),
])
def test_landlines_and_edge_mobiles(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", [
    "",
    "9999999999",          # all the same digit
    "0000000000",
    "09999999999",
    "+91 99999 99999",
    "5222234567",          # starts 0-5 without an STD 0
    "1234567890",
    "987654321",           # 9 digits
    "98765432101",         # 11 digits without a trunk 0
    "9198765432101",
    "+1 202 555 0123",     # not Indian
    "+44 7911 123456",
    "1090",                # helpline short code
    "mera number 9876543210 hai",  # words around it: use find_phones
    "98765 43210 9123456789",
    "abc",
    "+",
])
def test_rejects(raw):
    assert normalise_phone(raw) is None


def test_find_phones_in_a_sentence_in_order_and_distinct():
    text = "uska number 98765 43210 hai aur dusra +91-9123456789, pehla wala phir se 9876543210"
    assert find_phones(text) == ["+919876543210", "+919123456789"]


def test_find_phones_splits_numbers_written_next_to_each_other():
    assert find_phones("98765 43210 91234 56789") == ["+919876543210", "+919123456789"]
    assert find_phones("9876543210/9123456789") == ["+919876543210", "+919123456789"]
    assert find_phones("9876543210, 0522 2234567") == ["+919876543210", "+915222234567"]


def test_find_phones_in_devanagari_sentence():
    assert find_phones("उसका नंबर ९८७६५ ४३२१० है") == ["+919876543210"]


def test_find_phones_takes_the_country_code_with_the_number():
    assert find_phones("call +91 98765 43210 now") == ["+919876543210"]
    assert find_phones("(+91) 98765 43210") == ["+919876543210"]


@pytest.mark.parametrize("text", [
    "koi number nahi hai",
    "12-10-2025 ko hua",                         # a date
    "aadhaar 1234 5678 9012",
    "rs 50000 liye",
    "instagram.com/user9876543210",              # digits inside a URL or id
    "facebook.com/profile.php?id=9876543210",
    "9999999999",
    "1090 pe call karo",
])
def test_find_phones_ignores_non_numbers(text):
    assert find_phones(text) == []


@pytest.mark.parametrize("number, masked", [
    ("+919876543210", "+91 98XXX XX210"),
    ("9876543210", "+91 98XXX XX210"),
    ("+915222234567", "+91 52XXX XX567"),
])
def test_mask_phone(number, masked):
    assert mask_phone(number) == masked


@pytest.mark.parametrize("bad", ["", "hello", "12345", "+14155550123", None])
def test_mask_phone_of_something_else_shows_nothing(bad):
    assert mask_phone(bad) == ""


def test_long_input_is_capped():
    text = "x " * 5000 + "9876543210"
    assert find_phones(text) == []
    assert find_phones("9876543210 " + "1" * 100000) == ["+919876543210"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_results_are_valid(text):
    for number in find_phones(text):
        assert normalise_phone(number) == number
        assert len(number) == 13 and number.startswith("+91")
    single = normalise_phone(text)
    assert single is None or single in find_phones(text)
    mask_phone(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789०१२३४५६७८९ +-.()/", max_size=60))
def test_never_raises_on_digit_soup(text):
    for number in find_phones(text):
        assert normalise_phone(number) == number
    normalise_phone(text)
