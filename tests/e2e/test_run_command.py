"""The README's run command after setup: everything starts, the demo page with the widget and REST answer,
and one Ctrl-C (SIGINT) stops every process."""
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import ROOT
from tests.e2e.servers import free_port

pytestmark = pytest.mark.e2e


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_run_serves_the_chat_page_and_ctrl_c_stops_everything(tmp_path):
    ports = {"RASA_PORT": free_port(), "ACTION_SERVER_PORT": free_port(), "WEB_PORT": free_port(),
             "CONSOLE_PORT": free_port()}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}, "HS_VAR_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "bot.devtools.serve"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            output.append(line)
            if line.startswith("Ready."):
                break
        assert any(l.startswith("Ready.") for l in output), "".join(output)[-3000:]
        page = requests.get(f"http://127.0.0.1:{ports['WEB_PORT']}/", timeout=10)
        assert page.status_code == 200 and "widget/hamari-widget.js" in page.text
        # The page loads nothing from other sites: every src/href is local.
        assert not re.search(r'(src|href)="https?://', page.text)
        for asset in ("widget/hamari-widget.js", "widget/hamari-widget.css", "widget/socket.io.min.js",
                      "neutral.html"):
            assert requests.get(f"http://127.0.0.1:{ports['WEB_PORT']}/{asset}", timeout=10).status_code == 200
        reply = requests.post(f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
                              json={"sender": "run-test", "message": "bachao"}, timeout=30).json()
        assert "112" in reply[0]["text"]
        assert requests.get(f"http://127.0.0.1:{ports['CONSOLE_PORT']}/health", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    time.sleep(1)
    assert not any(_port_open(port) for port in ports.values()), "a server is still running after Ctrl-C"
    # The job worker ran beside them, and the same Ctrl-C stopped it (it says so as it stops).
    output += process.stdout.readlines() if process.stdout else []
    log = "".join(output)
    assert re.search(r"job worker \S+: scheduled, reminders, outbox, retention, relay", log), log[-3000:]
    assert re.search(r"job worker \S+ stopped", log), log[-3000:]
