"""The benchmark: `python -m bench.run` (after the README's setup). Trains our configuration and
Rasa's default configuration on the same data, side by side, and prints and writes a table
(docs/benchmarks.md), a chart (docs/benchmark.png) and the raw numbers (bench/out/results.json).

Not a test: numbers, not pass/fail. About 20-30 minutes on 2 cores (the default config trains a
transformer DIET, a ResponseSelector, TED and UnexpecTED for 100 epochs each).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import nlu_eval, speed
from bot.devtools.servers import Servers, free_port, local_endpoints, rss_megabytes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# Pause before each message in the "20 people typing" run: quicker than most people type on a
# phone, so the load is on the heavy side of real.
TYPING_SECONDS = (3.0, 8.0)
CONFIGS = {"ours": ROOT / "config.yml", "rasa_default": ROOT / "bench" / "configs" / "rasa_default.yml"}


def train(name: str, config: Path) -> (Path, float):
    models = OUT / "models"
    models.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run([str(Path(sys.executable).with_name("rasa")), "train", "--config", str(config),
                    "--out", str(models), "--fixed-model-name", name, "--force"],
                   cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
                   stdout=subprocess.DEVNULL)
    return models / f"{name}.tar.gz", time.monotonic() - started


def measure_server(name: str, model: Path, quick: bool) -> dict:
    tmp = OUT / "run" / name
    tmp.mkdir(parents=True, exist_ok=True)
    action_port = free_port()
    servers = Servers(free_port(), action_port, tmp, local_endpoints(tmp, action_port),
                      extra_env={"DATABASE_URL": f"sqlite:///{tmp / 'hamari.db'}"})
    from bot.store.init_db import init_db
    init_db(f"sqlite:///{tmp / 'hamari.db'}")
    servers.start(str(model))
    try:
        speed.run_conversations(servers.url, 1, 1)  # warm-up
        result = {
            "start_seconds": servers.started_seconds,
            "one_user": speed.run_conversations(servers.url, 1, 2 if quick else 4),
            "twenty_users": speed.run_conversations(servers.url, 20, 1 if quick else 2),
            "twenty_typing": speed.run_conversations(servers.url, 20, 1, typing_seconds=TYPING_SECONDS),
            "growth": speed.turn_growth(servers.url, 60 if quick else 150),
            "rss_mb": rss_megabytes(servers.processes["rasa"].pid),
        }
    finally:
        servers.stop()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer conversations (for a smoke run)")
    args = parser.parse_args()
    results = {}
    for name, config in CONFIGS.items():
        print(f"== {name}: training", flush=True)
        model, seconds = train(name, config)
        print(f"   trained in {seconds:.0f} s; evaluating NLU on the held-out set", flush=True)
        results[name] = {"train_seconds": seconds, "model_mb": model.stat().st_size / 2 ** 20,
                         "nlu": nlu_eval.evaluate(str(model))}
        print("   conversation speed over REST", flush=True)
        results[name]["server"] = measure_server(name, model, args.quick)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    from bench.report import write_report
    table = write_report(results, ROOT / "docs")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
