"""Intent accuracy, macro-F1 per script, emergency recall and false alarms on the held-out set."""
import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from sklearn.metrics import f1_score

from bot.lang.script import detect_script

HELDOUT = Path(__file__).resolve().parent / "heldout" / "nlu_heldout.yml"
# Issue 5's online-safety questions: 19 topics x 3 scripts, counted in intent accuracy and topic top-1.
ONLINE_SAFETY_HELDOUT = HELDOUT.with_name("online_safety_heldout.yml")
# A second emergency/self-harm/calm set, written blind after the first was tuned on (see its header).
DANGER_SECOND = HELDOUT.with_name("danger_second_set.yml")
HELDOUT_FILES = (HELDOUT, ONLINE_SAFETY_HELDOUT, DANGER_SECOND)
# The development questions: pipeline choices are tuned on these, never on the held-out set.
# online_safety_dev2.yml (568 questions) replaced the first online-safety dev set as the measure once
# the training data had been written with that one in view (100% on it); both are still checked.
_DEV = HELDOUT.parent.parent / "dev"
ONLINE_SAFETY_DEV = _DEV / "online_safety_dev2.yml"
DEV_FILES = (_DEV / "nlu_dev.yml", _DEV / "online_safety_dev.yml", ONLINE_SAFETY_DEV)
DANGER = {"emergency", "self_harm"}
CALM = "calm_harassment"  # not an intent: calm accounts of harassment, for false alarms


def load_heldout(path: Path = HELDOUT) -> List[Tuple[str, str, str]]:
    """(text, expected intent, script) where script is hi / hi-Latn / en.

    The file lists each intent's examples in the order Devanagari, romanized Hindi, English, in
    equal parts; Latin lines are split by that order (detection could be wrong, order is not).
    A block with `metadata: {script: en}` (or hi-Latn) names the script of all its Latin lines."""
    rows = []
    for item in yaml.safe_load(path.read_text())["nlu"]:
        examples = [l[2:].strip() for l in item["examples"].splitlines() if l.strip()]
        latin = [e for e in examples if detect_script(e) != "Deva"]
        half = len(latin) // 2
        named = (item.get("metadata") or {}).get("script")
        for text in examples:
            if detect_script(text) == "Deva":
                script = "hi"
            elif named:
                script = named
            else:
                script = "hi-Latn" if latin.index(text) < half else "en"
            rows.append((text, item["intent"], script))
    return rows


def load_all_heldout() -> List[Tuple[str, str, str]]:
    return [row for path in HELDOUT_FILES if path.exists() for row in load_heldout(path)]


def load_all_dev() -> List[Tuple[str, str, str]]:
    return [row for path in DEV_FILES for row in load_heldout(path)]


def evaluate(model_path: str, rows=None) -> Dict:
    from rasa.core.agent import Agent

    rows = rows or load_all_heldout()
    agent = Agent.load(model_path)
    predictions = []
    for text, expected, script in rows:
        parsed = asyncio.run(agent.parse_message(text))
        intent = parsed["intent"]["name"]
        full = _selected_response_key(parsed.get("response_selector") or {})
        predictions.append((text, expected, script, intent, full))
    return summarise(predictions)


def _selected_response_key(selector: Dict):
    """The chosen retrieval intent: under "online_safety" in our config, under "default" in a
    config whose ResponseSelector has no retrieval_intent (Rasa's default)."""
    for name, output in selector.items():
        if name != "all_retrieval_intents" and isinstance(output, dict):
            key = output.get("response", {}).get("intent_response_key")
            if key:
                return key
    return None


def summarise(predictions) -> Dict:
    by_script = defaultdict(lambda: {"y": [], "p": []})
    topics = defaultdict(lambda: [0, 0])
    recall, false_alarms = [0, 0], [0, 0]
    for _, expected, script, intent, full in predictions:
        base = expected.split("/")[0]
        if expected == CALM:
            false_alarms[0] += intent in DANGER
            false_alarms[1] += 1
            continue
        by_script[script]["y"].append(base)
        by_script[script]["p"].append(intent)
        if base in DANGER:
            recall[0] += intent in DANGER
            recall[1] += 1
        if "/" in expected:
            topics[script][0] += full == expected
            topics[script][1] += 1
    result = {"per_script": {}, "danger_recall": recall[0] / max(recall[1], 1),
              "danger_total": recall[1], "false_alarm_rate": false_alarms[0] / max(false_alarms[1], 1),
              "calm_total": false_alarms[1]}
    for script, data in sorted(by_script.items()):
        correct = sum(y == p for y, p in zip(data["y"], data["p"]))
        result["per_script"][script] = {
            "n": len(data["y"]), "accuracy": correct / len(data["y"]),
            "macro_f1": f1_score(data["y"], data["p"], average="macro", zero_division=0),
            "topic_top1": topics[script][0] / max(topics[script][1], 1),
            "topic_n": topics[script][1],
        }
    result["misses"] = [(t, e, i) for t, e, s, i, _ in predictions if e.split("/")[0] in DANGER and i not in DANGER]
    return result
