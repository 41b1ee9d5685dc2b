"""The service side of the officers' desk on SQLite and PostgreSQL: the one set_status (reasons
encrypted, True only when it changed, the hook after the commit), reopen with priority, the case
file, assignment, notes, and migration 0007 (under_review -> in_progress, both ways)."""
from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import select, text

from bot.complaints.casework import CaseWork, CaseWorkError
from bot.complaints.report import HarasserDetails
from bot.complaints.service import ComplaintService, UnknownComplaint
from bot.console.auth import StaffAuth
from bot.store.db import get_engine, session_factory
from bot.store.encryption import encrypt_text
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import Complaint, ComplaintNote, Contact, StatusChange
from tests.integration.test_complaint_service import NARRATIVE, _report, _service


def _file(service, **overrides) -> str:
    report, pin = _report(service, **overrides)
    service.file(report, pin)
    return report.reference_code


def _row(url, code) -> Complaint:
    with session_factory(url)() as session:
        row = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
        assert row.history is not None  # loaded while the session is open
        return row


def test_set_status_keeps_who_and_why_with_the_reason_encrypted(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    code = _file(service)
    assert service.set_status(code, "in_progress", changed_by="7", reason="  Called SHO Hazratganj  ") is True
    assert service.set_status(code, "in_progress", changed_by="7", reason="again") is False  # no change, no entry
    history = _row(database_url, code).history
    assert [(h.status, h.changed_by) for h in history] == [("received", None), ("in_progress", "7")]
    assert history[-1].reason_enc and "Hazratganj" not in history[-1].reason_enc
    case = CaseWork(database_url).case_file(code)
    assert case.history[-1].reason == "Called SHO Hazratganj"
    with pytest.raises(ValueError):
        service.set_status(code, "under_review")  # the old name is gone
    with pytest.raises(UnknownComplaint):
        service.set_status("HS-2222-2222", "closed")


def test_the_status_change_hook_runs_after_the_commit_and_only_for_real_changes(database_url, tmp_path):
    seen = []

    def hook(code, old, new):
        # After the commit: a fresh session already reads the new status.
        seen.append((code, old, new, _row(database_url, code).status))

    service = _service(database_url, tmp_path)
    service.on_status_change = hook
    code = _file(service)
    service.set_status(code, "action_taken", changed_by="3", reason="Warned him")
    service.set_status(code, "action_taken", changed_by="3", reason="Warned him")
    service.reopen(code, "He called again")
    assert seen == [(code, "received", "action_taken", "action_taken"), (code, "action_taken", "reopened", "reopened")]


def test_a_failing_hook_does_not_undo_the_change(database_url, tmp_path, caplog):
    def broken(code, old, new):
        raise RuntimeError("scheduler down")

    service = ComplaintService(url=database_url, outbox=_service(database_url, tmp_path).outbox,
                               on_status_change=broken)
    code = _file(service)
    assert service.set_status(code, "closed", reason="She said it stopped") is True
    assert _row(database_url, code).status == "closed"
    assert "status change hook failed" in caplog.text and "scheduler down" not in caplog.text


def test_reopen_by_her_sets_priority_and_by_staff_does_not(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    hers, staffs = _file(service), _file(service)
    for code in (hers, staffs):
        service.set_status(code, "action_taken", reason="Warned")
    assert service.reopen(hers, "Nahi ruka, kal phir call aaya") is True
    assert service.reopen(staffs, "Station asked to reopen", by_her=False) is True
    her_row, staff_row = _row(database_url, hers), _row(database_url, staffs)
    assert (her_row.status, her_row.priority, her_row.history[-1].changed_by) == ("reopened", True, "her")
    assert (staff_row.status, staff_row.priority, staff_row.history[-1].changed_by) == ("reopened", False, None)
    assert CaseWork(database_url).case_file(hers).history[-1].reason == "Nahi ruka, kal phir call aaya"
    # Reopening what is already reopened changes nothing but still marks her word as priority.
    CaseWork(database_url).clear_priority(hers)
    assert service.reopen(hers, "Still not stopped") is False
    assert _row(database_url, hers).priority is True and len(_row(database_url, hers).history) == 3


def test_complaint_by_code_gives_the_state_without_her_words(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    code = _file(service, contact_mode="callback")
    state = service.complaint_by_code(code)
    assert (state.reference_code, state.status, state.priority, state.contact_mode, state.channel) == (
        code, "received", False, "callback", "web")
    assert state.created_at.tzinfo is not None
    assert NARRATIVE not in repr(state) and "9876543210" not in repr(state)
    assert service.complaint_by_code("HS-2222-2222") is None


def test_case_file_assignment_and_notes(database_url, tmp_path):
    auth = StaffAuth(database_url)
    officer = auth.create_user("meera", "Meera", "long password 1", "officer")
    counsellor = auth.create_user("asha", "Asha", "long password 1", "counsellor")
    service = _service(database_url, tmp_path)
    _file(service, harasser=HarasserDetails(phones=["+919812345678"]))
    code = _file(service, contact_mode="callback")
    with session_factory(database_url)() as session, session.begin():
        session.execute(text("UPDATE contacts SET safe_times_enc = :value"), {"value": encrypt_text("subah 10-12")})
    work = CaseWork(database_url)
    case = work.case_file(code)
    assert case.narrative == NARRATIVE and case.place == "Gomti Nagar" and case.safe_times == "subah 10-12"
    assert [(a.kind, a.value, a.other_reports) for a in case.about_him] == [
        ("phone", "+919812345678", 1), ("handle", "instagram:rohan_x", 0), ("name", "college ka senior", None)]
    assert case.has_callback_number and work.callback_number(code) == ("+919876543210", "subah 10-12")

    assert work.assign(code, officer.id) is None and work.assign(code, None) == officer.id
    with pytest.raises(CaseWorkError):
        work.assign(code, counsellor.id)
    note_id = work.add_note(code, officer.id, "Spoke to her; she is safe at her mother's")
    with pytest.raises(CaseWorkError):
        work.add_note(code, officer.id, " ")
    with session_factory(database_url)() as session:
        stored = session.get(ComplaintNote, note_id)
        assert "mother" not in stored.text_enc
    assert [n.text for n in work.case_file(code).notes] == ["Spoke to her; she is safe at her mother's"]


def _old_complaint(connection, code: str, status: str) -> None:
    now = datetime.now(timezone.utc)
    connection.execute(text(
        "INSERT INTO complaints (reference_code, category, status, language, channel, narrative_enc, contact_mode, "
        "pin_failed_attempts, created_at, updated_at) VALUES (:code, 'online', :status, 'hi', 'web', 'x', "
        "'anonymous', 0, :now, :now)"), {"code": code, "status": status, "now": now})
    complaint_id = connection.execute(text("SELECT id FROM complaints WHERE reference_code = :code"),
                                      {"code": code}).scalar_one()
    connection.execute(text("INSERT INTO complaint_status_history (complaint_id, status, changed_at) "
                            "VALUES (:id, :status, :now)"), {"id": complaint_id, "status": status, "now": now})


def test_migration_0007_renames_under_review_and_back(database_url):
    command.downgrade(alembic_config(database_url), "0006")
    engine = get_engine(database_url)
    with engine.begin() as connection:
        _old_complaint(connection, "HS-2222-AAAA", "under_review")
        _old_complaint(connection, "HS-2222-BBBB", "closed")
    upgrade(database_url)
    with session_factory(database_url)() as session:
        rows = {c.reference_code: c for c in session.execute(select(Complaint)).scalars()}
        assert rows["HS-2222-AAAA"].status == "in_progress" and rows["HS-2222-BBBB"].status == "closed"
        assert rows["HS-2222-AAAA"].priority is False and rows["HS-2222-AAAA"].assigned_to is None
        assert session.execute(select(StatusChange.status).order_by(StatusChange.id)).scalars().all() == [
            "in_progress", "closed"]
        assert session.execute(select(Contact)).first() is None
    ComplaintService(url=database_url).reopen("HS-2222-BBBB", "not stopped")
    command.downgrade(alembic_config(database_url), "0006")
    with engine.connect() as connection:
        statuses = dict(connection.execute(text("SELECT reference_code, status FROM complaints")).all())
        assert statuses == {"HS-2222-AAAA": "under_review", "HS-2222-BBBB": "under_review"}
        columns = list(connection.execute(text("SELECT * FROM complaints LIMIT 1")).keys())
        assert "priority" not in columns and "assigned_to" not in columns
    upgrade(database_url)
