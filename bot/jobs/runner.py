"""The job worker: `python -m bot.jobs` runs every background job of the assistant, and nothing else
does (the action server and the console hold no loop, so each may run as several copies).

Jobs (bot/settings.py WORKER_JOBS chooses; all by default), each in a thread of its own so that a
slow one never holds up another:
- scheduled: due scheduled messages (status updates, follow-ups, reminders, session links), claimed
  row by row (bot/jobs/scheduled.py), sent through Rasa's HTTP API;
- reminders: counselling reminders stored before they became scheduled messages, claimed row by row
  (bot/counselling/service.py);
- outbox: reports filed while the database was down (a SQLite file on this host) delivered when it
  is back; one worker per host at a time (lease "outbox:<host and file>"); after each pass it
  reports what still waits (bot/jobs/gauges.py, for the console's Machinery panel) and alerts staff
  when work piles up (bot/jobs/alerts.py);
- retention: one pass every RETENTION_INTERVAL_HOURS over all workers (lease "retention", and the
  time of the last pass kept with it);
- relay: the handoff relay with its emergency check on her messages (bot/console/relay.py), one
  worker at a time (lease "relay", renewed every round; JOB_LEASE_SECONDS after a worker dies
  another takes over, from where the dead one stopped checking).

Any number of workers may run: row claims and leases (bot/jobs/leases.py) give each piece of work to
one of them. SIGTERM or Ctrl-C stops a worker; its leases are released at once.
"""
import asyncio
import hashlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, List, Optional

from bot import settings
from bot.jobs.leases import Leases

logger = logging.getLogger(__name__)
JOBS = ("scheduled", "reminders", "outbox", "retention", "relay")
# A retention pass holds its lease this long at most; a pass longer than that may overlap another,
# which does no harm (idempotent deletes).
RETENTION_LEASE_SECONDS = 3600
RETENTION_CHECK_SECONDS = 60
# An outbox pass holds its lease this long at most (a pass tries each waiting report once).
OUTBOX_LEASE_SECONDS = 600


def worker_name() -> str:
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def outbox_lease_name(path: Path) -> str:
    """The outbox is a file on one host: one lease per host and file (never the file's path in clear)."""
    place = f"{socket.gethostname()}:{Path(path).resolve()}"
    return "outbox:" + hashlib.sha256(place.encode()).hexdigest()[:24]


class JobWorker:
    def __init__(self, database_url: Optional[str] = None, jobs: Optional[tuple] = None,
                 name: Optional[str] = None, outbox_path: Optional[Path] = None, notifier=None) -> None:
        self.database_url = database_url
        self.jobs = tuple(jobs if jobs is not None else settings.WORKER_JOBS)
        unknown = set(self.jobs) - set(JOBS)
        if unknown:
            raise ValueError(f"unknown jobs {sorted(unknown)}; known: {', '.join(JOBS)}")
        self.name = name or worker_name()
        self.leases = Leases(database_url)
        self.outbox_path = outbox_path
        self.notifier = notifier  # staff alerts (default: the Telegram StaffNotifier)
        self.stop = threading.Event()
        self.threads: List[threading.Thread] = []
        self.held: set = set()  # lease names this worker holds now, released when it stops

    # ---------------------------------------------------------------- running -----------------
    def start(self) -> "JobWorker":
        for job in self.jobs:
            thread = threading.Thread(target=getattr(self, f"_run_{job}"), name=f"job-{job}", daemon=True)
            thread.start()
            self.threads.append(thread)
        logger.info("job worker %s: %s", self.name, ", ".join(self.jobs))
        return self

    def shutdown(self, timeout: float = 10) -> None:
        """Stops every job (a send under way finishes first, up to `timeout` in all) and gives the
        leases back, so another worker need not wait for them to expire."""
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for name in list(self.held):
            try:
                self.leases.release(name, self.name)
            except Exception as error:  # the lease then simply expires
                logger.warning("job worker: lease not released (%s)", type(error).__name__)

    def _every(self, seconds: float, job: str, work: Callable[[], object]) -> None:
        """Runs `work` now and every `seconds` until stopped; a failure is logged, never the end."""
        while not self.stop.is_set():
            try:
                work()
            except Exception as error:  # the database or Rasa may be away for a while
                logger.warning("job %s: pass failed (%s)", job, type(error).__name__)
            self.stop.wait(seconds)

    def _lease(self, name: str, seconds: float) -> bool:
        held = self.leases.acquire(name, self.name, seconds)
        (self.held.add if held else self.held.discard)(name)
        return held

    def _release(self, name: str, done: bool = False) -> None:
        self.leases.release(name, self.name, done)
        self.held.discard(name)

    # ---------------------------------------------------------------- the jobs ----------------
    def _run_scheduled(self) -> None:
        from bot.jobs.delivery import RasaDelivery
        from bot.jobs.scheduled import ScheduledMessages
        from bot.jobs.worker import Worker
        worker = Worker(ScheduledMessages(self.database_url), RasaDelivery(), name=self.name[:64])
        self._every(settings.SCHEDULED_POLL_SECONDS, "scheduled", worker.run_once)

    def _run_reminders(self) -> None:
        from bot.counselling.reminders import RasaReminderSender
        from bot.counselling.service import CounsellingService
        service, sender = CounsellingService(self.database_url), RasaReminderSender()

        def send_due() -> None:
            sent = service.deliver_due_reminders(sender)
            if sent:
                logger.info("counselling: %d reminder(s) sent", sent)
        self._every(settings.COUNSELLING_REMINDER_POLL_SECONDS, "reminders", send_due)

    def _run_outbox(self) -> None:
        from bot.complaints.outbox import Outbox, default_path
        from bot.complaints.service import ComplaintService
        from bot.jobs.alerts import BacklogAlerts
        from bot.jobs.gauges import Gauges
        from bot.jobs.machinery import snapshot
        from bot.notify.telegram import StaffNotifier
        path = Path(self.outbox_path or default_path())
        lease = outbox_lease_name(path)
        gauges = Gauges(self.database_url)
        alerts = BacklogAlerts(self.database_url, self.name, self.notifier or StaffNotifier(), self.leases)

        def deliver() -> None:
            if path.exists() and self._lease(lease, OUTBOX_LEASE_SECONDS):
                try:
                    outbox = Outbox(path)
                    # Only this host sees its outbox: the console reads it from the database. Reported
                    # (and alerted on) before delivering too, so staff learn that the database was down
                    # even when this pass files every waiting report.
                    gauges.report(lease, *outbox.waiting())
                    self._check_alerts(alerts, snapshot)
                    delivered = ComplaintService(url=self.database_url, outbox=outbox).deliver_outbox()
                    if delivered:
                        logger.info("outbox: delivered %d waiting complaint(s)", delivered)
                        gauges.report(lease, *outbox.waiting())
                finally:
                    self._release(lease)
            else:
                self._check_alerts(alerts, snapshot)
        self._every(settings.OUTBOX_RETRY_SECONDS, "outbox", deliver)

    def _check_alerts(self, alerts, snapshot) -> None:
        """Staff alerts when work piles up (bot/jobs/alerts.py); their failure never stops the outbox."""
        try:
            alerts.check(snapshot(self.database_url))
        except Exception as error:
            logger.warning("alerts: check failed (%s)", type(error).__name__)

    def _run_retention(self) -> None:
        from bot.privacy.retention import run_retention
        interval = timedelta(hours=settings.RETENTION_INTERVAL_HOURS)

        def due() -> bool:
            last = self.leases.last_done("retention")
            return last is None or datetime.now(timezone.utc) - last >= interval

        def run_if_due() -> None:
            if not due() or not self._lease("retention", RETENTION_LEASE_SECONDS):
                return
            try:
                if not due():  # another worker finished a pass just now
                    return
                counts = run_retention(database_url=self.database_url)
                logger.info("retention: %s", " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
                self._release("retention", done=True)
            finally:
                if "retention" in self.held:
                    self._release("retention")
        self._every(RETENTION_CHECK_SECONDS, "retention", run_if_due)

    def _run_relay(self) -> None:
        asyncio.run(self._relay_forever())

    async def _relay_forever(self) -> None:
        from bot.console.audit import AuditLog
        from bot.console.relay import Relay
        from bot.handoff.service import HandoffService
        from bot.notify.telegram import StaffNotifier
        from bot.rasa_api import RasaClient
        async with RasaClient(settings.RASA_API_URL, settings.rasa_api_token()) as rasa:
            relay: Optional[Relay] = None
            while not self.stop.is_set():
                try:
                    if await asyncio.to_thread(self._lease, "relay", settings.JOB_LEASE_SECONDS):
                        if relay is None:
                            logger.info("job worker %s: runs the relay", self.name)
                            relay = Relay(HandoffService(self.database_url), rasa, StaffNotifier(),
                                          AuditLog(self.database_url))
                        await relay.check_once()
                    else:
                        relay = None  # another worker has it; if we take it back, from the stored marks
                except Exception as error:  # never let the watcher die
                    logger.warning("relay: check failed: %s", type(error).__name__)
                await asyncio.sleep(settings.RELAY_POLL_SECONDS)


def main(argv: Optional[List[str]] = None) -> None:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m bot.jobs", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", help=f"comma-separated, of: {', '.join(JOBS)} (default: HS_WORKER_JOBS, all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    # httpx (python-telegram-bot's client, for staff alerts) logs each request's URL, which holds the
    # staff bot's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from bot.store.keyring import check_keys
    from bot.store.secrets import MissingSecrets
    try:
        check_keys("The job worker", also=("RASA_API_TOKEN",))
    except MissingSecrets as error:
        raise SystemExit(str(error)) from None
    jobs = tuple(j.strip() for j in args.jobs.split(",") if j.strip()) if args.jobs else None
    worker = JobWorker(jobs=jobs).start()
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    worker.shutdown()
    logger.info("job worker %s stopped", worker.name)

