"""The PIN check with a lockout, for every code she keeps with a PIN: a complaint's reference code
and a counselling booking code.

Wrong PINs are counted on the row itself (`pin_failed_attempts`); the attempt that reaches
settings.PIN_MAX_ATTEMPTS locks the code (`pin_locked_until`) for settings.PIN_LOCKOUT_MINUTES, and
while it is locked even the right PIN is refused, unchecked. The caller loads the row FOR UPDATE
(two wrong PINs at once must both count) and commits whatever the outcome: a failure is only a
failure once it is counted. Telling "no such code" apart from a wrong PIN is the caller's business,
and what she is told must not (both get the same answer).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional, Protocol

from bot import settings
from bot.complaints.codes import verify_pin

OK, WRONG_PIN, LOCKED = "ok", "wrong_pin", "locked"


class PinProtected(Protocol):
    pin_hash: Optional[str]
    pin_failed_attempts: int
    pin_locked_until: Optional[datetime]   # aware (UtcDateTime columns)


@dataclass(frozen=True)
class PinCheck:
    outcome: str                          # OK, WRONG_PIN or LOCKED
    attempts_left: Optional[int] = None   # after a wrong PIN: how many more before the lock


def check_pin(row: PinProtected, pin: Optional[str], now: datetime) -> PinCheck:
    """Checks `pin` against the row's hash and counts the outcome on the row. `now` is aware."""
    if row.pin_locked_until and row.pin_locked_until > now:
        return PinCheck(LOCKED)
    if not verify_pin(pin or "", row.pin_hash):
        row.pin_failed_attempts += 1
        left = settings.PIN_MAX_ATTEMPTS - row.pin_failed_attempts
        if left <= 0:
            row.pin_locked_until = now + timedelta(minutes=settings.PIN_LOCKOUT_MINUTES)
            row.pin_failed_attempts = 0
            return PinCheck(LOCKED)
        return PinCheck(WRONG_PIN, attempts_left=left)
    row.pin_failed_attempts = 0
    return PinCheck(OK)
