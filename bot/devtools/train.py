"""Trains the model only when something it is built from has changed.

`python -m bot.devtools.train` hashes the training data, domain, config, our NLU components and
the pinned dependencies; if the hash matches the one saved beside the last model, it does nothing.
"""
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot import settings

ROOT = settings.PROJECT_ROOT
INPUTS = ["config.yml", "domain.yml", "constraints.txt", "data", "bot/nlu", "bot/lang", "bot/policies"]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in INPUTS:
        path = ROOT / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def model_path() -> Path:
    return settings.MODEL_DIR / f"{settings.MODEL_NAME}.tar.gz"


def fingerprint_path() -> Path:
    return settings.MODEL_DIR / f"{settings.MODEL_NAME}.fingerprint"


def is_up_to_date() -> bool:
    stamp = fingerprint_path()
    return model_path().exists() and stamp.exists() and stamp.read_text().strip() == fingerprint()


def train(force: bool = False) -> Path:
    if not force and is_up_to_date():
        print(f"model is up to date: {model_path().relative_to(ROOT)}", flush=True)
        return model_path()
    print("training the model (data, domain, config or components changed) ...", flush=True)
    started = time.monotonic()
    inputs = fingerprint()  # before training: an edit made while it trains means train again
    settings.MODEL_DIR.mkdir(parents=True, exist_ok=True)
    rasa = Path(sys.executable).with_name("rasa")
    command = [str(rasa), "train", "--fixed-model-name", settings.MODEL_NAME,
               "--out", str(settings.MODEL_DIR), "--force"]
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    fingerprint_path().write_text(inputs)
    print(f"trained in {time.monotonic() - started:.0f} s: {model_path().relative_to(ROOT)}", flush=True)
    return model_path()


if __name__ == "__main__":
    train(force="--force" in sys.argv)
