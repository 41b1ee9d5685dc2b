"""Danger recall and false alarms on the third blind set (bench/heldout/danger_blind_2026_12_05.yml).

What counts is what her first reply would be: DangerFirstPolicy answers the first message of a
conversation with the emergency (or self-harm) numbers when the parsed intent is `emergency` or
`self_harm`, so the NLU parse of the message alone decides. Reported per label and script, with
every miss and false alarm listed, so a change can be judged message by message.

    PYTHONPATH=. .venv/bin/python -m bench.danger_blind_eval [model] [set.yml]
"""
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

BLIND = Path(__file__).resolve().parent / "heldout" / "danger_blind_2026_12_05.yml"
DANGER = {"emergency", "self_harm"}


def load(path: Path = BLIND) -> List[Tuple[str, str, str]]:
    """(text, label, script), label one of emergency / self_harm / calm."""
    return [(m["text"], m["label"], m["script"]) for m in yaml.safe_load(path.read_text())["messages"]]


def summarise(predictions: List[Tuple[str, str, str, str]]) -> Dict:
    """predictions: (text, label, script, predicted intent)."""
    totals, alarmed, right_kind = Counter(), Counter(), Counter()
    misses, false_alarms = [], []
    for text, label, script, intent in predictions:
        totals[label, script] += 1
        if intent in DANGER:
            alarmed[label, script] += 1
            right_kind[label, script] += intent == label
        if label in DANGER and intent not in DANGER:
            misses.append({"text": text, "label": label, "script": script, "intent": intent})
        if label == "calm" and intent in DANGER:
            false_alarms.append({"text": text, "script": script, "intent": intent})
    danger_n = sum(n for (label, _), n in totals.items() if label in DANGER)
    calm_n = sum(n for (label, _), n in totals.items() if label == "calm")
    per = {f"{label}/{script}": {"n": n, "alarmed": alarmed[label, script], "right_kind": right_kind[label, script]}
           for (label, script), n in sorted(totals.items())}
    return {
        "danger_recall": (danger_n - len(misses)) / max(danger_n, 1), "danger_n": danger_n,
        "false_alarm_rate": len(false_alarms) / max(calm_n, 1), "calm_n": calm_n,
        "per_label_script": per, "misses": misses, "false_alarms": false_alarms,
    }


def evaluate(model_path: str, path: Path = BLIND) -> Dict:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    predictions = []
    for text, label, script in load(path):
        parsed = asyncio.run(agent.parse_message(text))
        predictions.append((text, label, script, parsed["intent"]["name"]))
    return summarise(predictions)


if __name__ == "__main__":
    model = sys.argv[1] if len(sys.argv) > 1 else "models/hamari-suraksha.tar.gz"
    # Rasa prints to stdout while loading: the report comes last, on its own
    result = evaluate(model, Path(sys.argv[2]) if len(sys.argv) > 2 else BLIND)
    print("\n" + json.dumps(result, ensure_ascii=False, indent=1))
