"""The complaint service against real databases: SQLite and PostgreSQL."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from bot.complaints.answers import harasser_phones
from bot.complaints.codes import find_reference_code
from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport, HarasserDetails
from bot.complaints.service import ComplaintService, reporter_pseudonym
from bot.complaints.sink import DatabaseSink
from bot.settings import PIN_MAX_ATTEMPTS as MAX_PIN_ATTEMPTS
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text
from bot.store.models import Complaint

SENDER = "telegram:987654321"
NARRATIVE = "Ek ladka Rohanxyz roz college tak peecha karta hai aur 9812345678 se call karta hai"


def _service(url, tmp_path, sink=None):
    return ComplaintService(sink=sink or DatabaseSink(url), outbox=Outbox(tmp_path / "outbox.db"), url=url)


def _report(service, contact_mode="anonymous", **overrides):
    code, pin, pin_hash = service.new_report_identity(contact_mode)
    fields = dict(
        reference_code=code, category="stalking", language="hi-Latn", channel="web", narrative=NARRATIVE,
        contact_mode=contact_mode, pin_hash=pin_hash, district="Lucknow", place="Gomti Nagar",
        incident_start=date(2026, 11, 25), incident_end=date(2026, 11, 30), incident_when_text="5 din se",
        evidence="screenshots",
        harasser=HarasserDetails(phones=["+919812345678"], handles=["instagram:rohan_x"], description="college ka senior"),
        reporter_pseudonym=reporter_pseudonym(SENDER),
        callback_phone="+919876543210" if contact_mode == "callback" else None,
    )
    fields.update(overrides)
    return ComplaintReport(**fields), pin


def _dump_all_text(url) -> str:
    """Every value of every table, as text: what someone with the database file would read."""
    with session_factory(url)() as session:
        tables = ["complaints", "complaint_status_history", "harasser_identifiers", "contacts", "evidence"]
        return "\n".join(str(row) for table in tables for row in session.execute(text(f"SELECT * FROM {table}")))


def test_a_filed_complaint_is_stored_with_its_fields_encrypted_where_it_must_be(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    report, pin = _report(service)
    filed = service.file(report, pin)
    assert not filed.queued and len(filed.pin) == 6
    assert find_reference_code(filed.reference_code.lower().replace("-", " ")) == filed.reference_code
    with session_factory(database_url)() as session:
        row = session.execute(select(Complaint).where(Complaint.reference_code == filed.reference_code)).scalar_one()
        assert (row.category, row.district, row.status, row.contact_mode) == ("stalking", "Lucknow", "received", "anonymous")
        assert row.incident_start == date(2026, 11, 25)
        assert decrypt_text(row.narrative_enc) == NARRATIVE
        assert {i.kind for i in row.identifiers} == {"phone", "handle", "name"}
        assert row.contact is None and [h.status for h in row.history] == ["received"]
    everything = _dump_all_text(database_url)
    for secret in ("Rohanxyz", "9812345678", "rohan_x", "Gomti", "college ka senior", SENDER, "987654321", pin):
        assert secret not in everything, secret


def test_callback_contact_is_kept_encrypted_in_its_own_table(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    report, pin = _report(service, contact_mode="callback")
    assert pin is None
    service.file(report, pin)
    with session_factory(database_url)() as session:
        row = session.execute(select(Complaint)).scalar_one()
        assert decrypt_text(row.contact.phone_enc) == "+919876543210"
        assert row.pin_hash is None
    assert "9876543210" not in _dump_all_text(database_url)


def test_status_check_pin_and_lockout(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    report, pin = _report(service)
    service.file(report, pin)
    code = report.reference_code
    answer = service.check_status(code, pin)
    assert answer.outcome == "ok" and answer.status == "received"
    service.set_status(code, "in_progress", changed_by="7", reason="Called the station")
    assert service.check_status(code, pin).status == "in_progress"
    wrong = "000000" if pin != "000000" else "111111"
    for attempt in range(1, MAX_PIN_ATTEMPTS):
        assert service.check_status(code, wrong).attempts_left == MAX_PIN_ATTEMPTS - attempt
    assert service.check_status(code, wrong).outcome == "locked"
    assert service.check_status(code, pin).outcome == "locked"  # even the right PIN, for a while
    later = datetime.now(timezone.utc) + timedelta(minutes=31)
    assert service.check_status(code, pin, now=later).outcome == "ok"
    unknown = service.check_status("HS-2222-2222", pin)   # the same answer as a wrong PIN
    assert (unknown.outcome, unknown.attempts_left) == ("wrong_pin", MAX_PIN_ATTEMPTS - 1)


def test_repeat_reports_against_the_same_number_are_counted(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    for _ in range(3):
        report, pin = _report(service)
        service.file(report, pin)
    assert service.other_reports_mentioning("phone", "+919812345678", except_code=report.reference_code) == 2
    assert service.other_reports_mentioning("handle", "instagram:rohan_x") == 3
    assert service.other_reports_mentioning("phone", "+919000000001") == 0


@pytest.mark.parametrize("typed", [
    ["98123 45678", "+91-9812345678", "०९८१२३-४५६७८"],                    # Indian: matched as before
    ["+1 415 555 2671", "001 (415) 555-2671", "+14155552671"],             # US
    ["+44 7911 123456", "0044 07911 123456", "+447911123456"],             # UK
    ["+971 50 123 4567", "00971501234567", "+971-50-1234567"],             # UAE
    ["+977 980 1234567", "+977-9801234567", "+९७७ ९८०१२३४५६७"],            # Nepal
])
def test_one_number_typed_three_ways_counts_as_a_repeat(database_url, tmp_path, typed):
    service = _service(database_url, tmp_path)
    for text in typed:
        report, pin = _report(service, harasser=HarasserDetails(phones=harasser_phones(f"uska number {text} hai")))
        service.file(report, pin)
    [number] = harasser_phones(typed[0])
    assert service.other_reports_mentioning("phone", number, except_code=report.reference_code) == 2


def test_forgetting_her_cuts_the_link_but_keeps_the_reports(database_url, tmp_path):
    service = _service(database_url, tmp_path)
    report, pin = _report(service)
    service.file(report, pin)
    assert service.forget_reporter(SENDER) == 1
    with session_factory(database_url)() as session:
        row = session.execute(select(Complaint)).scalar_one()
        assert row.reporter_pseudonym is None and decrypt_text(row.narrative_enc) == NARRATIVE


class _BrokenSink:
    def deliver(self, report):
        raise ConnectionError("database unreachable")


def test_unreachable_database_queues_and_retry_delivers_exactly_once(database_url, tmp_path):
    service = _service(database_url, tmp_path, sink=_BrokenSink())
    report, pin = _report(service)
    filed = service.file(report, pin)
    assert filed.queued and filed.reference_code == report.reference_code
    assert service.outbox.pending_count() == 1
    assert service.deliver_outbox() == 0  # still down
    working = _service(database_url, tmp_path)
    working.outbox = service.outbox
    assert working.deliver_outbox() == 1
    assert working.deliver_outbox() == 0
    # A retry after a lost acknowledgement must not store it twice.
    DatabaseSink(database_url).deliver(report)
    with session_factory(database_url)() as session:
        rows = session.execute(select(Complaint).where(Complaint.reference_code == report.reference_code)).all()
    assert len(rows) == 1
    assert working.check_status(report.reference_code, pin).outcome == "ok"


def test_outbox_file_holds_nothing_readable(tmp_path, database_url):
    service = _service(database_url, tmp_path, sink=_BrokenSink())
    report, pin = _report(service)
    service.file(report, pin)
    raw = (tmp_path / "outbox.db").read_bytes()
    assert b"Rohanxyz" not in raw and b"9812345678" not in raw
