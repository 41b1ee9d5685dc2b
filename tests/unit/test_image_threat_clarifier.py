"""An image threat whose kind the advice classifier cannot tell gets one question, not a guess
(bot/nlu/image_threat_clarifier.py); everything else passes through untouched."""
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.image_threat_clarifier import CLARIFY_IMAGE_THREAT, ImageThreatClarifier

ROOT = Path(__file__).resolve().parents[2]


def message(text, intent, *ranking):
    m = Message(data={"text": text})
    m.set("intent", {"name": intent, "confidence": 0.9})
    m.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
    m.set("response_selector", {"online_safety": {"ranking": [
        {"intent_response_key": f"online_safety/{topic}", "confidence": confidence}
        for topic, confidence in ranking]}})
    return m


def intent_after(m, margin=0.3):
    return ImageThreatClarifier(margin).process([m])[0].get("intent")["name"]


@pytest.mark.parametrize("first, second", [("sextortion", "intimate_images"), ("deepfakes", "blackmail_money"),
                                           ("intimate_images", "deepfakes")])
def test_two_close_image_topics_ask(first, second):
    m = message("usne meri photo ka kuch kar diya", "online_safety", (first, 0.45), (second, 0.30))
    assert intent_after(m) == CLARIFY_IMAGE_THREAT
    assert m.get("intent_ranking")[0]["name"] == CLARIFY_IMAGE_THREAT
    assert m.get("intent")["confidence"] == 0.9   # her intent's confidence, not a made-up one


def test_a_clear_image_topic_is_answered():
    assert intent_after(message("sextortion", "online_safety", ("sextortion", 0.8), ("intimate_images", 0.1))) == "online_safety"


def test_the_margin_is_a_strict_bound():
    assert intent_after(message("x", "online_safety", ("sextortion", 0.6), ("deepfakes", 0.3)), margin=0.3) == "online_safety"
    assert intent_after(message("x", "online_safety", ("sextortion", 0.59), ("deepfakes", 0.3)), margin=0.3) == CLARIFY_IMAGE_THREAT


@pytest.mark.parametrize("ranking", [[("sextortion", 0.4), ("fake_profile", 0.35)],
                                     [("fake_profile", 0.4), ("deepfakes", 0.35)],
                                     [("sextortion", 0.9)], []])
def test_other_topics_are_never_questioned(ranking):
    assert intent_after(message("x", "online_safety", *ranking)) == "online_safety"


@pytest.mark.parametrize("intent", ["emergency", "self_harm", "report_harassment", "nlu_fallback"])
def test_only_an_online_safety_question_is_touched(intent):
    assert intent_after(message("x", intent, ("sextortion", 0.4), ("deepfakes", 0.35))) == intent


def test_a_button_payload_is_left_alone():
    m = message('/choose_online_safety_topic{"online_safety_topic":"sextortion"}', "online_safety",
                ("sextortion", 0.4), ("deepfakes", 0.35))
    assert intent_after(m) == "online_safety"


def test_it_runs_after_the_fallback_and_before_both_danger_detectors():
    names = [c["name"].split(".")[-1] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    here = names.index("ImageThreatClarifier")
    assert names.index("FallbackClassifier") < here < names.index("SemanticDangerDetector") < names.index("DangerGuard")


def test_the_question_offers_the_four_topics_in_each_language():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_ask_image_threat_topic"]
    for variant in responses:
        payloads = sorted(b["payload"] for b in variant["buttons"])
        assert payloads == sorted(f'/choose_online_safety_topic{{{{"online_safety_topic":"{t}"}}}}'
                                  for t in ("blackmail_money", "deepfakes", "intimate_images", "sextortion"))
