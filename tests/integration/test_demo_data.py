"""The demo-data command: it fills an empty database through our services with fictional, clearly
marked data that every console page can show; it is deterministic; and it refuses a database that
holds anything it did not make (and production)."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.channels.delivery_failures import DeliveryFailures
from bot.complaints.casework import CaseWork
from bot.complaints.categories import CATEGORIES
from bot.complaints.feedback import FeedbackLoop
from bot.complaints.outbox import Outbox
from bot.complaints.service import ComplaintService
from bot.complaints.sink import DatabaseSink
from bot.complaints.statuses import STATUSES
from bot.console.audit import AuditLog
from bot.console.auth import AuthError, StaffAuth
from bot.console.complaints import ComplaintsView, Filters
from bot.counselling.day_view import DayView
from bot.devtools import demo_data
from bot.devtools.demo_content import FAKE_NUMBER_PREFIX, MARK
from bot.handoff.service import HandoffService, read_callback_phone, read_summary
from bot.india_time import INDIA
from bot.jobs.scheduled import ScheduledMessages
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text
from bot.store.init_db import init_db
from bot.store.models import Complaint, CounsellingBooking, Handoff, ScheduledMessage, StaffUser
from tests.integration.test_complaint_service import _report

NOW = datetime(2026, 12, 5, 9, 30, tzinfo=timezone.utc)   # 15:00 in India


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    from argon2 import PasswordHasher
    import bot.console.auth as auth
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    result = demo_data.load_demo_data(url, seed=22, now=NOW, complaints=60)
    return url, result


def _complaints(url):
    with session_factory(url)() as session:
        return session.execute(select(Complaint)).scalars().all()


def test_it_fills_every_kind_of_record(loaded):
    url, result = loaded
    assert result.loaded and result.counts["complaints"] == 60
    rows = _complaints(url)
    assert {c.category for c in rows} == set(CATEGORIES)
    assert set(STATUSES) <= {c.status for c in rows}
    assert len({c.district for c in rows}) >= 30          # many of the 75 districts
    ages = [(NOW - c.created_at).days for c in rows]
    assert min(ages) < 7 and 70 <= max(ages) <= 84        # spread over the last 12 weeks
    assert any(c.priority and c.status == "reopened" for c in rows)   # she said it has not stopped
    answers = FeedbackLoop(url).dashboard_counts(now=NOW)
    assert sum(row["not_stopped"] for row in answers) >= 1 and sum(row["stopped"] for row in answers) >= 1


def test_everything_she_wrote_is_marked_fictional_encrypted_and_numbers_are_fake(loaded):
    url, _ = loaded
    casework = CaseWork(url)
    repeats = 0
    for complaint in _complaints(url):
        assert MARK not in complaint.narrative_enc            # stored encrypted
        case = casework.case_file(complaint.reference_code)
        assert case.narrative.startswith(MARK) and case.place.startswith(MARK)
        for item in case.about_him:
            if item.kind == "phone":
                assert item.value.startswith(FAKE_NUMBER_PREFIX)
                repeats += bool(item.other_reports)
            elif item.kind == "name":
                assert item.value.startswith(MARK)
        number = casework.callback_number(complaint.reference_code)
        if number:
            assert number[0].startswith(FAKE_NUMBER_PREFIX)
    assert repeats >= 3                                   # the same number in several reports
    with session_factory(url)() as session:
        for handoff in session.execute(select(Handoff)).scalars():
            assert decrypt_text(handoff.conversation_enc).startswith("demo-")
            if handoff.callback_phone_enc:
                assert read_callback_phone(handoff).startswith(FAKE_NUMBER_PREFIX)
            if handoff.summary_enc:
                assert read_summary(handoff)["shared"].startswith(MARK)


def test_every_console_page_has_rows(loaded):
    url, _ = loaded
    staff = {u.username: u for u in StaffAuth(url).users()}
    supervisor = staff["demo.supervisor"]
    assert ComplaintsView(url, clock=lambda: NOW).list(Filters())
    assert ComplaintsView(url, clock=lambda: NOW).list(Filters(priority=True))
    assert ComplaintsView(url, clock=lambda: NOW).overdue_count() >= 1
    queue = HandoffService(url).queue(supervisor)
    assert {h.status for h in queue} == {"waiting", "active"} and any(h.emergency_flag for h in queue)
    assert HandoffService(url).queue(staff["demo.counsellor"])
    assert HandoffService(url).callbacks()
    today = NOW.astimezone(INDIA).date()
    for day in (today - timedelta(days=3), today, today + timedelta(days=3)):
        assert DayView(url).bookings(day), day
    assert DeliveryFailures(url).recent()
    assert ScheduledMessages(url).dead_letters()
    assert FeedbackLoop(url).dashboard_counts(now=NOW)
    actions = {entry.action for entry, _ in AuditLog(url).recent(limit=5000)}
    assert {"complaint_status", "complaint_assign", "claim", "close", "demo_data_loaded"} <= actions
    with session_factory(url)() as session:
        statuses = dict(session.execute(select(Handoff.status, func.count()).group_by(Handoff.status)).all())
        assert statuses.keys() == {"waiting", "active", "closed", "callback"}
        assert session.execute(select(func.count()).select_from(CounsellingBooking).where(
            CounsellingBooking.status == "cancelled")).scalar_one() >= 1


def test_no_demo_message_is_left_for_a_worker_to_send(loaded):
    url, _ = loaded
    assert ScheduledMessages(url).claim_due("test", now=NOW + timedelta(days=400)) == []
    with session_factory(url)() as session:
        assert session.execute(select(func.count()).select_from(ScheduledMessage).where(
            ScheduledMessage.status.in_(("pending", "sending")))).scalar_one() == 0


def test_the_demo_accounts_log_in_with_the_passwords_printed_once(loaded):
    url, result = loaded
    assert {role for role, _ in result.passwords.values()} == {"supervisor", "counsellor", "officer"}
    lines = []
    demo_data.report(result, lines.append)
    text = "\n".join(lines)
    for username, (_role, password) in result.passwords.items():
        assert password in text
        StaffAuth(url).login(username, password)


def test_a_second_run_adds_nothing_renews_the_passwords_and_refuses_once_real_data_came(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first = demo_data.load_demo_data(url, now=NOW, complaints=12)
    second = demo_data.load_demo_data(url, now=NOW, complaints=12)
    assert not second.loaded and len(_complaints(url)) == 12
    auth = StaffAuth(url)
    _role, password = second.passwords["demo.officer"]
    auth.login("demo.officer", password)
    with pytest.raises(AuthError):
        auth.login("demo.officer", first.passwords["demo.officer"][1])
    service = _service(url, tmp_path)
    service.file(*_report(service))   # a real one, through the chat, after the demo was loaded
    with pytest.raises(demo_data.RealDataPresent, match="1 complaints"):
        demo_data.load_demo_data(url, now=NOW, complaints=12)


def _service(url, tmp_path):
    return ComplaintService(sink=DatabaseSink(url), outbox=Outbox(tmp_path / "outbox.db"), url=url)


def test_it_refuses_a_database_with_a_real_complaint_and_changes_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    init_db(url)
    service = _service(url, tmp_path)
    service.file(*_report(service))
    with pytest.raises(demo_data.RealDataPresent, match="1 complaints"):
        demo_data.load_demo_data(url, now=NOW, complaints=5)
    assert demo_data.main(["--database-url", url, "--complaints", "5"]) == 2
    assert "NOT loaded" in capsys.readouterr().err
    with session_factory(url)() as session:
        assert session.execute(select(func.count()).select_from(Complaint)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(StaffUser)).scalar_one() == 0


@pytest.mark.parametrize("made", ["handoff", "booking"])
def test_it_refuses_other_real_records_too(tmp_path, made):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    init_db(url)
    if made == "handoff":
        HandoffService(url).request("web-real-1", "socketio", "hi", "asked", None)
    else:
        from bot.counselling.panel import seed_demo_panel
        from bot.counselling.service import BookingRequest, CounsellingService
        seed_demo_panel(url, today=NOW.astimezone(INDIA).date())
        service = CounsellingService(url)
        day = NOW.astimezone(INDIA).date() + timedelta(days=1)
        slot = service.free_slots(day, "hi", now=NOW)[0]
        assert service.book(BookingRequest("herself", "hi", "hi", "socketio", "web-real-2"), slot.key,
                            now=NOW).outcome == "booked"
    with pytest.raises(demo_data.RealDataPresent):
        demo_data.load_demo_data(url, now=NOW, complaints=5)


def test_it_refuses_when_a_demo_account_name_is_taken(tmp_path):
    url = f"sqlite:///{tmp_path / 'staff.db'}"
    init_db(url)
    StaffAuth(url).create_user("demo.officer", "Someone real", "a long real password 1", "officer")
    with pytest.raises(demo_data.RealDataPresent, match="demo.officer"):
        demo_data.load_demo_data(url, now=NOW, complaints=5)
    with session_factory(url)() as session:
        assert session.execute(select(func.count()).select_from(StaffUser)).scalar_one() == 1


def test_it_refuses_production(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_data.settings, "production", lambda: True)
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(demo_data.RealDataPresent, match="production"):
        demo_data.load_demo_data(url, now=NOW, complaints=5)


def test_the_same_seed_gives_the_same_data(tmp_path):
    def shape(name, seed):
        url = f"sqlite:///{tmp_path / name}"
        demo_data.load_demo_data(url, seed=seed, now=NOW, complaints=15)
        return sorted((c.category, c.district, c.status, c.created_at, c.contact_mode) for c in _complaints(url))
    assert shape("a.db", 7) == shape("b.db", 7)
