"""Counsellor chat hours, e.g. "09:00-21:00" India time; "00:00-24:00" means always open."""
from datetime import datetime, timezone
from typing import Optional, Tuple
from zoneinfo import ZoneInfo

from bot import settings


def parse_hours(spec: str) -> Tuple[int, int]:
    """Minutes since midnight of opening and closing; ValueError on a malformed spec."""
    start, end = (part.strip() for part in spec.split("-", 1))
    return _minutes(start), _minutes(end)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60:
        raise ValueError(clock)
    return value


def is_open(now: Optional[datetime] = None, spec: Optional[str] = None, zone: Optional[str] = None) -> bool:
    opening, closing = parse_hours(spec or settings.COUNSELLOR_HOURS)
    local = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone or settings.COUNSELLOR_TIMEZONE))
    minute = local.hour * 60 + local.minute
    if opening <= closing:
        return opening <= minute < closing
    return minute >= opening or minute < closing  # a night shift across midnight


def describe(spec: Optional[str] = None) -> str:
    """"09:00-21:00" for her message (digits read the same in all three scripts)."""
    opening, closing = parse_hours(spec or settings.COUNSELLOR_HOURS)
    return f"{_clock(opening)}-{_clock(closing)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
