"""What her answers to the counselling questions mean (bot.counselling.answers), in all three scripts."""
import pytest

from bot.counselling.answers import (CONTACT_WORDS, FOR_WHOM_WORDS, MANAGE_CHOICE_WORDS, SESSION_LANGUAGE_WORDS,
                                     button_number)
from bot.lang.choices import choose


@pytest.mark.parametrize("text, value", [
    ("couple", "couple"), ("family", "family"), ("herself", "herself"),   # buttons
    ("pati patni dono", "couple"), ("पति और मैं", "couple"), ("me and my husband", "couple"),
    ("sasural ke saath", "family"), ("परिवार के लिए", "family"), ("for the whole family", "family"),
    ("sirf main", "herself"), ("सिर्फ़ मैं", "herself"), ("just me, individual", "herself"),
])
def test_for_whom(text, value):
    assert choose(text, FOR_WHOM_WORDS) == value


@pytest.mark.parametrize("text, value", [
    ("hi", "hi"), ("en", "en"),
    ("hindi mein", "hi"), ("हिंदी में", "hi"), ("Hindi please", "hi"),
    ("angrezi", "en"), ("अंग्रेज़ी में", "en"), ("in English", "en"),
])
def test_session_language(text, value):
    assert choose(text, SESSION_LANGUAGE_WORDS) == value


@pytest.mark.parametrize("text, value", [
    ("chat", "chat"), ("callback", "callback"),
    ("yahin chat par", "chat"), ("यहीं चैट पर", "chat"), ("send me a link", "chat"),
    ("mujhe call karna", "callback"), ("फोन पर", "callback"), ("phone me please", "callback"),
])
def test_contact(text, value):
    assert choose(text, CONTACT_WORDS) == value


@pytest.mark.parametrize("text, value", [
    ("cancel", "cancel"), ("reschedule", "reschedule"), ("keep", "keep"),
    ("radd kar do", "cancel"), ("रद्द करना है", "cancel"), ("please cancel it", "cancel"),
    ("time badalna hai", "reschedule"), ("दूसरे दिन कर दो", "reschedule"), ("change the time", "reschedule"),
    ("rehne do", "keep"), ("ठीक है, जैसा है", "keep"), ("keep it", "keep"),
])
def test_manage_choice(text, value):
    assert choose(text, MANAGE_CHOICE_WORDS) == value


@pytest.mark.parametrize("text", ["🙏", "'; DROP TABLE counsellors; --", "x" * 10_000])
def test_unclear_answers_choose_nothing(text):
    for vocabulary in (FOR_WHOM_WORDS, SESSION_LANGUAGE_WORDS, CONTACT_WORDS, MANAGE_CHOICE_WORDS):
        assert choose(text, vocabulary) is None


@pytest.mark.parametrize("text, number", [("1", 1), ("2", 2), ("5", 5), ("१", 1), ("३", 3), ("५", 5)])
def test_a_typed_button_number(text, number):
    assert button_number(text) == number


@pytest.mark.parametrize("text", ["", None, "0", "6", "६", "12", "2 baje", "दो", "two", " 2"])
def test_anything_else_is_not_a_button_number(text):
    assert button_number(text) is None
