"""India's time zone and today's date there.

Every day she names ("kal", "Monday", "5 December") and every session slot is India time, whatever
time zone the server runs in. Asia/Kolkata has no daylight saving.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

INDIA = ZoneInfo("Asia/Kolkata")


def today_in_india() -> date:
    return datetime.now(INDIA).date()
