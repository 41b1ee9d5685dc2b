"""Every danger pattern against its listed phrases (tests/data/danger_phrases.yml).

test_danger.py holds whole messages; this pins each rule, so that deleting, weakening or moving one
pattern fails here even when some other pattern still catches the realistic messages.
"""
import re

import pytest
import yaml

from bot.lang import danger
from bot.lang.normalise import normalise
from tests.conftest import ROOT

PHRASES = yaml.safe_load((ROOT / "tests" / "data" / "danger_phrases.yml").read_text(encoding="utf-8"))
PATTERNS = {danger.SELF_HARM: danger._SELF_HARM_RE, danger.EMERGENCY: danger._EMERGENCY_RE}
DEVANAGARI = re.compile("[\u0900-\u097f]")
CASES = [(kind, entry["pattern"], entry["script"], phrase)
         for kind in PATTERNS for entry in PHRASES[kind] for phrase in entry["phrases"]]


@pytest.mark.parametrize("kind", list(PATTERNS))
def test_one_entry_per_pattern_in_order(kind):
    # A pattern deleted from (or added to) danger.py without its entry here fails: the indices shift.
    assert [entry["pattern"] for entry in PHRASES[kind]] == list(range(len(PATTERNS[kind])))
    assert all(entry["phrases"] for entry in PHRASES[kind])


@pytest.mark.parametrize("kind", list(PATTERNS))
def test_each_entry_is_in_the_script_of_its_pattern(kind):
    for entry in PHRASES[kind]:
        pattern_is_devanagari = bool(DEVANAGARI.search(PATTERNS[kind][entry["pattern"]].pattern))
        assert (entry["script"] == "hi") == pattern_is_devanagari, entry
        for phrase in entry["phrases"]:
            assert bool(DEVANAGARI.search(phrase)) == (entry["script"] == "hi"), phrase


@pytest.mark.parametrize("kind,index,script,phrase", CASES,
                         ids=[f"{k}-{i}-{n}" for n, (k, i, _, _) in enumerate(CASES)])
def test_the_pattern_fires_and_the_right_alarm_rings(kind, index, script, phrase):
    assert PATTERNS[kind][index].search(normalise(phrase)), f"{kind} pattern {index} misses {phrase!r}"
    signal = danger.detect_danger(phrase)
    assert signal is not None, f"no alarm for {phrase!r}"
    assert signal.kind == kind, f"{phrase!r} raised {signal.kind}, not {kind}"
