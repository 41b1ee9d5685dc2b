"""Online-safety topic accuracy (issue 5) without the 25-minute benchmark:
`python -m bench.online_safety_eval` trains our configuration once and prints the ResponseSelector's top-1
accuracy per script on the held-out online-safety questions; `--model models/x.tar.gz` reuses a
trained model; `--dev` measures on the dev questions instead and lists their misses (tune the
training data on those, never on the held-out misses)."""
import argparse
import asyncio
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

from bench import nlu_eval

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("hi", "hi-Latn", "en")


def online_safety_rows(dev: bool) -> List[Tuple[str, str, str]]:
    paths = [nlu_eval.ONLINE_SAFETY_DEV] if dev else list(nlu_eval.HELDOUT_FILES)
    return [r for p in paths for r in nlu_eval.load_heldout(p) if r[1].startswith("online_safety/")]


def score(predictions) -> Dict:
    """predictions: (text, expected topic, script, selected topic or None)."""
    per_script = defaultdict(lambda: [0, 0])
    per_topic = defaultdict(lambda: [0, 0])
    for _, expected, script, selected in predictions:
        for table, key in ((per_script, script), (per_topic, expected)):
            table[key][0] += selected == expected
            table[key][1] += 1
    return {
        "top1": {s: per_script[s][0] / per_script[s][1] for s in SCRIPTS if per_script[s][1]},
        "n": {s: per_script[s][1] for s in SCRIPTS},
        "per_topic": {t: c / n for t, (c, n) in sorted(per_topic.items())},
        "misses": [(t, e, s, p) for t, e, s, p in predictions if p != e],
    }


def predict(model_path: str, rows) -> List[Tuple[str, str, str, str]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    out = []
    for text, expected, script in rows:
        parsed = asyncio.run(agent.parse_message(text))
        out.append((text, expected, script, nlu_eval._selected_response_key(parsed.get("response_selector") or {})))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="a trained model (default: train config.yml once)")
    parser.add_argument("--dev", action="store_true", help="dev questions, with their misses listed")
    args = parser.parse_args()
    model = args.model
    if not model:
        from bench.run import CONFIGS, train
        path, seconds = train("online_safety_eval", CONFIGS["ours"])
        print(f"trained in {seconds:.0f} s", flush=True)
        model = str(path)
    result = score(predict(model, online_safety_rows(args.dev)))
    print(f"{'dev' if args.dev else 'held-out'} online-safety questions, ResponseSelector top-1:")
    for script in SCRIPTS:
        print(f"  {script:8s} {result['top1'].get(script, 0):6.1%}  (n={result['n'][script]})")
    print("per topic: " + ", ".join(f"{t.split('/')[1]} {a:.0%}" for t, a in result["per_topic"].items()))
    if args.dev:
        for text, expected, script, got in result["misses"]:
            print(f"  miss [{script}] {text!r}: {expected} -> {got}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    name = f"online_safety_{'dev' if args.dev else 'heldout'}.json"
    (out / name).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
