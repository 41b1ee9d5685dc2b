"""The demo counselling panel and loading it into the database (supervisors edit it later in the
console). First names only: that is all a user ever sees of a counsellor."""
from datetime import date, timedelta
from typing import List, Optional, Sequence, Tuple

from sqlalchemy import func, select

from bot.store.db import session_factory
from bot.store.models import Counsellor, CounsellorHours, CounsellorLeave

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = (MON, TUE, WED, THU, FRI)


def _hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# (first name, in Devanagari, languages, [(weekdays, start, end)], leave in days from today)
DEMO_PANEL: List[Tuple[str, str, str, List[Tuple[Tuple[int, ...], str, str]], List[int]]] = [
    ("Sunita", "सुनीता", "hi", [(WEEKDAYS, "10:00", "13:00"), ((SAT,), "10:00", "12:15")], [3]),
    ("Priya", "प्रिया", "hi,en", [(WEEKDAYS, "14:00", "18:30")], []),
    ("Rekha", "रेखा", "hi", [((MON, WED, FRI), "17:00", "21:30"), ((SUN,), "11:00", "14:00")], [1]),
    ("Anjali", "अंजलि", "hi,en", [((TUE, THU, SAT), "09:30", "12:30"), ((TUE, THU), "19:00", "21:15")], []),
    ("Farah", "फ़राह", "hi,en", [((SAT, SUN), "15:00", "19:30")], [5]),
    # A night shift that runs past midnight (for women who can only talk when the house sleeps).
    ("Meena", "मीना", "hi", [((MON, TUE, WED, THU, FRI, SAT), "21:00", "00:45")], []),
]


def seed_demo_panel(url: Optional[str] = None, today: Optional[date] = None, only_if_empty: bool = True) -> int:
    """Adds the demo panel; with `only_if_empty`, does nothing when any counsellor exists."""
    today = today or date.today()
    with session_factory(url)() as session, session.begin():
        if only_if_empty and session.execute(select(func.count(Counsellor.id))).scalar_one():
            return 0
        for name, name_hi, languages, shifts, leave in DEMO_PANEL:
            counsellor = Counsellor(first_name=name, first_name_hi=name_hi, languages=languages, active=True)
            for weekdays, start, end in shifts:
                for weekday in weekdays:
                    counsellor.hours.append(CounsellorHours(weekday=weekday, start_minute=_hm(start),
                                                            end_minute=_hm(end)))
            for days in leave:
                counsellor.leave_days.append(CounsellorLeave(day=today + timedelta(days=days)))
            session.add(counsellor)
        return len(DEMO_PANEL)


def add_counsellor(url: Optional[str], first_name: str, first_name_hi: str, languages: str,
                   shifts: Sequence[Tuple[int, str, str]], leave: Sequence[date] = ()) -> int:
    """One counsellor with shifts [(weekday, "HH:MM", "HH:MM")] (tests, console)."""
    with session_factory(url)() as session, session.begin():
        counsellor = Counsellor(first_name=first_name, first_name_hi=first_name_hi, languages=languages, active=True)
        for weekday, start, end in shifts:
            counsellor.hours.append(CounsellorHours(weekday=weekday, start_minute=_hm(start), end_minute=_hm(end)))
        for day in leave:
            counsellor.leave_days.append(CounsellorLeave(day=day))
        session.add(counsellor)
        session.flush()
        return counsellor.id
