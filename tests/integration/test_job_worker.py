"""The job worker (`python -m bot.jobs`, bot/jobs/runner.py) and its leases (bot/jobs/leases.py):
two workers never do the same work, a worker killed with -9 is replaced, and importing the actions
or the console starts no background loop any more."""
import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp import web

from bot.handoff.service import HandoffService
from bot.jobs.leases import Leases
from bot.jobs.scheduled import ScheduledMessages
from tests.console.fake_rasa import FakeRasa
from tests.conftest import ROOT

TOKEN = "worker-test-token-" + "k" * 32


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


# --- leases ------------------------------------------------------------------------------------
def test_a_lease_is_one_holders_until_it_expires_or_is_released(database_url):
    clock = Clock()
    leases = Leases(database_url, clock)
    assert leases.acquire("relay", "a", 15) and leases.holder("relay") == "a"
    assert not leases.acquire("relay", "b", 15)                # a holds it
    clock.now += timedelta(seconds=10)
    assert leases.acquire("relay", "a", 15)                    # a renews
    clock.now += timedelta(seconds=10)
    assert not leases.acquire("relay", "b", 15)                # renewed: still a's
    clock.now += timedelta(seconds=16)                          # a stopped renewing (killed)
    assert leases.holder("relay") is None
    assert leases.acquire("relay", "b", 15) and leases.holder("relay") == "b"
    assert not leases.acquire("relay", "a", 15)                # a, back, does not take it again
    leases.release("relay", "a")                               # not a's: nothing happens
    assert leases.holder("relay") == "b"
    leases.release("relay", "b", done=True)
    assert leases.holder("relay") is None and leases.last_done("relay") == clock.now
    assert leases.acquire("relay", "a", 15)


def test_racing_workers_get_a_lease_once(database_url):
    """Eight threads, each its own holder, race for the same lease many times: one winner each time."""
    leases = Leases(database_url)

    def race(name: str, holder: str, start: threading.Barrier, winners: list) -> None:
        start.wait()
        if leases.acquire(name, holder, 30):
            winners.append(holder)
    for round_ in range(5):
        winners: list = []
        start = threading.Barrier(8)
        threads = [threading.Thread(target=race, args=(f"job-{round_}", f"w{i}", start, winners)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(winners) == 1, winners


# --- nothing starts on import ------------------------------------------------------------------
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys, threading
import actions
for module in pkgutil.iter_modules(actions.__path__):
    importlib.import_module("actions." + module.name)
from actions import services
services.complaint_service(); services.counselling_service(); services.scheduled_messages()
services.feedback_loop()
import bot.console.__main__
from bot.console.app import make_app
from bot.rasa_api import RasaClient
make_app(RasaClient("http://127.0.0.1:9", "x" * 48))
others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
print("threads:", others)
sys.exit(1 if others else 0)
"""


def test_importing_the_actions_and_the_console_starts_no_thread(tmp_path):
    """The reminder loop, the scheduled-message worker and the outbox retry used to start here (with
    RASA_API_TOKEN set, as in production); now only the job worker runs them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_API_TOKEN": TOKEN, "HS_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'hamari.db'}"}
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], env=env, capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


# --- real worker processes on PostgreSQL -------------------------------------------------------
@pytest.fixture()
def fake_rasa():
    """The fake Rasa API on a thread of its own, for worker processes to call."""
    fake = FakeRasa(TOKEN)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    async def serve() -> None:
        runner = web.AppRunner(fake.app())
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        fake.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        fake.runner = runner
        ready.set()
    thread = threading.Thread(target=lambda: (loop.run_until_complete(serve()), loop.run_forever()), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield fake
    asyncio.run_coroutine_threadsafe(fake.runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)


class WorkerProcesses:
    def __init__(self, database_url: str, rasa_url: str, log_dir) -> None:
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, "RASA_API_URL": rasa_url,
                    "RASA_API_TOKEN": TOKEN, "HS_JOB_LEASE_SECONDS": "2", "RELAY_POLL_SECONDS": "0.2",
                    "SCHEDULED_POLL_SECONDS": "0.2"}
        self.log_dir, self.processes = log_dir, []

    def start(self, jobs: str) -> subprocess.Popen:
        with open(self.log_dir / f"worker-{len(self.processes)}.log", "wb") as log:  # the child keeps its copy
            process = subprocess.Popen([sys.executable, "-m", "bot.jobs", "--jobs", jobs], cwd=ROOT, env=self.env,
                                       stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def log(self, index: int) -> str:
        return (self.log_dir / f"worker-{index}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture()
def workers(database_url, fake_rasa, tmp_path):
    processes = WorkerProcesses(database_url, fake_rasa.url, tmp_path)
    yield processes
    processes.stop_all()


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_on_postgresql_never_send_one_message_twice(database_url, fake_rasa, workers):
    messages = ScheduledMessages(database_url)
    due = datetime.now(timezone.utc) - timedelta(seconds=1)
    for i in range(40):
        messages.schedule("status_update", "telegram", f"tg-conv-{i}", {"text": f"update {i}"}, due_at=due)
    workers.start("scheduled")
    workers.start("scheduled")
    _wait(lambda: messages.counts() == {"sent": 40}, 120, "all 40 sent")
    time.sleep(1)  # a second send, if any, would land now
    posts = Counter(path for method, path, _, _ in fake_rasa.calls if method == "POST")
    assert len(posts) == 40 and set(posts.values()) == {1}, posts


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_worker_killed_mid_lease_is_replaced_and_her_emergency_is_answered_once(database_url, fake_rasa, workers):
    """The relay's worker dies (kill -9) during a handoff; she writes "bachao" while no relay runs.
    Of two workers started afterwards, one takes the relay over once the lease runs out, and she
    gets the emergency numbers exactly once."""
    handoffs, leases = HandoffService(database_url), Leases(database_url)
    queued = handoffs.request("tg-her-1", "telegram", "hi", "asked", None, since_timestamp=time.time() - 1)
    first = workers.start("relay")
    holder = _wait(lambda: leases.holder("relay"), 60, "the first worker holds the relay")
    _wait(lambda: handoffs.get(queued.handoff_id).relay_checked_until, 30, "the first relay checked her case")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    fake_rasa.user_says("tg-her-1", "bachao, wo mujhe maar raha hai")
    killed_at = time.monotonic()
    workers.start("relay")
    workers.start("relay")
    _wait(lambda: fake_rasa.executed("tg-her-1"), 60, "the emergency response")
    taken_over = time.monotonic() - killed_at
    new_holder = leases.holder("relay")
    assert new_holder and new_holder != holder
    time.sleep(2)  # both live workers keep polling: neither sends it again
    assert fake_rasa.executed("tg-her-1") == ["utter_emergency"]
    assert handoffs.get(queued.handoff_id).emergency_flag
    ran = [workers.log(i) for i in (1, 2) if "runs the relay" in workers.log(i)]
    assert len(ran) == 1, "both new workers ran the relay"
    print(f"relay taken over {taken_over:.1f} s after the kill")
    # A worker stopped cleanly gives its lease back at once.
    for process in workers.processes[1:]:
        process.terminate()
        process.wait(20)
    assert leases.holder("relay") is None


# --- the periodic jobs, in process ----------------------------------------------------------------
def _wait_for(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
    return condition()


def test_the_outbox_job_delivers_a_report_kept_while_the_database_was_down(database_url, tmp_path):
    from bot.complaints.outbox import Outbox
    from bot.complaints.service import ComplaintService
    from bot.jobs.runner import JobWorker
    from tests.integration.test_complaint_service import _report

    class DownSink:
        def deliver(self, report):
            raise ConnectionError("database down")
    path = tmp_path / "outbox.db"
    down = ComplaintService(sink=DownSink(), outbox=Outbox(path), url=database_url)
    report, pin = _report(down)
    assert down.file(report, pin).queued and Outbox(path).pending_count() == 1
    worker = JobWorker(database_url, jobs=("outbox",), outbox_path=path).start()
    try:
        assert _wait_for(lambda: Outbox(path).pending_count() == 0)
    finally:
        worker.shutdown()
    filed = ComplaintService(url=database_url, outbox=Outbox(path)).check_status(report.reference_code, pin)
    assert filed.outcome == "ok"


def test_retention_runs_once_per_interval_over_all_workers(database_url, monkeypatch):
    import bot.privacy.retention as retention
    from bot.jobs.runner import JobWorker
    passes = []
    monkeypatch.setattr(retention, "run_retention", lambda **kwargs: passes.append(kwargs) or {})
    workers = [JobWorker(database_url, jobs=("retention",)).start() for _ in range(3)]
    try:
        assert _wait_for(lambda: Leases(database_url).last_done("retention") is not None)
        time.sleep(1)
    finally:
        for worker in workers:
            worker.shutdown()
    assert passes == [{"database_url": database_url}]   # one pass, by one of the three
    assert Leases(database_url).holder("retention") is None
