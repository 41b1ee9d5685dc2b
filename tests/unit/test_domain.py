"""The domain's promises: three language variants everywhere, the emergency numbers, and no
response, intent or action referenced anywhere that does not exist."""
import glob
import re

import pytest
import yaml

from tests.conftest import ROOT
from tests.domain_files import full_domain

LANGUAGES = {"hi", "hi-Latn", "en"}
# domain.yml plus the responses Rasa merges in from data files (the online-safety advice).
DOMAIN = full_domain()
RESPONSES = DOMAIN["responses"]
INTENTS = set(DOMAIN["intents"])
DEVANAGARI = re.compile("[\u0900-\u097f]")


def _variant(name, language):
    for variant in RESPONSES[name]:
        if {"type": "slot", "name": "language", "value": language} in variant.get("condition", []):
            return variant
    raise AssertionError(f"{name} has no {language} variant")


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_exactly_the_three_language_variants(name):
    languages = [c["value"] for v in RESPONSES[name] for c in v.get("condition", []) if c["name"] == "language"]
    assert sorted(languages) == sorted(LANGUAGES), name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_one_safe_fallback_without_a_condition(name):
    """An empty or unknown language slot never leaves her without a reply: Rasa sends the variant
    without a condition, which is the romanized-Hindi text (the slot's initial value), buttons and all."""
    fallbacks = [v for v in RESPONSES[name] if not v.get("condition")]
    assert len(fallbacks) == 1, f"{name} needs exactly one variant without a condition"
    assert fallbacks[0] == {k: v for k, v in _variant(name, "hi-Latn").items() if k != "condition"}, name


@pytest.mark.parametrize("language", [None, "", "xx", "hi", "hi-Latn", "en"])
def test_rasa_finds_a_reply_for_every_response_whatever_the_language_slot(language):
    from rasa.core.nlg.generator import ResponseVariationFilter

    generator = ResponseVariationFilter(RESPONSES)  # what Rasa's templated NLG chooses with
    expected = language if language in LANGUAGES else "hi-Latn"
    for name in RESPONSES:
        chosen = generator.responses_for_utter_action(name, "rest", {"language": language})
        texts = {v["text"] for v in chosen}
        assert texts == {_variant(name, expected)["text"]}, (name, language)


@pytest.mark.parametrize("name", ["utter_emergency", "utter_self_harm"])
def test_the_fallback_of_a_danger_reply_still_gives_the_numbers(name):
    fallback = next(v for v in RESPONSES[name] if not v.get("condition"))
    assert "112" in fallback["text"] and ("1090" in fallback["text"] or "14416" in fallback["text"])


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_variants_are_written_in_their_script(name):
    assert DEVANAGARI.search(_variant(name, "hi")["text"]), f"{name}: hi variant is not Devanagari"
    for language in ("hi-Latn", "en"):
        text = _variant(name, language)["text"]
        assert not DEVANAGARI.search(text), f"{name}: {language} variant contains Devanagari"
        assert text.strip()


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_buttons_are_the_same_in_every_language(name):
    payloads = {lang: [b["payload"] for b in _variant(name, lang).get("buttons", [])] for lang in LANGUAGES}
    assert payloads["hi"] == payloads["hi-Latn"] == payloads["en"], name
    for payload in payloads["en"]:
        intent = re.match(r"/([^{@]+)", payload).group(1)
        assert intent in INTENTS, f"{name}: button intent {intent} is not in the domain"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_emergency_reply_gives_112_1090_and_181(language):
    text = _variant("utter_emergency", language)["text"]
    for number in ("112", "1090", "181"):
        assert number in text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_self_harm_reply_gives_tele_manas_and_112(language):
    text = _variant("utter_self_harm", language)["text"]
    assert "14416" in text and "112" in text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_emergency_reply_is_short_enough_to_read_in_panic(language):
    # 112 and 1090 must be in the first line a small phone screen shows.
    text = _variant("utter_emergency", language)["text"]
    assert text.index("112") < 40 and text.index("1090") < 80


def _training_files(folder):
    return [yaml.safe_load(open(f)) for f in glob.glob(str(ROOT / folder / "**" / "*.yml"), recursive=True)]


def test_every_action_used_in_rules_and_stories_exists():
    known = set(RESPONSES) | set(DOMAIN["actions"]) | set(DOMAIN["forms"]) | {
        "action_listen", "action_deactivate_loop", "action_restart", "utter_online_safety"}
    used = set()
    for document in _training_files("data/rules") + _training_files("data/stories"):
        for item in document.get("rules", []) + document.get("stories", []):
            used |= {step["action"] for step in item["steps"] if "action" in step}
    assert used - known == set()


def test_every_nlu_intent_is_in_the_domain():
    for document in _training_files("data/nlu"):
        for item in document.get("nlu", []):
            if "intent" in item:
                assert item["intent"].split("/")[0] in INTENTS, item["intent"]


def test_every_retrieval_topic_has_a_response():
    topics = {item["intent"] for document in _training_files("data/nlu")
              for item in document.get("nlu", []) if "/" in item.get("intent", "")}
    for topic in topics:
        assert f"utter_{topic}" in RESPONSES, topic


def test_intent_contract_is_kept():
    contract = {"greet", "goodbye", "affirm", "deny", "thank", "help", "emergency", "self_harm",
                "report_harassment", "online_safety", "book_counselling", "check_status", "request_human",
                "delete_my_data", "change_language", "stop", "out_of_scope"}
    assert contract <= INTENTS


def test_language_slot_needs_no_action_server():
    mappings = DOMAIN["slots"]["language"]["mappings"]
    assert mappings and all(m["type"] == "from_entity" for m in mappings)
    assert DOMAIN["slots"]["language"]["initial_value"] in LANGUAGES


@pytest.mark.parametrize("name", ["utter_emergency", "utter_self_harm", "utter_fallback_counsellor",
                                  "utter_counselling_individual_declined"])
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_counsellor_is_offered_after_danger_a_positive_screen_or_repeated_misunderstanding(name, language):
    # Offered, never forced: a button she can press, in her language.
    payloads = [button["payload"] for button in _variant(name, language).get("buttons", [])]
    assert "/request_human" in payloads
