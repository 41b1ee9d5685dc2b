"""Editing the counselling panel (console, supervisors): counsellors, languages, active flag, weekly
shifts and leave days. Validates everything it is given and raises PanelError with a message a
supervisor can act on; the console handlers only translate that into a 400 page.

Times are Asia/Kolkata "HH:MM"; an end at or before the start means the shift runs past midnight
(as CounsellorHours and bot.counselling.availability define it).
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import List, Optional, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.counselling.panel import add_counsellor
from bot.counselling.service import SESSION_LANGUAGES
from bot.store.db import session_factory
from bot.store.models import Counsellor, CounsellorHours, CounsellorLeave

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGE_NAMES = {"hi": "Hindi", "en": "English"}
MAX_NAME = 64
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class PanelError(ValueError):
    """Bad input or an unknown counsellor; the message is shown to the supervisor."""


class NotFound(PanelError):
    pass


@dataclass(frozen=True)
class ShiftRow:
    id: int
    weekday: int
    start: str   # "HH:MM"
    end: str
    overnight: bool

    @property
    def day_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]


@dataclass(frozen=True)
class CounsellorRow:
    id: int
    first_name: str
    first_name_hi: str
    languages: Tuple[str, ...]
    active: bool
    shifts: Tuple[ShiftRow, ...]
    leave: Tuple[Tuple[int, date], ...]   # (leave id, day)


def _hhmm(minute: int) -> str:
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_time(text, what: str = "time") -> int:
    """Minutes after midnight from "HH:MM" (00:00..23:59)."""
    match = _TIME.match(str(text or "").strip()[:8])
    if not match:
        raise PanelError(f"The {what} must be a time like 09:30 (24-hour clock).")
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_weekday(text) -> int:
    value = str(text or "").strip()
    if value not in {str(i) for i in range(7)}:
        raise PanelError("Choose a day of the week.")
    return int(value)


def parse_day(text) -> date:
    try:
        return date.fromisoformat(str(text or "").strip()[:10])
    except ValueError:
        raise PanelError("The leave day must be a date like 2026-12-07.") from None


def parse_languages(values: Sequence) -> str:
    """"hi,en" from the ticked boxes; only the session languages the service knows."""
    chosen = {str(v).strip() for v in values}
    unknown = chosen - set(SESSION_LANGUAGES)
    if unknown or not chosen:
        raise PanelError("Choose at least one session language: Hindi (hi) and/or English (en).")
    return ",".join(code for code in SESSION_LANGUAGES if code in chosen)


def clean_name(text, what: str, required: bool = True) -> str:
    """A first name as users will see it: trimmed, printable, at most 64 characters."""
    name = unicodedata.normalize("NFC", " ".join(str(text or "").split()))
    if not name:
        if required:
            raise PanelError(f"The {what} is needed.")
        return ""
    if len(name) > MAX_NAME:
        raise PanelError(f"The {what} is too long (at most {MAX_NAME} characters).")
    if any(unicodedata.category(ch)[0] in "CS" and ch not in "\u200c\u200d" for ch in name) or "<" in name:
        raise PanelError(f"The {what} may contain letters only (no symbols, emoji or control characters).")
    return name


class PanelAdmin:
    def __init__(self, url: Optional[str] = None):
        self.url = url
        self.sessions = session_factory(url)

    def list(self) -> List[CounsellorRow]:
        with self.sessions() as session:
            counsellors = session.execute(select(Counsellor).order_by(Counsellor.active.desc(), Counsellor.first_name)
                                          .options(selectinload(Counsellor.hours),
                                                   selectinload(Counsellor.leave_days))).scalars().all()
            return [self._row(c) for c in counsellors]

    def get(self, counsellor_id: int) -> CounsellorRow:
        with self.sessions() as session:
            return self._row(self._counsellor(session, counsellor_id))

    @staticmethod
    def _row(c: Counsellor) -> CounsellorRow:
        shifts = sorted(c.hours, key=lambda h: (h.weekday, h.start_minute))
        return CounsellorRow(
            c.id, c.first_name, c.first_name_hi or "",
            tuple(x.strip() for x in c.languages.split(",") if x.strip()), bool(c.active),
            tuple(ShiftRow(h.id, h.weekday, _hhmm(h.start_minute), _hhmm(h.end_minute),
                           h.end_minute <= h.start_minute) for h in shifts),
            tuple(sorted(((leave.id, leave.day) for leave in c.leave_days), key=lambda x: x[1])))

    @staticmethod
    def _counsellor(session, counsellor_id) -> Counsellor:
        ok = isinstance(counsellor_id, int) and 0 < counsellor_id < 2 ** 31   # PostgreSQL integer range
        counsellor = session.get(Counsellor, counsellor_id) if ok else None
        if counsellor is None:
            raise NotFound("No such counsellor.")
        return counsellor

    def create(self, first_name, first_name_hi, languages: Sequence) -> int:
        """A new, active counsellor without shifts (add them next)."""
        return add_counsellor(self.url, clean_name(first_name, "first name"),
                              clean_name(first_name_hi, "Devanagari name", required=False),
                              parse_languages(languages), shifts=[])

    def update(self, counsellor_id: int, languages: Sequence, active: bool) -> None:
        codes = parse_languages(languages)
        with self.sessions() as session, session.begin():
            counsellor = self._counsellor(session, counsellor_id)
            counsellor.languages, counsellor.active = codes, bool(active)

    def add_shift(self, counsellor_id: int, weekday, start, end) -> int:
        day, start_minute, end_minute = parse_weekday(weekday), parse_time(start, "start"), parse_time(end, "end")
        if start_minute == end_minute:
            raise PanelError("The shift must end at a different time than it starts "
                             "(an end before the start runs past midnight).")
        # CounsellorHours stores a shift ending exactly at midnight as 1440, like the seed does.
        stored_end = 24 * 60 if end_minute == 0 else end_minute
        with self.sessions() as session, session.begin():
            counsellor = self._counsellor(session, counsellor_id)
            for h in counsellor.hours:
                if (h.weekday, h.start_minute, h.end_minute % 1440) == (day, start_minute, end_minute):
                    raise PanelError("This shift is already on the panel.")
            shift = CounsellorHours(weekday=day, start_minute=start_minute, end_minute=stored_end)
            counsellor.hours.append(shift)
            session.flush()
            return shift.id

    def remove_shift(self, counsellor_id: int, shift_id: int) -> None:
        with self.sessions() as session, session.begin():
            counsellor = self._counsellor(session, counsellor_id)
            shift = next((h for h in counsellor.hours if h.id == shift_id), None)
            if shift is None:
                raise NotFound("No such shift.")
            counsellor.hours.remove(shift)

    def add_leave(self, counsellor_id: int, day) -> int:
        parsed = parse_day(day)
        with self.sessions() as session, session.begin():
            counsellor = self._counsellor(session, counsellor_id)
            if any(leave.day == parsed for leave in counsellor.leave_days):
                raise PanelError("This leave day is already on the panel.")
            leave = CounsellorLeave(day=parsed)
            counsellor.leave_days.append(leave)
            session.flush()
            return leave.id

    def remove_leave(self, counsellor_id: int, leave_id: int) -> None:
        with self.sessions() as session, session.begin():
            counsellor = self._counsellor(session, counsellor_id)
            leave = next((day for day in counsellor.leave_days if day.id == leave_id), None)
            if leave is None:
                raise NotFound("No such leave day.")
            counsellor.leave_days.remove(leave)


def weekly_minutes(row: CounsellorRow) -> int:
    total = 0
    for shift in row.shifts:
        start, end = parse_time(shift.start), parse_time(shift.end)
        total += (end - start) % (24 * 60) or 24 * 60
    return total


def describe(row: Optional[CounsellorRow]) -> str:
    if row is None:
        return ""
    return f"{row.first_name} ({','.join(row.languages)}, {'active' if row.active else 'inactive'})"
