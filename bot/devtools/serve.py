"""Runs everything a laptop needs: action server, Rasa server, the counsellor console, the job worker
(every background job: scheduled messages, reminders, the outbox, retention, the handoff relay) and
the demo page (a mock wcso.in page with the chat widget, served from web/). Ctrl-C stops all.

`python -m bot.devtools.serve` (the README's run command calls it after setup and training).
"""
import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Optional

import yaml

from bot import settings
from bot.devtools.train import model_path

ROOT = settings.PROJECT_ROOT
# The staff console's own environment (Python 3.12, current aiohttp; scripts/setup.sh makes it): the
# console imports no Rasa, so it runs apart from Rasa's Python 3.10 and Rasa's pins.
CONSOLE_PYTHON = ROOT / ".venv-console" / "bin" / "python"


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def console_env_missing() -> Optional[str]:
    """What to say when setup has not made the console's environment yet; None when it has."""
    if CONSOLE_PYTHON.exists():
        return None
    return f"{CONSOLE_PYTHON} is missing: run scripts/setup.sh (it makes the console's environment)"


def server_commands(rasa_port: int, action_port: int, endpoints: str = "endpoints.yml",
                    model: Optional[str] = None) -> dict:
    return {
        "actions": [_bin("rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
        # In-process launcher: the API key and CORS are set in code (never on this command line).
        "rasa": [sys.executable, "-m", "bot.rasa_server", "--model", str(model or model_path()),
                 "--port", str(rasa_port), "--endpoints", endpoints, "--credentials", "credentials.yml"],
        # The counsellor console (bot/console), in its own environment: it reaches Rasa's API with
        # the token from child_env.
        "console": [str(CONSOLE_PYTHON), "-m", "bot.console"],
        # The job worker (bot/jobs/runner.py): every background job, the handoff relay among them.
        "worker": [sys.executable, "-m", "bot.jobs"],
    }


def runtime_endpoints(action_port: int, out_dir: Path, tracker_db: Optional[Path] = None) -> Path:
    """endpoints.yml with the action server's actual port (and, for tests, their own tracker file)."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    if tracker_db is not None:
        endpoints["tracker_store"]["db"] = str(tracker_db)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints))
    return path


def child_env(action_port: int, rasa_port: Optional[int] = None, console_port: Optional[int] = None) -> dict:
    env = dict(os.environ)
    env.update({
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        "ACTION_SERVER_URL": env.get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"),
        "RASA_API_TOKEN": settings.rasa_api_token(),  # children reach Rasa's API with it
    })
    if rasa_port is not None:
        env["RASA_API_URL"] = f"http://127.0.0.1:{rasa_port}"
    if console_port is not None:
        env["CONSOLE_PORT"] = str(console_port)
    return env


def wait_until_ready(url: str, timeout: float, process: Optional[subprocess.Popen] = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass  # request lines are noise here


def _serve_web(port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(ROOT / "web"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    if not model_path().exists():
        print("no trained model: run the README's run command (it trains first)")
        return 1
    if console_env_missing():
        print(console_env_missing())
        return 1
    rasa_port, action_port, web_port = settings.RASA_PORT, settings.ACTION_SERVER_PORT, settings.WEB_PORT
    env = child_env(action_port, rasa_port, settings.CONSOLE_PORT)
    endpoints = runtime_endpoints(action_port, settings.VAR_DIR / "run", tracker_db=settings.VAR_DIR / "tracker.db")
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
                 for name, cmd in server_commands(rasa_port, action_port, str(endpoints)).items()}

    def stop_all(*_):
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(0)))
    try:
        print("starting the action server, the Rasa server (it takes about a minute), the console and the "
              "job worker ...",
              flush=True)
        if not wait_until_ready(f"http://localhost:{rasa_port}/", 300, processes["rasa"]):
            print("the Rasa server did not start; see its output above")
            stop_all()
            return 1
        web = _serve_web(web_port)
        print(f"\nReady. The chat widget on a demo wcso.in page: "
              f"http://localhost:{web_port}/?server=http://localhost:{rasa_port}\n"
              f"Counsellor console: http://localhost:{settings.CONSOLE_PORT}/ (first supervisor: "
              f".venv-console/bin/python -m bot.console.create_supervisor NAME)\n"
              f"REST webhook: http://localhost:{rasa_port}/webhooks/rest/webhook   Ctrl-C stops everything.",
              flush=True)
        while all(process.poll() is None for process in processes.values()):
            time.sleep(1)
        print("a server stopped unexpectedly; stopping the others")
        web.shutdown()
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
