"""The danger detector on its own. It backs up the classifier; misses here are tolerated only
where the classifier is known to catch them (tests/e2e check the two together)."""
import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.danger import EMERGENCY, SELF_HARM, detect_danger

EMERGENCIES = [
    "wo mujhe maar raha hai",
    "woh mje mar rha h",
    "someone is following me right now",
    "बचाओ",
    "bchaooo koi h",
    "मेरे पति मुझे मार रहे हैं",
    "koi ghar me ghus aaya hai",
    "help me please he is here",
    "he is going to kill me tonight",
    "acid fekne ki dhamki de raha hai abhi bahar khada hai",
    "mujhe kamre me band kar diya hai",
    "ek aadmi abhi mera picha kar raha hai",
    "auto wala sunsaan raste pe le ja raha hai",
    "I am locked in a room and cant get out",
    "जल्दी पुलिस भेजो",
    "HELP!!!",
]
SELF_HARMS = [
    "main mar jana chahti hu",
    "I want to kill myself",
    "जीने का मन नहीं करता",
    "suicide kar lungi",
    "neend ki goliyan kha lungi",
    "I can't live like this anymore",
    "mujhe nahi jeena",
    "मैं आत्महत्या कर लूंगी",
    "i dont want to live anymore",
]
CALM = [
    "namaste",
    "mujhe complaint karni hai",
    "ek ladka roz college tak peecha karta hai",
    "how do I make my instagram private",
    "meri complaint ka status kya hai",
    "family counselling book karni hai",
    "what all can you help me with",
    "help me understand this chatbot",
    "थैंक यू दीदी",
    "मुझे अपनी शिकायत की स्थिति जाननी है",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_detected(text):
    signal = detect_danger(text)
    assert signal is not None and signal.kind == EMERGENCY, text


@pytest.mark.parametrize("text", SELF_HARMS)
def test_self_harm_is_detected(text):
    signal = detect_danger(text)
    assert signal is not None and signal.kind == SELF_HARM, text


@pytest.mark.parametrize("text", CALM)
def test_calm_messages_raise_no_alarm(text):
    assert detect_danger(text) is None, text


def test_danger_deep_inside_a_long_message_is_found_when_within_the_limit():
    assert detect_danger("bahut pareshan hoon. " * 100 + "abhi woh mujhe mar raha hai").kind == EMERGENCY


def test_huge_messages_are_handled_quickly():
    detect_danger("a" * 100_000)
    detect_danger("अ" * 100_000)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    signal = detect_danger(text)
    assert signal is None or signal.kind in (EMERGENCY, SELF_HARM)
