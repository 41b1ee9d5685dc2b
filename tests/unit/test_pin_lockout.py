"""bot.store.pin_lockout: the one PIN check with a lockout behind complaint status checks and bookings."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from bot import settings
from bot.complaints.codes import hash_pin
from bot.store.pin_lockout import LOCKED, OK, WRONG_PIN, PinCheck, check_pin

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
PIN, WRONG = "482913", "000000"
HASH = hash_pin(PIN)


def _row():
    return SimpleNamespace(pin_hash=HASH, pin_failed_attempts=0, pin_locked_until=None)


def test_defaults_are_five_attempts_and_thirty_minutes():
    assert (settings.PIN_MAX_ATTEMPTS, settings.PIN_LOCKOUT_MINUTES) == (5, 30)


def test_the_right_pin_is_ok():
    assert check_pin(_row(), PIN, NOW) == PinCheck(OK)


def test_wrong_pins_count_down_then_lock_for_thirty_minutes():
    row = _row()
    assert [check_pin(row, WRONG, NOW) for _ in range(4)] == [PinCheck(WRONG_PIN, attempts_left=n) for n in (4, 3, 2, 1)]
    assert check_pin(row, WRONG, NOW) == PinCheck(LOCKED)
    assert row.pin_locked_until == NOW + timedelta(minutes=30) and row.pin_failed_attempts == 0


def test_while_locked_even_the_right_pin_is_refused_and_nothing_is_counted():
    row = _row()
    for _ in range(5):
        check_pin(row, WRONG, NOW)
    assert check_pin(row, PIN, NOW + timedelta(minutes=29)) == PinCheck(LOCKED)
    assert check_pin(row, WRONG, NOW + timedelta(minutes=29)) == PinCheck(LOCKED)
    assert row.pin_failed_attempts == 0 and row.pin_locked_until == NOW + timedelta(minutes=30)
    assert check_pin(row, PIN, NOW + timedelta(minutes=30, seconds=1)) == PinCheck(OK)


def test_the_right_pin_starts_the_count_again():
    row = _row()
    for _ in range(4):
        check_pin(row, WRONG, NOW)
    assert check_pin(row, PIN, NOW) == PinCheck(OK) and row.pin_failed_attempts == 0
    assert check_pin(row, WRONG, NOW) == PinCheck(WRONG_PIN, attempts_left=4)


@pytest.mark.parametrize("pin", [None, "", "48291", "4829130", "abcdef"])
def test_missing_or_malformed_pins_are_wrong(pin):
    assert check_pin(_row(), pin, NOW).outcome == WRONG_PIN


def test_a_row_without_a_pin_hash_never_opens():
    row = SimpleNamespace(pin_hash=None, pin_failed_attempts=0, pin_locked_until=None)
    assert check_pin(row, PIN, NOW).outcome == WRONG_PIN


def test_limits_come_from_settings(monkeypatch):
    monkeypatch.setattr(settings, "PIN_MAX_ATTEMPTS", 2)
    monkeypatch.setattr(settings, "PIN_LOCKOUT_MINUTES", 5)
    row = _row()
    assert check_pin(row, WRONG, NOW) == PinCheck(WRONG_PIN, attempts_left=1)
    assert check_pin(row, WRONG, NOW) == PinCheck(LOCKED)
    assert row.pin_locked_until == NOW + timedelta(minutes=5)
