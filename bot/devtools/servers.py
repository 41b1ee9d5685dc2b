"""Starts the real action server, Rasa server and job worker on free ports (end-to-end tests,
benchmarks); the console on demand."""
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import requests
import yaml

from bot.devtools.serve import child_env, console_env_missing, runtime_endpoints, server_commands, wait_until_ready
from bot.devtools.train import model_path
from bot.settings import PROJECT_ROOT as ROOT

RASA_START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

# Test suites and benchmarks send hundreds of messages a minute from 127.0.0.1: the gate's quotas
# (bot/channels/gate.py, tested on their own) would stop them; and they serve the widget's page on
# ports chosen at random, so any origin may connect. A test that wants either passes extra_env.
UNTHROTTLED = {"HS_SENDER_MESSAGES_PER_MINUTE": "1000000", "HS_ADDRESS_MESSAGES_PER_MINUTE": "1000000",
               "HS_WIDGET_ORIGINS": "*"}


@dataclass
class Servers:
    rasa_port: int
    action_port: int
    log_dir: Path
    endpoints: Path
    extra_env: dict = field(default_factory=dict)
    processes: dict = field(default_factory=dict)
    started_seconds: Optional[float] = None
    database_url: Optional[str] = None
    model: Optional[str] = None
    data_key: Optional[str] = None
    console_port: Optional[int] = None
    _launched_at: float = 0.0
    _ready_watch: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start_action_server(self) -> None:
        self._start("actions")
        self._wait_for_action_server()

    def _wait_for_action_server(self) -> None:
        self._wait_for("actions", f"http://127.0.0.1:{self.action_port}/health", 120)

    def start_console(self, port: Optional[int] = None) -> str:
        """The counsellor console against this Rasa server (its API token included); returns its URL."""
        if console_env_missing():
            raise RuntimeError(console_env_missing())
        self.console_port = port or self.console_port or free_port()
        self._start("console")
        url = f"http://127.0.0.1:{self.console_port}"
        self._wait_for("console", url + "/health", 60)
        return url

    def stop_console(self) -> None:
        self._stop("console")

    def stop_action_server(self) -> None:
        self._stop("actions")

    def restart_action_server(self, **env: str) -> None:
        """Restarts only the action server, with `env` over its settings from now on (e.g. other
        counsellor hours: the Rasa server does not read them, so it keeps running)."""
        self.stop_action_server()
        self.extra_env.update(env)
        self.start_action_server()

    def start(self, model: str | None = None) -> "Servers":
        """Starts both servers and waits until they answer; `model` defaults to the trained model of
        the run command."""
        return self.launch(model).wait_until_started()

    def launch(self, model: str | None = None) -> "Servers":
        """Starts both servers without waiting for them (`wait_until_started` does): a test session
        runs the tests that need no server while these load."""
        self.model = model or str(model_path())
        if not Path(self.model).exists():
            raise RuntimeError("no trained model: run scripts/setup.sh first")
        self._launched_at, self.started_seconds = time.monotonic(), None
        # Both load at once (Rasa calls the action server only when a message arrives): each of
        # the test suite's server starts is the action server's start-up time shorter.
        self._start("actions")
        self._start("rasa")
        # The job worker: scheduled messages, reminders and the handoff relay with its emergency check.
        self._start("worker")
        # Notes when both answer, for started_seconds, even if nobody waits for them until later.
        self._ready_watch = threading.Thread(target=self._note_when_ready, daemon=True)
        self._ready_watch.start()
        return self

    def _note_when_ready(self) -> None:
        processes = dict(self.processes)
        if (wait_until_ready(f"http://127.0.0.1:{self.action_port}/health", 120, processes["actions"])
                and wait_until_ready(self.url + "/", RASA_START_TIMEOUT, processes["rasa"])):
            self.started_seconds = time.monotonic() - self._launched_at

    def wait_until_started(self) -> "Servers":
        try:
            self._wait_for_action_server()
            self._wait_for("rasa", self.url + "/", RASA_START_TIMEOUT)
        except RuntimeError:
            self.stop()  # neither is left running when the other failed
            raise
        if self._ready_watch is not None:
            self._ready_watch.join(5)  # both answered above, so the watch has noted the time by now
        if self.started_seconds is None:
            self.started_seconds = time.monotonic() - self._launched_at
        return self

    def _wait_for(self, name: str, url: str, timeout: float) -> None:
        if not wait_until_ready(url, timeout, self.processes[name]):
            raise RuntimeError(f"{name} server did not start: {self.log(name)[-3000:]}")

    def _start(self, name: str) -> None:
        command = server_commands(self.rasa_port, self.action_port, str(self.endpoints), self.model)[name]
        env = {**child_env(self.action_port, self.rasa_port, self.console_port), **UNTHROTTLED, **self.extra_env}
        if name == "worker":
            env.update(self._worker_tracker())
        # The child keeps its own copy of the file descriptor: ours can close at once.
        with open(self.log_dir / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

    def _worker_tracker(self) -> dict:
        """The worker's retention prunes the tracker these servers use (their own SQLite file), not
        the run command's var/tracker.db."""
        store = (yaml.safe_load(Path(self.endpoints).read_text()) or {}).get("tracker_store") or {}
        if store.get("dialect") == "sqlite" and store.get("db") and "HS_TRACKER_DATABASE_URL" not in self.extra_env:
            db = Path(store["db"])
            return {"HS_TRACKER_DATABASE_URL": f"sqlite:///{db if db.is_absolute() else ROOT / db}"}
        return {}

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def stop(self) -> None:
        # The worker first: it calls the others (Rasa's API), never the other way round.
        for name in sorted(self.processes, key=lambda name: name != "worker"):
            self._stop(name)

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def say(self, sender: str, text: str) -> List[dict]:
        response = requests.post(self.url + "/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()


def local_endpoints(tmp: Path, action_port: int) -> Path:
    """endpoints.yml as the run command uses it, pointed at this test's ports and files."""
    return runtime_endpoints(action_port, tmp, tracker_db=tmp / "tracker.db")


def rss_megabytes(pid: int) -> float:
    """Resident memory of a process and its children, from /proc (Linux)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024
