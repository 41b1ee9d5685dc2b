"""Where the Rasa server's CPU goes: `python -m bench.profile_rasa [--py-spy PATH]`.

Starts the real servers (this repo's model, SQLite stores as the run command), puts 20 concurrent
REST conversations on them (each one fills a report form, bench.speed.CONVERSATION, no pauses) and
samples the Rasa server with py-spy for 40 s at 50 Hz; the same again with our patches to Rasa off
(bot/rasa_patches), so both are measured in one run on the same machine. Prints the share of the
Rasa server's CPU samples per component and the messages per second during the sampling.

py-spy is not among our requirements: install it anywhere (`pip install py-spy` in a venv of its
own) and pass its path. The collapsed stacks are kept under bench/out/profile/.
"""
import argparse
import collections
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench import speed
from bot.devtools import servers as servers_module
from bot.devtools.servers import Servers, free_port, local_endpoints

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "profile"

# The launcher with our patches left off, for the "before" column.
UNPATCHED = ("import sys, bot.rasa_patches as patches; patches.apply = lambda: None; "
             "import bot.rasa_server as launcher; launcher.main()")

# First match wins: a sample counts for the first component whose marker is in its stack.
COMPONENTS = [
    ("jsonschema: validating the action server's response", ("/jsonschema/",)),
    ("tracker store: Fernet", ("/cryptography/",)),
    ("tracker store: retrieve and save (SQL, events)", ("tracker_store", "/sqlalchemy/")),
    ("NLU: DIET", ("diet_classifier",)),
    ("NLU: ResponseSelector", ("response_selector",)),
    ("NLU: semantic danger detector (e5)", ("/bot/nlu/semantic_danger",)),
    ("policies", ("/rasa/core/policies/", "/bot/policies/")),
    ("NLU: other components", ("/rasa/nlu/", "/bot/nlu/", "featurizer")),
    ("calling the action server (HTTP client)", ("/aiohttp/",)),
    ("Sanic, channels, events (rest of Rasa)", ("/sanic/", "/rasa/", "/bot/")),
]


def component(stack: str) -> str:
    for name, markers in COMPONENTS:
        if any(marker in stack for marker in markers):
            return name
    return "other (Python, TensorFlow runtime, event loop)"


def shares(collapsed: Path) -> dict:
    counts: collections.Counter = collections.Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if stack:
            counts[component(stack)] += int(samples)
    total = sum(counts.values()) or 1
    return {name: 100 * n / total for name, n in counts.most_common()} | {"samples": total}


def load(url: str, users: int, stop: threading.Event, sent: list) -> None:
    def user() -> None:
        while not stop.is_set():
            sender = "prof-" + uuid.uuid4().hex[:10]
            for text in speed.CONVERSATION:
                if stop.is_set():
                    return
                try:
                    speed._say(url, sender, text, [])
                    sent.append(time.monotonic())
                except Exception:  # counted by its absence from `sent`
                    pass
    for _ in range(users):
        threading.Thread(target=user, daemon=True).start()


def measure(label: str, patched: bool, py_spy: str, users: int, seconds: int) -> dict:
    tmp = OUT / label
    tmp.mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{tmp / 'hamari.db'}"
    for stale in (tmp / "hamari.db", tmp / "tracker.db"):
        stale.unlink(missing_ok=True)
    from bot.store.init_db import init_db
    init_db(database)
    action_port = free_port()
    commands = servers_module.server_commands

    def with_or_without_patches(*args, **kwargs):
        result = commands(*args, **kwargs)
        if not patched:
            result["rasa"] = [sys.executable, "-c", UNPATCHED, *result["rasa"][3:]]
        return result
    servers_module.server_commands = with_or_without_patches
    servers = Servers(free_port(), action_port, tmp, local_endpoints(tmp, action_port),
                      extra_env={"DATABASE_URL": database})
    try:
        servers.start()
        speed.run_conversations(servers.url, 2, 1)  # warm-up
        stop, sent = threading.Event(), []
        load(servers.url, users, stop, sent)
        time.sleep(5)  # all 20 conversations under way
        collapsed = tmp / "stacks.txt"
        started = time.monotonic()
        subprocess.run([py_spy, "record", "--pid", str(servers.processes["rasa"].pid), "--rate", "50",
                        "--duration", str(seconds), "--full-filenames", "--format", "raw", "--output", str(collapsed)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ended = time.monotonic()
        stop.set()
        time.sleep(5)  # the conversations under way finish before the servers stop
        messages = sum(1 for t in sent if started <= t <= ended)
        return {"label": label, "messages_per_second": messages / (ended - started), **shares(collapsed)}
    finally:
        servers.stop()
        servers_module.server_commands = commands


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--py-spy", default=str(Path(sys.executable).with_name("py-spy")))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=40)
    args = parser.parse_args()
    results = [measure("before", False, args.py_spy, args.users, args.seconds),
               measure("after", True, args.py_spy, args.users, args.seconds)]
    names = [n for n in results[0] if n not in ("label", "samples", "messages_per_second")]
    names += [n for n in results[1] if n not in names and n not in ("label", "samples", "messages_per_second")]
    print("| component | before | after |\n| --- | --- | --- |")
    for name in names:
        print(f"| {name} | {results[0].get(name, 0):.1f}% | {results[1].get(name, 0):.1f}% |")
    print(f"| CPU samples (50 Hz, {args.seconds} s) | {results[0]['samples']} | {results[1]['samples']} |")
    print(f"| messages/s | {results[0]['messages_per_second']:.2f} | {results[1]['messages_per_second']:.2f} |")


if __name__ == "__main__":
    main()
