"""What her answers to the report form mean (bot.complaints.answers), in all three scripts."""
import pytest

from bot.complaints.answers import CONTACT_MODE_WORDS, EVIDENCE_WORDS, harasser_phones, incomplete_phone, is_skip
from bot.lang.choices import choose


@pytest.mark.parametrize("text, value", [
    ("screenshots", "screenshots"), ("recordings", "recordings"), ("none", "none"), ("both", "both"),  # buttons
    ("haan screenshot hai", "screenshots"), ("स्क्रीनशॉट है", "screenshots"), ("I have photos", "screenshots"),
    ("call ki recording hai", "recordings"), ("वीडियो है", "recordings"), ("an audio clip", "recordings"),
    ("nahi", "none"), ("कोई नहीं", "none"), ("No", "none"),
    ("dono hai", "both"), ("दोनों", "both"), ("both of them", "both"),
])
def test_evidence_answers(text, value):
    assert choose(text, EVIDENCE_WORDS) == value


def test_evidence_none_only_when_that_is_the_whole_answer():
    assert choose("nahi pata kya karu", EVIDENCE_WORDS) is None
    # The first kind she names wins: a screenshot and a video are "screenshots", not "both".
    assert choose("screenshot aur video dono", EVIDENCE_WORDS) == "screenshots"


@pytest.mark.parametrize("text, value", [
    ("anonymous", "anonymous"), ("callback", "callback"),
    ("gumnaam rehna hai", "anonymous"), ("गुमनाम", "anonymous"), ("stay anonymous please", "anonymous"),
    ("mujhe call karo", "callback"), ("फ़ोन कर दीजिए", "callback"), ("please phone me", "callback"),
    ("sampark kijiye", "callback"), ("संपर्क करें", "callback"),
])
def test_contact_mode_answers(text, value):
    assert choose(text, CONTACT_MODE_WORDS) == value


@pytest.mark.parametrize("text", ["🙏", "kya matlab", "क्या मतलब", "what do you mean"])
def test_unclear_answers_choose_nothing(text):
    assert choose(text, EVIDENCE_WORDS) is None and choose(text, CONTACT_MODE_WORDS) is None


@pytest.mark.parametrize("text", [
    "skip", "/skip", "Skip.", "chhodo", "pata nahi", "nahi pata!", "kuch nahi", "nahi", "-",
    "छोड़ो", "छोड़ दो", "पता नहीं", "कुछ नहीं", "नहीं",
    "don't know", "dont know", "No idea", "nothing", "none", "no",
])
def test_skip_answers(text):
    assert is_skip(text)


@pytest.mark.parametrize("text", [
    "", None, "pata nahi uska naam kya hai par wo roz aata hai", "मुझे पता नहीं था कि वो कौन है",
    "I don't know his name but he drives a red car", "Rohan", "नो",
])
def test_answers_that_are_not_a_skip(text):
    assert not is_skip(text)


@pytest.mark.parametrize("text, run", [
    ("uska number 98123 hai", "98123"),
    ("उसका नंबर 98765 4321 है", "98765 4321"),
    ("his number is 98765-432", "98765-432"),
    ("number 9876543210 aur dusra 91234 5678", "91234 5678"),
    ("+91 98765 4321", "+91 98765 4321"),
])
def test_numbers_with_digits_missing_are_caught(text, run):
    assert incomplete_phone(text) == run


@pytest.mark.parametrize("text", [
    "uska number 98123 45678 hai, insta @rohan_x",
    "उसका नंबर ९८७६५ ४३२१० है",
    "his number is +91 98765 43210",
    "number 0522 2234567 hai",
    "wo 1090 pe bhi call karta hai",     # too short to be meant as a phone number
    "koi number nahi",
    "",
])
def test_complete_numbers_and_other_digits_are_not_incomplete(text):
    assert incomplete_phone(text) is None


@pytest.mark.parametrize("text, phones", [
    ("uska number 98123 45678 hai", ["+919812345678"]),
    ("उसका नंबर ९८१२३ ४५६७८ है", ["+919812345678"]),
    ("he calls from +1 415 555 2671 and +44 7911 123456", ["+14155552671", "+447911123456"]),
    ("dubai wala +971 50 123 4567, nepal wala +977 980 1234567", ["+971501234567", "+9779801234567"]),
    ("koi number nahi", []),
])
def test_harasser_numbers_of_any_country(text, phones):
    assert harasser_phones(text) == phones


@pytest.mark.parametrize("text", ["uska number +1 415 555 2671 hai", "उसका नंबर +44 7911 123456 है",
                                  "his number is +971 50 123 4567", "+977-9801234567"])
def test_foreign_numbers_are_not_incomplete(text):
    assert incomplete_phone(text) is None


def test_a_foreign_number_with_digits_missing_is_caught():
    assert incomplete_phone("his number is +44 7911 1234") == "+44 7911 1234"
