"""Dates and times as staff write them, in India time: "5 Dec 2026, 14:05" / "5 दिसंबर 2026, 14:05".
Month and weekday names come from the catalogue (texts/console.yml: date.month.N, date.weekday.N)."""
from datetime import date, datetime
from typing import Optional, Union

from bot.console.i18n import text
from bot.india_time import INDIA

STYLES = ("datetime", "date", "time", "day", "short_day", "long_datetime")


def _names(lang: str, day: date):
    return (text(lang, f"date.month.{day.month}"), text(lang, f"date.month_short.{day.month}"),
            text(lang, f"date.weekday.{day.weekday()}"), text(lang, f"date.weekday_short.{day.weekday()}"))


def format_moment(moment: Optional[Union[datetime, date]], lang: str, style: str = "datetime") -> str:
    """An aware datetime (shown in India time) or a date, in one of STYLES:
    datetime "5 Dec 2026, 14:05"; date "5 Dec 2026"; time "14:05"; day "Saturday, 5 December 2026";
    short_day "Sat 5 Dec"; long_datetime "5 December 2026, 14:05"."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        local = moment.astimezone(INDIA) if moment.tzinfo else moment
        day: date = local.date()
        clock = local.strftime("%H:%M")
    else:
        day, clock = moment, ""
    month, month_short, weekday, weekday_short = _names(lang, day)
    if style == "time":
        return clock
    if style == "date":
        return f"{day.day} {month_short} {day.year}"
    if style == "day":
        return f"{weekday}, {day.day} {month} {day.year}"
    if style == "short_day":
        return f"{weekday_short} {day.day} {month_short}"
    if style == "long_datetime":
        return f"{day.day} {month} {day.year}, {clock}".rstrip(", ")
    return f"{day.day} {month_short} {day.year}, {clock}".rstrip(", ")
