"""Our Rasa graph components, run on Rasa Message objects the way the pipeline runs them."""
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.danger_guard import DangerGuard
from bot.nlu.language_tagger import LanguageTagger
from bot.nlu.tokenizer import NormalisingTokenizer


def _message(text, intent=None, ranking=None):
    message = Message(data={TEXT: text})
    if intent:
        message.set(INTENT, {"name": intent, "confidence": 0.4})
        message.set(INTENT_RANKING_KEY, ranking or [{"name": intent, "confidence": 0.4}])
    return message


def _entities(message):
    return {e["entity"]: e["value"] for e in message.get(ENTITIES, [])}


def test_tokenizer_normalises_and_keeps_devanagari_words_whole():
    tokenizer = NormalisingTokenizer(NormalisingTokenizer.get_default_config())
    tokens = tokenizer.tokenize(_message("Mje koi परेशान kr rha h 😰"), TEXT)
    assert [t.text for t in tokens] == ["mujhe", "koi", "परेशान", "kar", "raha", "hai", "😰"]


def test_the_danda_ends_a_word_it_is_not_part_of_it():
    tokenizer = NormalisingTokenizer(NormalisingTokenizer.get_default_config())
    tokens = tokenizer.tokenize(_message("मुझे डर लग रहा है।कोई है॥"), TEXT)
    assert [t.text for t in tokens] == ["मुझे", "डर", "लग", "रहा", "है", "कोई", "है"]


def test_romanization_key_tokens_are_shared_across_scripts():
    config = {**NormalisingTokenizer.get_default_config(), "romanization_key": True}
    tokenizer = NormalisingTokenizer(config)
    devanagari = {t.text for t in tokenizer.tokenize(_message("मुझे परेशान कर रहा है"), TEXT) if t.text.startswith("~")}
    latin = {t.text for t in tokenizer.tokenize(_message("mje pareshan kr rha h"), TEXT) if t.text.startswith("~")}
    assert devanagari == latin == {"~muje", "~paresan", "~kar", "~raha", "~he"}


def test_tokenizer_leaves_the_message_text_untouched():
    tokenizer = NormalisingTokenizer(NormalisingTokenizer.get_default_config())
    message = _message("Mje koi stalk kr rha h")
    tokenizer.process([message])
    assert message.get(TEXT) == "Mje koi stalk kr rha h"


@pytest.mark.parametrize("text", ["", "!!!", "   "])
def test_tokenizer_always_returns_a_token(text):
    tokenizer = NormalisingTokenizer(NormalisingTokenizer.get_default_config())
    assert len(tokenizer.tokenize(_message(text), TEXT)) == 1


@pytest.mark.parametrize("text, detected, requested", [
    ("मुझे मदद चाहिए", "hi", None),
    ("mujhe madad chahiye", "hi-Latn", None),
    ("I need some advice please", "en", None),
    ("English please", "en", "en"),  # a request also counts as detected
    ("हिंदी में बोलो", "hi", "hi"),
    ("ok", None, None),
    ("/greet", None, None),
])
def test_language_tagger(text, detected, requested):
    message = _message(text)
    LanguageTagger().process([message])
    entities = _entities(message)
    assert entities.get("detected_language") == detected
    assert entities.get("requested_language") == requested


def test_danger_guard_overrides_a_wrong_classification():
    message = _message("wo mujhe maar raha hai", intent="greet")
    DangerGuard().process([message])
    assert message.get(INTENT) == {"name": "emergency", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "emergency"
    assert _entities(message)["danger"] == "emergency"


def test_danger_guard_turns_self_harm_into_self_harm():
    message = _message("main mar jana chahti hu", intent="nlu_fallback")
    DangerGuard().process([message])
    assert message.get(INTENT)["name"] == "self_harm"


def test_danger_guard_restores_a_danger_intent_hidden_by_the_fallback():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "emergency", "confidence": 0.45},
               {"name": "greet", "confidence": 0.3}]
    message = _message("some words the detector does not know", intent="nlu_fallback", ranking=ranking)
    DangerGuard().process([message])
    assert message.get(INTENT) == {"name": "emergency", "confidence": 0.45}  # weaker than the detector's 1.0


@pytest.mark.parametrize("code", ["HC-RQ65-PMKE", "hc rq65 pmke", "HS7KX492QF", "HC-5H2Z-XEFN", "HC-SDC6-AAAD", "HC-RAPE-2345",
                                  "४५६७८९", "+91 98765 43210"])
def test_a_code_or_number_never_raises_the_alarm_on_the_classifiers_guess(code):
    ranking = [{"name": "nlu_fallback", "confidence": 0.25}, {"name": "self_harm", "confidence": 0.16},
               {"name": "greet", "confidence": 0.1}]
    hidden = _message(code, intent="nlu_fallback", ranking=ranking)
    guessed = _message(code, intent="self_harm", ranking=[{"name": "self_harm", "confidence": 0.31}])
    DangerGuard().process([hidden, guessed])
    assert hidden.get(INTENT)["name"] == guessed.get(INTENT)["name"] == "nlu_fallback"


def test_danger_words_beside_a_code_still_raise_the_alarm():
    message = _message("HC-RQ65-PMKE bachao", intent="nlu_fallback")
    DangerGuard().process([message])
    assert message.get(INTENT) == {"name": "emergency", "confidence": 1.0}


def test_danger_guard_leaves_calm_messages_alone():
    message = _message("insta private kaise kare", intent="online_safety")
    DangerGuard().process([message])
    assert message.get(INTENT)["name"] == "online_safety"


def test_danger_guard_ignores_button_payloads():
    message = _message("/request_human", intent="request_human")
    DangerGuard().process([message])
    assert message.get(INTENT)["name"] == "request_human"


def test_spacy_tokenizer_is_saved_with_the_model_and_splits_like_spacy(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.spacy_tokenizer import SpacyNormalisingTokenizer

    storage, resource = LocalModelStorage(tmp_path), Resource("tokenizer")
    config = {**SpacyNormalisingTokenizer.get_default_config(), "romanization_key": True}
    SpacyNormalisingTokenizer.create(config, storage, resource, None).train(TrainingData())
    loaded = SpacyNormalisingTokenizer.load(config, storage, resource, None)
    words = [t.text for t in loaded.tokenize(_message("Mje insta pe @priya_12 ne msg kiya, 1090/1930?"), TEXT)
             if not t.text.startswith("~")]
    assert words == ["mujhe", "insta", "pe", "@priya_12", "ne", "msg", "kiya", "1090/1930"]
    keys = {t.text for t in loaded.tokenize(_message("मुझे परेशान कर रहा है।"), TEXT) if t.text.startswith("~")}
    assert keys == {"~muje", "~paresan", "~kar", "~raha", "~he"}
