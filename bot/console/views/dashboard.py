"""The dashboard, for all staff: counts of the last 30 days as inline SVG charts, no personal data;
for supervisors also the Machinery panel (outbox backlog, scheduled messages, undelivered replies)."""
import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Optional

from aiohttp import web

from bot import settings
from bot.console import charts, district_map, keys
from bot.console.access import staff
from bot.console.dates import format_moment
from bot.console.district_counts import DEFAULT_MEASURE, DEFAULT_PERIOD, MEASURES, PERIODS
from bot.console.i18n import catalogue, language_of, text
from bot.console.rendering import render
from bot.jobs.machinery import STALE_PASSES, Machinery


def _coded(lang: str, prefix: str) -> Callable[[str], Optional[str]]:
    """A chart label for a stored code (category, trigger), None for anything else (shown as it is)."""
    def name(code: str) -> Optional[str]:
        return text(lang, f"{prefix}.{code}") if f"{prefix}.{code}" in catalogue() else None
    return name


def _day(lang: str) -> Callable[[str], Optional[str]]:
    def name(iso_day: str) -> Optional[str]:
        try:
            return format_moment(date.fromisoformat(iso_day), lang, "date")
        except ValueError:
            return None
    return name


async def dashboard_page(request: web.Request):
    lang = language_of(request)
    since = datetime.now(timezone.utc) - timedelta(days=30)
    complaints, handoffs = request.app[keys.COMPLAINTS], request.app[keys.HANDOFFS]
    wait = await asyncio.to_thread(handoffs.median_wait_seconds, since)
    empty = text(lang, "dashboard.no_data")
    unknown = _coded(lang, "category")  # "unknown" is a category key too

    def chart(counts, title_key: str, label=None, hide_small: bool = False) -> str:
        return charts.bar_chart(counts, text(lang, title_key), empty=empty, label=label or unknown,
                                hide_small=hide_small)

    charts_html = [
        chart(await asyncio.to_thread(complaints.per_day, since), "dashboard.chart.complaints_per_day",
              _day(lang)),
        chart(dict(sorted((await asyncio.to_thread(handoffs.per_day, since)).items())),
              "dashboard.chart.handoffs_per_day", _day(lang)),
        chart(await asyncio.to_thread(complaints.count_by, "category", since),
              "dashboard.chart.complaints_by_category"),
        chart(await asyncio.to_thread(complaints.count_by, "district", since),
              "dashboard.chart.complaints_by_district", hide_small=True),
        chart(await asyncio.to_thread(handoffs.count_by, "trigger", since), "dashboard.chart.handoffs_by_reason",
              _coded(lang, "trigger")),
        # Category and district of a handoff are known only when she shared the summary ("unknown" otherwise).
        chart(await asyncio.to_thread(handoffs.count_by, "category", since), "dashboard.chart.handoffs_by_category"),
        # Per district, small counts could single a woman out: "<5", as on the map.
        chart(await asyncio.to_thread(handoffs.count_by, "district", since), "dashboard.chart.handoffs_by_district",
              hide_small=True),
    ]
    follow_ups = [{**row, "month_name": _month(lang, str(row["month"]))}
                  for row in await asyncio.to_thread(request.app[keys.FEEDBACK].dashboard_counts)]
    district_map_context = await asyncio.to_thread(_district_map, request, lang)
    machinery = (await asyncio.to_thread(request.app[keys.MACHINERY].now)
                 if staff(request).role == "supervisor" else None)
    return render(request, "dashboard.html", charts=charts_html, map=district_map_context,
                  median_wait=None if wait is None else round(wait),
                  per_status=await asyncio.to_thread(complaints.per_status),
                  overdue=await asyncio.to_thread(complaints.overdue_count), overdue_hours=complaints.overdue_hours,
                  follow_ups=follow_ups, machinery=machinery and _machinery(machinery, lang))


def _month(lang: str, year_month: str) -> str:
    """"2026-12" -> "December 2026" / "दिसंबर 2026"."""
    year, _, month = year_month.partition("-")
    return f"{text(lang, 'date.month.' + month.lstrip('0'))} {year}" if month.isdigit() else year_month


def _district_map(request: web.Request, lang: str) -> dict:
    """The map's context: the chosen measure and period (defaults for anything else), the SVG, the
    table and the legend; small counts are already "<5" in all of them (bot/console/district_map.py)."""
    measure = request.query.get("map_measure", DEFAULT_MEASURE)
    measure = measure if measure in MEASURES else DEFAULT_MEASURE
    period = request.query.get("map_period", DEFAULT_PERIOD)
    period = period if period in PERIODS else DEFAULT_PERIOD
    counts = request.app[keys.DISTRICT_COUNTS].counts(measure, period)
    caption = text(lang, "map.caption", measure=text(lang, f"map.measure.{measure}"),
                   period=text(lang, f"map.period.{period}"))
    return {"measure": measure, "period": period, "measures": MEASURES, "periods": list(PERIODS),
            "caption": caption, "svg": district_map.svg(counts, lang, text(lang, "map.svg_label", caption=caption)),
            "rows": district_map.table_rows(counts, lang), "legend": district_map.legend()}


def _age(lang: str, seconds: float) -> str:
    """How long ago, readable: "45 min", "3 h 5 min", "2 days 4 h" (and in Hindi)."""
    minutes = max(0, int(seconds // 60))
    days, hours, mins = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return text(lang, "machinery.age_days", days=days, hours=hours)
    if hours:
        return text(lang, "machinery.age_hours", hours=hours, minutes=mins)
    return text(lang, "machinery.age_minutes", minutes=mins)


def _machinery(state: Machinery, lang: str) -> dict:
    """The Machinery panel's context: counts, and ages as words (times in India time)."""
    def age(moment):
        return None if moment is None else _age(lang, (state.at - moment).total_seconds())
    hosts = [{"host": h.host, "waiting": h.waiting, "oldest": age(h.oldest_at) if h.waiting else None,
              "reported": age(h.updated_at), "stale": h.stale} for h in state.outboxes]
    return {"waiting": state.outbox_waiting, "oldest": age(state.outbox_oldest_at), "hosts": hosts,
            "stale": state.stale_hosts, "pending": state.scheduled_pending, "overdue": state.scheduled_overdue,
            "dead": state.scheduled_dead, "failures": state.failures_24h,
            "overdue_minutes": int(settings.SCHEDULED_OVERDUE_MINUTES),
            "stale_minutes": int(STALE_PASSES * settings.OUTBOX_RETRY_SECONDS // 60) or 1}
