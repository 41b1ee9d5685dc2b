"""The mutation check's list stays applicable, and the test count sorts tests the README's way.

(The mutation check itself is slow and not part of the test command: python -m bot.devtools.mutants.)
"""
from bot.devtools import test_count
from bot.devtools.mutants import mutants
from tests.conftest import ROOT


def test_every_mutant_still_applies_to_the_code_it_breaks():
    # A refactoring that moves the text a mutant replaces must update the mutant, not drop it silently.
    listed = mutants()
    assert len({m.name for m in listed}) == len(listed) >= 50
    for mutant in listed:
        code = (ROOT / mutant.path).read_text(encoding="utf-8")
        assert code.count(mutant.original) == 1, mutant.name
        assert mutant.mutated != mutant.original, mutant.name
        assert all((ROOT / t).exists() for t in mutant.tests if t.startswith("tests/")), mutant.name


def test_every_part_of_the_safety_core_has_mutants():
    names = [m.name for m in mutants()]
    for part in ("danger-", "policy-", "encryption-", "pseudonym-", "whatsapp-", "telegram-", "relay-"):
        assert sum(n.startswith(part) for n in names) >= 3, part


def test_the_count_tells_content_checks_from_behaviour_tests():
    counts = test_count.classify([
        "tests/unit/test_domain.py::test_three_variants[utter_greet]",
        "tests/unit/test_danger.py::test_emergencies_are_detected[bachao]",
        "tests/e2e/test_story_texts.py::test_each_story_text_means_its_labelled_intent[english-0]",
    ])
    assert counts == {"content checks": 1, "behaviour, unit and integration": 1, "behaviour, end to end": 1}
    assert all((ROOT / module).exists() for module in test_count.CONTENT_MODULES)
    assert test_count.stories() > 0
