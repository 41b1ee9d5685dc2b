import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.romanize import romanization_key


@pytest.mark.parametrize("devanagari, latin", [
    ("मुझे", "mujhe"), ("मुझे", "muje"), ("परेशान", "pareshan"), ("कर", "kar"), ("रहा", "raha"),
    ("है", "hai"), ("हैं", "hain"), ("बचाओ", "bachao"), ("पीछा", "peecha"), ("शिकायत", "shikayat"),
    ("लड़का", "ladka"), ("मदद", "madad"), ("नहीं", "nahi"), ("नहीं", "nahin"), ("ज़िंदगी", "zindagi"),
    ("बहुत", "bahut"), ("चाहिए", "chahiye"), ("में", "mein"), ("पति", "pati"), ("मारता", "maarta"),
])
def test_both_scripts_share_a_key(devanagari, latin):
    assert romanization_key(devanagari) == romanization_key(latin)


def test_different_words_keep_different_keys():
    assert len({romanization_key(w) for w in ("kal", "kam", "ghar", "pati", "police", "ladki")}) == 6


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F) | st.sampled_from("abchkz")))
def test_never_raises(word):
    assert isinstance(romanization_key(word), str)
