import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.hinglish import SPELLING_FOLDS
from bot.lang.normalise import normalise, words


@pytest.mark.parametrize("raw, expected", [
    ("Mje koi stalk kr rha h", "mujhe koi stalk kar raha hai"),
    ("muje bhot pareshan kr rha h", "mujhe bahut pareshan kar raha hai"),
    ("nhi", "nahi"),
    ("BACHAOOOO plzzz", "bachao please"),
    ("helppp", "help"),
    ("  many   spaces\there ", "many spaces here"),
    ("१२३४५६७८९०", "1234567890"),
    ("मेरा नंबर ९८७६५४३२१० है", "मेरा नंबर 9876543210 है"),
    ("मुझे\u200b परेशान", "मुझे परेशान"),      # zero-width space removed
    ("\ufeffhello", "hello"),                      # byte-order mark removed
    ("", ""),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_devanagari_keeps_candra_o_and_matras():
    # indic-nlp's normaliser must not fold ॉ (as in डॉक्टर, ऑफिस) or split words.
    assert normalise("डॉक्टर ऑफिस") == "डॉक्टर ऑफिस"
    assert words(normalise("मुझे परेशान कर रहा है")) == ["मुझे", "परेशान", "कर", "रहा", "है"]


def test_latin_text_is_not_touched_by_the_devanagari_normaliser():
    assert normalise("Hello World, it's fine") == "hello world, it's fine"


def test_decomposed_and_composed_nukta_are_equal():
    # क़ as one code point (U+0958) and as क + nukta (U+0915 U+093C) must look alike.
    assert normalise("\u0958ानून") == normalise("\u0915\u093cानून")


def test_every_spelling_fold_is_a_fixed_point():
    # Folding a folded word again must change nothing, or normalise() would not be idempotent.
    for target in SPELLING_FOLDS.values():
        if target is None:
            continue
        for word in target.split():
            assert SPELLING_FOLDS.get(word) in (None, word), word


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_normalise_is_idempotent_and_never_raises(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F) | st.sampled_from(" abhkr\u200c\u200d")))
def test_normalise_is_idempotent_on_devanagari_heavy_text(text):
    once = normalise(text)
    assert normalise(once) == once
