import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.script import ENGLISH, HINDI, HINGLISH, detect_language, detect_script, requested_language


@pytest.mark.parametrize("text, expected", [
    ("मुझे कोई परेशान कर रहा है", HINDI),
    ("मुझे help चाहिए", HINDI),
    ("mujhe koi stalk kar rha h", HINGLISH),
    ("muje bhot dar lag rha h", HINGLISH),
    ("plz help me yaar koi pareshan kr rha", HINGLISH),
    ("zeher kha lungi", HINGLISH),
    ("someone is following me right now", ENGLISH),
    ("I want to report harassment at my office", ENGLISH),
    ("how do I secure my instagram account", ENGLISH),
    ("ok", None),
    ("🙏", None),
    ("12345", None),
    ("hs abcd efgh", None),             # a reference code says nothing about her language
    ("HS-7KX4-92QF", None),
    ("", None),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_detect_script():
    assert detect_script("नमस्ते") == "Deva"
    assert detect_script("namaste") == "Latn"
    assert detect_script("😰😰") is None


@pytest.mark.parametrize("text, expected", [
    ("English please", ENGLISH),
    ("reply in english", ENGLISH),
    ("angrezi me likho", ENGLISH),
    ("हिंदी में बोलो", HINDI),
    ("hindi me baat karo", HINGLISH),
    ("please talk in hindi", HINGLISH),
    ("devanagari me likho", HINDI),
    ("roman hindi me likho", HINGLISH),
    ("hinglish", HINGLISH),
    ("मुझे अंग्रेज़ी में जवाब चाहिए", ENGLISH),
    ("mujhe koi pareshan kar raha hai", None),
    ("my english teacher harasses me every day after class and I am scared to go to school", None),
])
def test_requested_language(text, expected):
    assert requested_language(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_language_functions_never_raise(text):
    assert detect_language(text) in (HINDI, HINGLISH, ENGLISH, None)
    assert requested_language(text) in (HINDI, HINGLISH, ENGLISH, None)
