"""Free slots for a day, from the panel's working hours, leave days and existing bookings.

Pure functions, no database: the service loads the panel and the busy times and calls these.
Hours are Asia/Kolkata (no daylight saving there, so minute arithmetic on local times is exact).
A slot belongs to the day it starts on; a shift that runs past midnight gives slots on two days.
A leave day cancels the shifts that start on it (a Monday-night shift is Monday's work).
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple

from bot.india_time import INDIA
MAX_OFFERED = 5
DAY_MINUTES = 24 * 60
# Parts of the day as bot.lang.dates names them (hours, local time).
PARTS_OF_DAY = {"morning": range(4, 12), "afternoon": range(12, 16), "evening": range(16, 20),
                "night": [20, 21, 22, 23, 0, 1, 2, 3]}


@dataclass(frozen=True)
class Shift:
    weekday: int        # 0 = Monday
    start_minute: int   # minutes after local midnight
    end_minute: int     # <= start_minute: ends on the next day


@dataclass(frozen=True)
class PanelMember:
    id: int
    first_name: str
    first_name_hi: str
    languages: FrozenSet[str]
    shifts: Tuple[Shift, ...]
    leave: FrozenSet[date] = frozenset()


@dataclass(frozen=True)
class Slot:
    counsellor_id: int
    starts_at: datetime      # aware, UTC
    minutes: int
    first_name: str = ""
    first_name_hi: str = ""

    @property
    def key(self) -> str:
        """What a button sends back: "3@202612010430" (counsellor id @ UTC start)."""
        return f"{self.counsellor_id}@{self.starts_at.astimezone(timezone.utc):%Y%m%d%H%M}"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(INDIA)


def parse_slot_key(key: str) -> Optional[Tuple[int, datetime]]:
    """(counsellor id, UTC start) from a slot key; None for anything malformed."""
    try:
        counsellor, stamp = str(key).strip()[:40].split("@")
        if len(stamp) != 12 or not stamp.isdigit() or not counsellor.isdigit():
            return None
        return int(counsellor), datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
    except (ValueError, TypeError):
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=INDIA)


def slot_starts(member: PanelMember, day: date, minutes: int) -> Iterator[datetime]:
    """Local start times of whole sessions within the member's shifts that start on `day`."""
    for shift_day in (day - timedelta(days=1), day):
        if shift_day in member.leave:   # a day off: no shift that starts on it, night shifts included
            continue
        for shift in member.shifts:
            if shift.weekday != shift_day.weekday():
                continue
            end_minute = shift.end_minute if shift.end_minute > shift.start_minute else shift.end_minute + DAY_MINUTES
            start = _midnight(shift_day) + timedelta(minutes=shift.start_minute)
            end = _midnight(shift_day) + timedelta(minutes=end_minute)
            moment = start
            while moment + timedelta(minutes=minutes) <= end:
                if moment.date() == day:
                    yield moment
                moment += timedelta(minutes=minutes)


def _overlaps(start: datetime, minutes: int, busy: Iterable[Tuple[datetime, int]]) -> bool:
    end = start + timedelta(minutes=minutes)
    return any(b_start < end and start < b_start + timedelta(minutes=b_minutes) for b_start, b_minutes in busy)


def free_slots(panel: Sequence[PanelMember], day: date, language: str, now: datetime, minutes: int,
               busy: Dict[int, List[Tuple[datetime, int]]], notice_minutes: int = 60,
               part_of_day: Optional[str] = None, hour: Optional[int] = None,
               limit: int = MAX_OFFERED) -> List[Slot]:
    """Up to `limit` free slots on `day` with a counsellor who speaks `language`, nearest first.

    Never a slot that starts before `now` plus the notice; one slot per start time (the first free
    counsellor), so that five buttons are five different times. When she named a part of the day
    ("shaam") and it has free slots, only those; with a clock hour, the closest to it first.
    """
    earliest = now + timedelta(minutes=notice_minutes)
    by_start: Dict[datetime, Slot] = {}
    for member in sorted(panel, key=lambda m: m.id):
        if language not in member.languages:
            continue
        for local in slot_starts(member, day, minutes):
            if local < earliest or local in by_start or _overlaps(local, minutes, busy.get(member.id, ())):
                continue
            by_start[local] = Slot(member.id, local.astimezone(timezone.utc), minutes,
                                   member.first_name, member.first_name_hi)
    slots = sorted(by_start.values(), key=lambda s: s.starts_at)
    if part_of_day in PARTS_OF_DAY:
        in_part = [s for s in slots if s.local_start.hour in PARTS_OF_DAY[part_of_day]]
        slots = in_part or slots
    if isinstance(hour, int) and 0 <= hour <= 23:
        wanted = _midnight(day) + timedelta(hours=hour)
        slots.sort(key=lambda s: (abs((s.starts_at - wanted).total_seconds()), s.starts_at))
    return slots[:limit]
