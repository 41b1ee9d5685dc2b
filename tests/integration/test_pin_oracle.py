"""No status or booking check tells an existing code from an unknown one: not by its answer, not by
its lock, not by its time (the PIN hash runs for unknown codes too). On SQLite and PostgreSQL."""
import statistics
import time

import pytest

from bot import settings
from bot.complaints.outbox import Outbox
from bot.complaints.service import ComplaintService
from bot.counselling.service import BookingRequest, CounsellingService
from tests.integration.test_complaint_service import _report
from tests.integration.test_counselling_service import MON, MONDAY, NOW, add_counsellor

RUNS = 15


def _median_ms(call, runs=RUNS):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _wrong(pin):
    return "000000" if pin != "000000" else "111111"


@pytest.fixture
def complaint(database_url, tmp_path):
    service = ComplaintService(url=database_url, outbox=Outbox(tmp_path / "outbox.db"))
    report, pin = _report(service)
    service.file(report, pin)
    return service, report.reference_code, pin


@pytest.fixture
def booking(database_url):
    add_counsellor(database_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")])
    service = CounsellingService(database_url, minutes=45, notice_minutes=60)
    slot = service.free_slots(MONDAY, "hi", NOW)[0]
    booked = service.book(BookingRequest("couple", "hi", "hi", "rest", "sender-1"), slot.key, NOW)
    assert booked.outcome == "booked"
    return service, booked.booking_code, booked.pin


def test_an_unknown_reference_code_gets_the_wrong_pin_answer_then_the_same_lock(complaint):
    service, code, pin = complaint
    wrong = _wrong(pin)
    known = [service.check_status(code, wrong) for _ in range(6)]
    unknown = [service.check_status("HS-2345-6789", pin) for _ in range(6)]
    assert unknown == known
    assert [answer.outcome for answer in known] == ["wrong_pin"] * 4 + ["locked"] * 2


def test_an_unknown_booking_code_gets_the_wrong_pin_answer_then_the_same_lock(booking):
    service, code, pin = booking
    wrong, unknown_code = _wrong(pin), "HC-2345-6789"
    # Cancel and reschedule first (each an attempt), then lookups: both counters move in step.
    assert service.cancel(unknown_code, pin, NOW) == service.cancel(code, wrong, NOW)
    assert (service.reschedule(unknown_code, pin, "no-slot", "sender-2", NOW)
            == service.reschedule(code, wrong, "no-slot", "sender-2", NOW))
    known = [service.lookup(code, wrong, NOW) for _ in range(4)]
    unknown = [service.lookup(unknown_code, pin, NOW) for _ in range(4)]
    assert unknown == known
    assert [view.outcome for view in known] == ["wrong_pin"] * 2 + ["locked"] * 2


def _same_time(known, unknown, what):
    known(), unknown()  # warm up (connections, the dummy hash)
    wrong_pin_ms, unknown_code_ms = _median_ms(known), _median_ms(unknown)
    print(f"\n{what}: wrong PIN {wrong_pin_ms:.1f} ms, unknown code {unknown_code_ms:.1f} ms (median of {RUNS})")
    assert 0.5 <= unknown_code_ms / wrong_pin_ms <= 2.0
    # Both pay for the PIN hash (scrypt, tens of ms): the unknown code is not answered early.
    assert unknown_code_ms > 10 and wrong_pin_ms > 10


def test_an_unknown_reference_code_and_a_wrong_pin_take_the_same_time(complaint, monkeypatch):
    monkeypatch.setattr(settings, "PIN_MAX_ATTEMPTS", 10_000)   # measure the check, not the lock
    service, code, pin = complaint
    _same_time(lambda: service.check_status(code, _wrong(pin)),
               lambda: service.check_status("HS-2345-6789", pin), "status check")


def test_an_unknown_booking_code_and_a_wrong_pin_take_the_same_time(booking, monkeypatch):
    monkeypatch.setattr(settings, "PIN_MAX_ATTEMPTS", 10_000)
    service, code, pin = booking
    _same_time(lambda: service.lookup(code, _wrong(pin), NOW),
               lambda: service.lookup("HC-2345-6789", pin, NOW), "booking lookup")
