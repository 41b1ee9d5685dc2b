"""Every component that reads her text finishes quickly on hostile input.

A message is untrusted and can be 100 kB: repeated danger words, long Devanagari runs, combining
marks piled on one letter, digits only. A regular expression that backtracks (".*" after a common
word, "\\d+" with nothing to anchor it) turns such a message into seconds of CPU per turn, in the
process that answers emergencies. Each component gets a time budget several times what it takes on
a busy 2-core machine (the best of up to three runs, so a load spike does not fail it) and below ten
times that: a component that becomes ten times slower fails. Functions that read only a short
prefix of the message take well under a millisecond; they get a 50 ms floor.

Measured on the 2-core development machine (worst input, best of runs), December 2026:
detect_danger 0.15 s ("help " x 20,000; 17 s without its 4,000-character cut), normalise 0.16 s,
requested_language 0.24 s, the tokenizer 0.3 s, the language tagger 0.24 s, find_handles 0.08 s.
"""
import time
from datetime import date

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.complaints.answers import EVIDENCE_WORDS, harasser_phones, incomplete_phone, is_skip
from bot.counselling.answers import button_number
from bot.lang import normalise as normalise_module
from bot.lang.choices import choose
from bot.lang.danger import detect_danger
from bot.lang.dates import parse_when
from bot.lang.districts import match_district
from bot.lang.handles import find_handles
from bot.lang.phones import find_phones, normalise_phone
from bot.lang.romanize import romanization_key
from bot.lang.script import detect_language, detect_script, requested_language
from bot.nlu.danger_guard import DangerGuard, is_only_a_code_or_number
from bot.nlu.language_tagger import LanguageTagger
from bot.nlu.tokenizer import NormalisingTokenizer

SIZE = 100_000


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


HOSTILE = {
    "help x20000": _fill("help "),
    "bachao repeated": _fill("bachao "),
    "danger sentence repeated": _fill("woh mujhe mar raha hai abhi "),
    "abhi then 100 kB of words": "abhi " + _fill("x "),
    "one Devanagari letter": "अ" * SIZE,
    "Devanagari danger words": _fill("मुझे मार रहा है अभी "),
    "Devanagari without spaces": _fill("मारपीटबचाओ"),
    "combining acute accents": "a" + "\u0301" * SIZE,
    "stacked matras and nukta": "क" + "\u093f\u093c\u0902" * (SIZE // 3),
    "digits only": "9" * SIZE,
    "phone numbers": _fill("+91 98765 43210, "),
    "handles": _fill("@a_b.c "),
    "one Latin letter": "a" * SIZE,
    "mixed scripts, emoji, shouting": _fill("HELP!!! बचाओ bcha lo 😰 "),
}

_TOKENIZER = NormalisingTokenizer({**NormalisingTokenizer.get_default_config(), "romanization_key": True})
_TODAY = date(2026, 12, 5)
FLOOR = 0.05

# component: (function of the text, budget in seconds)
COMPONENTS = {
    "detect_danger": (detect_danger, 1.0),
    "normalise": (normalise_module.normalise, 1.0),
    "words": (lambda text: normalise_module.words(normalise_module.normalise(text)), 1.0),
    "romanization_key": (romanization_key, FLOOR),
    "detect_script": (detect_script, 0.15),
    "detect_language": (detect_language, 0.4),
    "requested_language": (requested_language, 1.5),
    "parse_when": (lambda text: parse_when(text, _TODAY), FLOOR),
    "match_district": (match_district, FLOOR),
    "find_handles": (find_handles, 0.5),
    "find_phones": (find_phones, FLOOR),
    "normalise_phone": (normalise_phone, FLOOR),
    "choose": (lambda text: choose(text, EVIDENCE_WORDS), FLOOR),
    "is_skip": (is_skip, FLOOR),
    "harasser_phones": (harasser_phones, FLOOR),
    "incomplete_phone": (incomplete_phone, FLOOR),
    "button_number": (button_number, FLOOR),
    "is_only_a_code_or_number": (is_only_a_code_or_number, FLOOR),
    "tokenizer": (lambda text: _TOKENIZER.tokenize(Message(data={"text": text}), "text"), 2.0),
    "danger guard": (lambda text: DangerGuard().process([Message(data={"text": text})]), 0.3),
    "language tagger": (lambda text: LanguageTagger().process([Message(data={"text": text})]), 1.5),
}


def _seconds(function, text, budget) -> float:
    """The best of up to three runs: another run only when the last was over budget, but not five
    times over (no load spike does that; a backtracking regex would only waste minutes more)."""
    best = float("inf")
    for _ in range(3):
        normalise_module.normalise.cache_clear()  # each run does the work, not a cache lookup
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
        if best <= budget or best > 5 * budget:
            break
    return best


@pytest.mark.parametrize("component", list(COMPONENTS))
def test_hostile_text_is_handled_within_budget(component):
    function, budget = COMPONENTS[component]
    slow = {name: round(seconds, 3) for name, text in HOSTILE.items()
            if (seconds := _seconds(function, text, budget)) > budget}
    assert not slow, f"{component} over its {budget} s budget: {slow}"
