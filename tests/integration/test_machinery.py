"""What the job worker reports for staff (issue 18): the outbox gauge per host (bot/jobs/gauges.py),
the counts the console's Machinery panel shows (bot/jobs/machinery.py) and the staff alerts when work
piles up (bot/jobs/alerts.py): once per kind and hour over all workers, quiet under the thresholds."""
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from bot import settings
from bot.channels.delivery_failures import OUTSIDE_WINDOW, DeliveryFailures
from bot.console.audit import AuditLog
from bot.jobs.alerts import BacklogAlerts
from bot.jobs.gauges import Gauges
from bot.jobs.leases import Leases
from bot.jobs.machinery import snapshot
from bot.jobs.runner import outbox_lease_name
from bot.jobs.scheduled import DEAD, ScheduledMessages
from bot.store.db import session_factory
from bot.store.models import ScheduledMessage

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


class FakeNotifier:
    def __init__(self, works: bool = True) -> None:
        self.lines: list = []
        self.works = works

    async def send(self, text: str) -> bool:
        self.lines.append(text)
        return self.works


def _schedule(url: str, n: int, due_at: datetime, dead: bool = False) -> None:
    messages = ScheduledMessages(url)
    ids = [messages.schedule("status_update", "rest", f"her-{i}-{due_at.timestamp()}", {"text": "her words"},
                             due_at=due_at) for i in range(n)]
    if dead:
        with session_factory(url)() as session, session.begin():
            session.execute(update(ScheduledMessage).where(ScheduledMessage.id.in_(ids)).values(status=DEAD))


# --- the gauge ---------------------------------------------------------------------------------
def test_a_gauge_is_written_then_overwritten_and_read_back(database_url, tmp_path):
    clock = Clock()
    gauges = Gauges(database_url, clock)
    name = outbox_lease_name(tmp_path / "outbox.db")
    gauges.report(name, 3, NOW - timedelta(minutes=30))
    clock.now += timedelta(minutes=1)
    gauges.report(name, 1, NOW - timedelta(minutes=5))
    (gauge,) = gauges.read("outbox:")
    assert (gauge.name, gauge.value, gauge.oldest_at, gauge.updated_at) == (
        name, 1, NOW - timedelta(minutes=5), NOW + timedelta(minutes=1))
    assert str(tmp_path) not in gauge.name and "outbox.db" not in gauge.name


def test_the_outbox_job_reports_what_waits_and_no_path(database_url, tmp_path, monkeypatch):
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
    assert down.file(report, pin).queued
    waiting, oldest = Outbox(path).waiting()
    assert waiting == 1 and oldest is not None and oldest.tzinfo is not None
    # The worker's own sink is down too: the report stays, the gauge says so.
    monkeypatch.setattr(ComplaintService, "deliver_outbox", lambda self: 0)
    monkeypatch.setattr(settings, "ALERT_OUTBOX_WAITING", 0)   # the alert has tests of its own
    worker = JobWorker(database_url, jobs=("outbox",), outbox_path=path).start()
    try:
        deadline = time.monotonic() + 20
        while not Gauges(database_url).read("outbox:") and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.shutdown()
    (gauge,) = Gauges(database_url).read("outbox:")
    assert gauge.name == outbox_lease_name(path) and gauge.value == 1 and gauge.oldest_at == oldest
    state = snapshot(database_url)
    assert state.outbox_waiting == 1 and state.outbox_oldest_at == oldest and state.stale_hosts == 0


def test_when_the_database_is_back_the_worker_files_the_reports_and_alerts_staff_once(database_url, tmp_path,
                                                                                      monkeypatch):
    from bot.complaints.outbox import Outbox
    from bot.complaints.service import ComplaintService
    from bot.jobs.runner import JobWorker
    from tests.integration.test_complaint_service import _report

    class DownSink:
        def deliver(self, report):
            raise ConnectionError("database down")
    _thresholds(monkeypatch)
    monkeypatch.setattr(settings, "OUTBOX_RETRY_SECONDS", 0.2)
    path = tmp_path / "outbox.db"
    down = ComplaintService(sink=DownSink(), outbox=Outbox(path), url=database_url)
    for _ in range(2):
        report, pin = _report(down)
        assert down.file(report, pin).queued
    notifier = FakeNotifier()
    worker = JobWorker(database_url, jobs=("outbox",), outbox_path=path, notifier=notifier).start()
    try:
        deadline = time.monotonic() + 20
        while Outbox(path).pending_count() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)   # a few more passes: no second alert
    finally:
        worker.shutdown()
    assert Outbox(path).pending_count() == 0 and Gauges(database_url).get(outbox_lease_name(path)).value == 0
    assert len(notifier.lines) == 1 and notifier.lines[0].startswith("ALERT: 2 complaint report(s) filed while")
    assert [e.object_id for e, _ in AuditLog(database_url).recent() if e.action == "staff_alert"] == ["outbox"]


# --- the counts --------------------------------------------------------------------------------
def test_the_snapshot_counts_overdue_dead_failures_and_stale_hosts(database_url, monkeypatch):
    monkeypatch.setattr(settings, "SCHEDULED_OVERDUE_MINUTES", 15)
    monkeypatch.setattr(settings, "OUTBOX_RETRY_SECONDS", 60)
    now = datetime.now(timezone.utc)
    _schedule(database_url, 2, now - timedelta(minutes=40))          # overdue
    _schedule(database_url, 1, now - timedelta(minutes=5))           # due, not yet overdue
    _schedule(database_url, 1, now + timedelta(hours=1))             # later
    _schedule(database_url, 3, now - timedelta(hours=2), dead=True)
    failures = DeliveryFailures(database_url)
    failures.record("whatsapp", "p" * 16, OUTSIDE_WINDOW, "Re-engagement message")
    gauges = Gauges(database_url, lambda: now - timedelta(minutes=4))   # 4 passes ago: stale
    gauges.report("outbox:aaaaaaaaaaaa", 2, now - timedelta(hours=3))
    Gauges(database_url, lambda: now).report("outbox:bbbbbbbbbbbb", 0)
    state = snapshot(database_url, now)
    assert (state.scheduled_pending, state.scheduled_overdue, state.scheduled_dead, state.failures_24h) == (4, 2, 3, 1)
    assert state.outbox_waiting == 2 and state.outbox_oldest_at == now - timedelta(hours=3)
    assert [(h.host, h.waiting, h.stale) for h in state.outboxes] == [("aaaaaaaa", 2, True), ("bbbbbbbb", 0, False)]
    assert snapshot(database_url, now + timedelta(days=2)).failures_24h == 0


# --- the alerts --------------------------------------------------------------------------------
def _alerts(url: str, clock: Clock, notifier: FakeNotifier, holder: str = "w1") -> BacklogAlerts:
    return BacklogAlerts(url, holder, notifier, Leases(url, clock), console_url="https://console.example")


def _thresholds(monkeypatch, outbox=1, overdue=20, dead=1):
    monkeypatch.setattr(settings, "ALERT_OUTBOX_WAITING", outbox)
    monkeypatch.setattr(settings, "ALERT_SCHEDULED_OVERDUE", overdue)
    monkeypatch.setattr(settings, "ALERT_DEAD_LETTERS", dead)
    monkeypatch.setattr(settings, "ALERT_REPEAT_SECONDS", 3600)


def test_an_alert_fires_once_per_kind_and_hour_over_all_workers(database_url, monkeypatch):
    _thresholds(monkeypatch, overdue=3)
    clock, notifier = Clock(), FakeNotifier()
    Gauges(database_url, clock).report("outbox:" + "a" * 24, 2, NOW - timedelta(minutes=10))
    _schedule(database_url, 3, NOW - timedelta(hours=1))
    state = snapshot(database_url, NOW)
    one, other = _alerts(database_url, clock, notifier, "w1"), _alerts(database_url, clock, notifier, "w2")
    assert sorted(one.check(state)) == ["outbox", "overdue"]
    assert other.check(state) == [] and one.check(state) == []          # the same hour, either worker
    assert len(notifier.lines) == 2
    outbox_line = next(line for line in notifier.lines if "outbox" in line)
    assert "2 complaint report(s)" in outbox_line and outbox_line.endswith("https://console.example/dashboard#machinery")
    assert all("her" not in line for line in notifier.lines)
    audited = sorted((e.action, e.object_id, e.detail, u) for e, u in AuditLog(database_url).recent())
    assert audited == [("staff_alert", "outbox", "outbox=2", None), ("staff_alert", "overdue", "overdue=3", None)]
    clock.now += timedelta(minutes=59)
    assert other.check(state) == []
    clock.now += timedelta(minutes=2)                                   # an hour later, still piled up
    assert sorted(other.check(state)) == ["outbox", "overdue"] and len(notifier.lines) == 4


def test_alerts_stay_quiet_under_the_thresholds(database_url, monkeypatch):
    _thresholds(monkeypatch, overdue=20)
    clock, notifier = Clock(), FakeNotifier()
    Gauges(database_url, clock).report("outbox:" + "a" * 24, 0)
    _schedule(database_url, 19, NOW - timedelta(hours=1))
    assert _alerts(database_url, clock, notifier).check(snapshot(database_url, NOW)) == []
    assert notifier.lines == [] and AuditLog(database_url).recent() == []


def test_a_dead_letter_alert_counts_only_new_ones(database_url, monkeypatch):
    _thresholds(monkeypatch, dead=2)
    clock, notifier = Clock(), FakeNotifier()
    alerts = _alerts(database_url, clock, notifier)
    _schedule(database_url, 1, NOW - timedelta(hours=1), dead=True)
    assert alerts.check(snapshot(database_url, NOW)) == []               # 1 new < 2
    _schedule(database_url, 1, NOW - timedelta(hours=1), dead=True)
    assert alerts.check(snapshot(database_url, NOW)) == ["dead"]
    assert "2 scheduled message(s) could not be sent" in notifier.lines[0]
    clock.now += timedelta(hours=2)
    assert alerts.check(snapshot(database_url, NOW)) == []               # the same 2: nothing new
    _schedule(database_url, 2, NOW - timedelta(hours=1), dead=True)
    assert alerts.check(snapshot(database_url, NOW)) == ["dead"]
    assert "2 scheduled message(s) could not be sent after their retries (4 undelivered in all)" in notifier.lines[1]


def test_an_alert_that_could_not_be_sent_is_tried_again_next_pass(database_url, monkeypatch):
    _thresholds(monkeypatch)
    clock, notifier = Clock(), FakeNotifier(works=False)
    Gauges(database_url, clock).report("outbox:" + "a" * 24, 1, NOW)
    alerts = _alerts(database_url, clock, notifier)
    assert alerts.check(snapshot(database_url, NOW)) == []
    notifier.works = True
    assert alerts.check(snapshot(database_url, NOW)) == ["outbox"] and len(notifier.lines) == 2


def test_with_notifications_off_nothing_is_claimed_or_audited(database_url, monkeypatch):
    from bot.notify.telegram import StaffNotifier
    _thresholds(monkeypatch)
    clock = Clock()
    Gauges(database_url, clock).report("outbox:" + "a" * 24, 1, NOW)
    off = StaffNotifier(token="", chat_id="")
    assert _alerts(database_url, clock, off).check(snapshot(database_url, NOW)) == []
    assert AuditLog(database_url).recent() == [] and Leases(database_url, clock).last_done("alert:outbox") is None
