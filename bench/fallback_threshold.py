"""Chooses the FallbackClassifier threshold from data: `python -m bench.fallback_threshold [model]`.

On the DEVELOPMENT questions (bench/dev/, never the held-out set) it takes the classifier's own
ranking, replays the fallback rule for each candidate threshold and scores it: +1 for a right
answer, -1 for a wrong one, 0 for "sorry, I did not understand" (she can rephrase or use the
menu; a wrong answer sends her somewhere she did not ask to go). Danger is not in play here: the
DangerGuard restores an emergency or self-harm intent that the fallback hid, whatever the threshold.
Prints one row per threshold and the best one; config.yml carries the result.
"""
import asyncio
import sys
from pathlib import Path
from typing import List, Tuple

import yaml

from bench import nlu_eval

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [round(0.05 * step, 2) for step in range(2, 17)]  # 0.10 ... 0.80
DANGER = nlu_eval.DANGER


def classifier_rankings(model_path: str) -> List[Tuple[str, str, float, float, str]]:
    """(expected, classifier top, its confidence, the runner-up's, final intent) per dev question."""
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    rows = nlu_eval.load_all_dev()
    out = []
    for text, expected, _ in rows:
        parsed = asyncio.run(agent.parse_message(text))
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        top, second = ranking[0], (ranking[1] if len(ranking) > 1 else {"confidence": 0.0})
        out.append((expected.split("/")[0], top["name"], top["confidence"], second["confidence"],
                    parsed["intent"]["name"]))
    return out


def score(rows, threshold: float, ambiguity: float) -> Tuple[int, int, int]:
    right = wrong = fallback = 0
    for expected, top, confidence, runner_up, final in rows:
        if expected == nlu_eval.CALM:
            continue  # no single right intent; false alarms are the benchmark's business
        if final in DANGER and top not in DANGER:
            answer = final  # the danger detector overrode the classifier: not the threshold's doing
        elif confidence < threshold or confidence - runner_up < ambiguity:
            answer = top if top in DANGER else None
        else:
            answer = top
        if answer is None:
            fallback += 1
        elif answer == expected:
            right += 1
        else:
            wrong += 1
    return right, wrong, fallback


def main(argv) -> int:
    model = argv[0] if argv else str(ROOT / "models" / "hamari-suraksha.tar.gz")
    rows = classifier_rankings(model)
    ambiguity = _configured_ambiguity_threshold()
    print(f"{len(rows)} dev questions; ambiguity threshold {ambiguity}")
    print("threshold  right  wrong  fallback  score")
    best = None
    for threshold in THRESHOLDS:
        right, wrong, fallback = score(rows, threshold, ambiguity)
        print(f"{threshold:9.2f}  {right:5d}  {wrong:5d}  {fallback:8d}  {right - wrong:5d}")
        # Ties go to the higher threshold: the same score with fewer wrong answers.
        if best is None or right - wrong >= best[1]:
            best = (threshold, right - wrong)
    print(f"best threshold: {best[0]:.2f}")
    return 0


def _configured_ambiguity_threshold() -> float:
    """config.yml's FallbackClassifier ambiguity_threshold: only the threshold is chosen here."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    return float(fallback.get("ambiguity_threshold", 0.1))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
