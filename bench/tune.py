"""Compare NLU variants on the DEVELOPMENT set (bench/dev/), never on the held-out set:
`python -m bench.tune config_a.yml config_b.yml`. Prints intent accuracy and online-safety topic
top-1 per script (all dev files together), danger recall and false alarms for each. The held-out
set stays untouched for the benchmark's final numbers."""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import nlu_eval

ROOT = Path(__file__).resolve().parent.parent


def train_nlu(config: str, out: Path) -> (Path, float):
    started = time.monotonic()
    subprocess.run([str(Path(sys.executable).with_name("rasa")), "train", "nlu", "--config", config,
                    "--nlu", str(ROOT / "data" / "nlu"), "--out", str(out), "--fixed-model-name", "nlu"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return out / "nlu.tar.gz", time.monotonic() - started


def main(configs) -> int:
    rows = nlu_eval.load_all_dev()
    for config in configs:
        with tempfile.TemporaryDirectory() as tmp:
            model, seconds = train_nlu(config, Path(tmp))
            result = nlu_eval.evaluate(str(model), rows)
        summary = {s: round(v["accuracy"], 3) for s, v in result["per_script"].items()}
        topics = {s: round(v["topic_top1"], 3) for s, v in result["per_script"].items()}
        print(json.dumps({"config": config, "train_s": round(seconds), "accuracy": summary,
                          "topic_top1": topics, "recall": round(result["danger_recall"], 3),
                          "false_alarms": round(result["false_alarm_rate"], 3)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
