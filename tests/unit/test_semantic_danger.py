"""The semantic danger detector (bot/nlu/semantic_danger.py), trained through its own `train` on
the project's training data and run on Rasa Message objects the way the pipeline runs them.

Fitted once per module on the danger examples and a quarter of every other intent (embedding all
~5,000 examples would take minutes on this machine); the paraphrases below are in no training
file and match none of the phrase rules, so only the meaning can catch them."""
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.lang.danger import detect_danger
from bot.nlu.danger_guard import DangerGuard
from bot.nlu.semantic_danger import SemanticDangerDetector, label_of

ROOT = Path(__file__).resolve().parents[2]
CONFIG = SemanticDangerDetector.get_default_config()  # the threshold config.yml uses

PARAPHRASES = [  # (text, expected kind): written for this test, in no data file
    ("there is a man outside my window and he keeps trying the latch, I am scared", "emergency"),
    ("mere pati ne gas ka cylinder khol diya hai aur darwaza bahar se bandh hai", "emergency"),
    ("पति ने गैस खोल दी है और दरवाज़ा बाहर से बंद है", "emergency"),
    ("I have written letters to everyone I love, tonight I will finally rest forever", "self_harm"),
]
CALM = [
    "mera booking kal ka hai na?",
    "शिकायत की स्थिति बताइए",
    "thank you so much didi, bahut madad mili",
]
CODES = ["HS-7K2M9QXR", "hs 7k2m 9qxr", "9876543210", "१२३४", "HC-4F8PW2ZD", "4321"]


def _training_data() -> TrainingData:
    examples = load_data(str(ROOT / "data" / "nlu")).intent_examples
    danger = [m for m in examples if label_of(m.get(INTENT)) != "other"]
    others = [m for m in examples if label_of(m.get(INTENT)) == "other"][::4]
    return TrainingData(training_examples=danger + others)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("semantic_danger"))
    resource = Resource("semantic_danger")
    context = ExecutionContext(graph_schema=None)
    SemanticDangerDetector.create(CONFIG, storage, resource, context).train(_training_data())
    return SemanticDangerDetector.load(CONFIG, storage, resource, context)


def _message(text, intent="out_of_scope", confidence=0.6):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return message


@pytest.mark.parametrize("text, kind", PARAPHRASES)
def test_it_raises_the_alarm_on_paraphrases_the_phrase_rules_miss(trained, text, kind):
    assert detect_danger(text) is None  # else this test would prove nothing
    message = _message(text)
    trained.process([message])
    assert message.get(INTENT)["name"] == kind
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == kind
    # No `danger` entity: in free-text form answers only the phrase rules may end her report.
    assert not message.get(ENTITIES)


@pytest.mark.parametrize("text", CALM)
def test_it_stays_quiet_on_calm_messages(trained, text):
    message = _message(text, "check_status")
    trained.process([message])
    assert message.get(INTENT)["name"] == "check_status"


@pytest.mark.parametrize("text", CODES)
def test_codes_and_numbers_never_raise_the_alarm(trained, text):
    # Even with no threshold at all (random codes score up to ~0.5 here): they are skipped.
    eager = SemanticDangerDetector({**CONFIG, "threshold": 0.0}, trained._model_storage, trained._resource,
                                   trained.model)
    message = _message(text, "nlu_fallback", 0.2)
    eager.process([message])
    DangerGuard().process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    words = _message("mera booking kal ka hai na?", "nlu_fallback", 0.2)
    eager.process([words])
    assert words.get(INTENT)["name"] in ("emergency", "self_harm")  # what the skip prevents


def test_it_never_removes_or_changes_an_alarm(trained):
    message = _message("thank you so much didi", "self_harm", 0.3)
    trained.process([message])
    assert message.get(INTENT) == {"name": "self_harm", "confidence": 0.3}


def test_button_payloads_are_left_alone(trained):
    message = _message("/greet", "greet", 1.0)
    trained.process([message])
    assert message.get(INTENT)["name"] == "greet"


def test_weights_persist_and_load_to_the_same_scores(trained, tmp_path):
    text = PARAPHRASES[0][0]
    reloaded = SemanticDangerDetector.load(CONFIG, trained._model_storage, trained._resource,
                                           ExecutionContext(graph_schema=None))
    assert reloaded.score(text) == trained.score(text)
    with pytest.raises(RuntimeError):
        SemanticDangerDetector.load(CONFIG, LocalModelStorage(tmp_path), Resource("never_trained"),
                                    ExecutionContext(graph_schema=None))
