"""bot.lang.choices.choose: a button's value, or her own words, against a small vocabulary."""
import pytest

from bot.lang.choices import MAX_CHARS, choose

TRAFFIC = {"stop": r"stop|ruko|रुको", "go": r"go|chalo|चलो"}


@pytest.mark.parametrize("text, value", [
    ("stop", "stop"),                 # a button sends the value itself
    ("ab ruko", "stop"),              # romanized Hindi
    ("अभी रुको", "stop"),             # Devanagari
    ("  please STOP now ", "stop"),   # English, any case, any spacing
    ("chalo", "go"),
    ("चलो", "go"),
])
def test_a_button_value_or_her_words_choose_a_value(text, value):
    assert choose(text, TRAFFIC) == value


def test_the_first_value_in_the_table_wins_when_both_match():
    assert choose("stop, then go", TRAFFIC) == "stop"
    assert choose("stop, then go", {"go": TRAFFIC["go"], "stop": TRAFFIC["stop"]}) == "go"


@pytest.mark.parametrize("text", ["", None, "🙏", "kuch aur", "कुछ और", "something else"])
def test_words_that_mean_no_value_choose_nothing(text):
    assert choose(text, TRAFFIC) is None


def test_only_the_start_of_a_long_message_is_read():
    assert choose("x" * (MAX_CHARS - 5) + " stop", TRAFFIC) == "stop"
    assert choose("x" * MAX_CHARS + " stop", TRAFFIC) is None
    assert choose("x" * 100_000, TRAFFIC) is None
