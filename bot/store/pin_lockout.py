"""The PIN check with a lockout, for every code she keeps with a PIN: a complaint's reference code
and a counselling booking code. It must not tell anyone whether a code exists.

- Every check runs the PIN hash (scrypt, ~50 ms), against a dummy hash when the code is unknown or
  has no PIN: an unknown code and a wrong PIN take the same time and get the same outcome
  (WRONG_PIN, with the same count of attempts left).
- Wrong PINs are counted per code STRING in `pin_attempts` (keyed hash of the code), whether or not
  such a code exists: settings.PIN_MAX_ATTEMPTS wrong PINs in a row lock any code string for
  settings.PIN_LOCKOUT_MINUTES, so "locked" is no sign of a real code either. While it is locked even
  the right PIN is refused, unchecked (equally fast for every code).

The caller loads its row (complaint, booking) in the same transaction, FOR UPDATE, calls
`check_code_pin`, and commits whatever the outcome: a failure is only a failure once it is counted.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Optional

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import settings
from bot.complaints.codes import hash_pin, verify_pin
from bot.store.models import PinAttempts
from bot.store.pseudonym import pseudonym, pseudonym_candidates

OK, WRONG_PIN, LOCKED = "ok", "wrong_pin", "locked"
KINDS = ("complaint", "booking")
# Counts of code strings nobody has tried for this long are dropped (a lock lasts far less).
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class PinCheck:
    outcome: str                          # OK, WRONG_PIN or LOCKED
    attempts_left: Optional[int] = None   # after a wrong PIN: how many more before the lock


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A PIN hash no PIN opens (a random secret, never stored): the work for an unknown code."""
    return hash_pin(secrets.token_hex(16))


def code_key(kind: str, code: str) -> str:
    return pseudonym(f"pin-attempts:{kind}", (code or "").strip().upper())


def check_code_pin(session: Session, kind: str, code: str, pin_hash: Optional[str], pin: Optional[str],
                   now: datetime) -> PinCheck:
    """Checks `pin` for the code string `code` of `kind` ("complaint" or "booking"). `pin_hash` is the
    code's stored hash, or None when no such code exists (or it has no PIN). `now` is aware."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of code: {kind}")
    attempts = _attempts_row(session, kind, code, now)
    if attempts.locked_until and attempts.locked_until > now:
        return PinCheck(LOCKED)
    # Always the same work: the real hash, or a dummy one that no PIN opens.
    matches = verify_pin(pin or "", pin_hash or dummy_hash()) and pin_hash is not None
    attempts.updated_at = now
    if not matches:
        attempts.failed_attempts += 1
        left = settings.PIN_MAX_ATTEMPTS - attempts.failed_attempts
        if left <= 0:
            attempts.locked_until = now + timedelta(minutes=settings.PIN_LOCKOUT_MINUTES)
            attempts.failed_attempts = 0
            return PinCheck(LOCKED)
        return PinCheck(WRONG_PIN, attempts_left=left)
    attempts.failed_attempts, attempts.locked_until = 0, None
    return PinCheck(OK)


def _attempts_row(session: Session, kind: str, code: str, now: datetime) -> PinAttempts:
    """The code string's counter, locked FOR UPDATE (two wrong PINs at once both count); made
    first, in a transaction of its own, when the string was never tried."""
    candidates = pseudonym_candidates(f"pin-attempts:{kind}", (code or "").strip().upper())
    query = select(PinAttempts).where(PinAttempts.code_key.in_(candidates)).with_for_update()
    row = session.execute(query).scalars().first()
    if row is None:
        try:
            with Session(bind=session.get_bind(), future=True) as own, own.begin():
                own.execute(delete(PinAttempts).where(_forgotten(now)))
                own.add(PinAttempts(code_key=candidates[0], kind=kind, failed_attempts=0, updated_at=now))
        except IntegrityError:
            pass  # a concurrent check of the same string made it
        row = session.execute(query).scalars().first()
    return row


def _forgotten(now: datetime):
    return and_(PinAttempts.updated_at < now - FORGET_AFTER,
                or_(PinAttempts.locked_until.is_(None), PinAttempts.locked_until < now))
