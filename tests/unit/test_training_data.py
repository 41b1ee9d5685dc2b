"""Training data: enough natural examples per intent in each script, and no duplicates."""
import collections
import glob
import re

import pytest
import yaml

from bot.lang.script import detect_script
from tests.conftest import ROOT

CONTRACT = ["greet", "goodbye", "affirm", "deny", "thank", "help", "emergency", "self_harm",
            "report_harassment", "book_counselling", "check_status", "request_human",
            "delete_my_data", "change_language", "stop", "out_of_scope"]


def _examples():
    by_intent = collections.defaultdict(list)
    for path in glob.glob(str(ROOT / "data" / "nlu" / "*.yml")):
        for item in yaml.safe_load(open(path))["nlu"]:
            if "intent" in item:
                by_intent[item["intent"]] += [l[2:].strip() for l in item["examples"].splitlines() if l.strip()]
    return by_intent


EXAMPLES = _examples()


@pytest.mark.parametrize("intent", CONTRACT + ["online_safety"])
def test_at_least_15_examples_per_script(intent):
    examples = [e for name, values in EXAMPLES.items() if name.split("/")[0] == intent for e in values]
    devanagari = [e for e in examples if detect_script(e) == "Deva"]
    latin = [e for e in examples if detect_script(e) == "Latn"]
    assert len(devanagari) >= 15, intent
    # Romanized Hindi and English are both Latin script: 30 between them.
    assert len(latin) >= 30, intent


def test_no_example_is_duplicated_across_intents():
    seen = {}
    for intent, examples in EXAMPLES.items():
        for example in examples:
            key = re.sub(r"\s+", " ", example.lower()).strip(" .,")
            assert key not in seen or seen[key] == intent, f"{example!r} in {intent} and {seen.get(key)}"
            seen[key] = intent
