"""bot.store.pin_lockout: the one PIN check with a lockout behind complaint status checks and bookings,
counted per code string so that no outcome tells an existing code from an unknown one."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import settings
from bot.complaints.codes import hash_pin
from bot.store.db import session_factory
from bot.store.init_db import init_db
from bot.store.models import PinAttempts
from bot.store.pin_lockout import LOCKED, OK, WRONG_PIN, PinCheck, check_code_pin, code_key

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
PIN, WRONG = "482913", "000000"
HASH = hash_pin(PIN)
CODE, OTHER = "HS-7KX4-92QF", "HS-2222-3333"


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pins') / 'hamari.db'}"
    init_db(url)
    return session_factory(url)


@pytest.fixture
def check(sessions):
    with sessions() as session, session.begin():
        session.query(PinAttempts).delete()

    def check(pin, now=NOW, code=CODE, pin_hash=HASH, kind="complaint"):
        with sessions() as session, session.begin():
            return check_code_pin(session, kind, code, pin_hash, pin, now)
    return check


def _counter(sessions, code=CODE, kind="complaint"):
    with sessions() as session:
        return session.execute(select(PinAttempts).where(PinAttempts.code_key == code_key(kind, code))).scalar_one()


def test_defaults_are_five_attempts_and_thirty_minutes():
    assert (settings.PIN_MAX_ATTEMPTS, settings.PIN_LOCKOUT_MINUTES) == (5, 30)


def test_the_right_pin_is_ok(check):
    assert check(PIN) == PinCheck(OK)


def test_wrong_pins_count_down_then_lock_for_thirty_minutes(check, sessions):
    assert [check(WRONG) for _ in range(4)] == [PinCheck(WRONG_PIN, attempts_left=n) for n in (4, 3, 2, 1)]
    assert check(WRONG) == PinCheck(LOCKED)
    counter = _counter(sessions)
    assert counter.locked_until == NOW + timedelta(minutes=30) and counter.failed_attempts == 0


def test_while_locked_even_the_right_pin_is_refused_and_nothing_is_counted(check, sessions):
    for _ in range(5):
        check(WRONG)
    assert check(PIN, NOW + timedelta(minutes=29)) == PinCheck(LOCKED)
    assert check(WRONG, NOW + timedelta(minutes=29)) == PinCheck(LOCKED)
    counter = _counter(sessions)
    assert counter.failed_attempts == 0 and counter.locked_until == NOW + timedelta(minutes=30)
    assert check(PIN, NOW + timedelta(minutes=30, seconds=1)) == PinCheck(OK)


def test_the_right_pin_starts_the_count_again(check):
    for _ in range(4):
        check(WRONG)
    assert check(PIN) == PinCheck(OK)
    assert check(WRONG) == PinCheck(WRONG_PIN, attempts_left=4)


@pytest.mark.parametrize("pin", [None, "", "48291", "4829130", "abcdef"])
def test_missing_or_malformed_pins_are_wrong(check, pin):
    assert check(pin).outcome == WRONG_PIN


def test_an_unknown_code_answers_exactly_like_a_wrong_pin_then_locks_the_same_way(check):
    known = [check(WRONG) for _ in range(6)]
    unknown = [check(PIN, code=OTHER, pin_hash=None) for _ in range(6)]
    assert unknown == known == [PinCheck(WRONG_PIN, attempts_left=n) for n in (4, 3, 2, 1)] + [PinCheck(LOCKED)] * 2


def test_codes_and_kinds_are_counted_apart(check):
    for _ in range(5):
        check(WRONG)
    assert check(PIN, code=OTHER) == PinCheck(OK)
    assert check(PIN, kind="booking") == PinCheck(OK)   # the same string as a booking code is another counter


def test_the_counter_holds_no_code(check, sessions):
    check(WRONG)
    with sessions() as session:
        keys = session.execute(select(PinAttempts.code_key)).scalars().all()
    assert keys == [code_key("complaint", CODE)] and "7KX4" not in keys[0]


def test_counters_untouched_for_a_day_are_forgotten_unless_still_locked(check, sessions, monkeypatch):
    monkeypatch.setattr(settings, "PIN_LOCKOUT_MINUTES", 3 * 24 * 60)   # a lock longer than a day
    for _ in range(5):
        check(WRONG)                                   # CODE: locked for three days
    check(WRONG, code=OTHER)                           # OTHER: one wrong PIN
    check(WRONG, now=NOW + timedelta(days=2), code="HS-4444-5555")   # a later check prunes
    with sessions() as session:
        left = set(session.execute(select(PinAttempts.code_key)).scalars())
    assert left == {code_key("complaint", CODE), code_key("complaint", "HS-4444-5555")}


def test_limits_come_from_settings(check, sessions, monkeypatch):
    monkeypatch.setattr(settings, "PIN_MAX_ATTEMPTS", 2)
    monkeypatch.setattr(settings, "PIN_LOCKOUT_MINUTES", 5)
    assert check(WRONG) == PinCheck(WRONG_PIN, attempts_left=1)
    assert check(WRONG) == PinCheck(LOCKED)
    assert _counter(sessions).locked_until == NOW + timedelta(minutes=5)
