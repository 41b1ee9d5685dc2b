"""The dashboard, for all staff: counts of the last 30 days as inline SVG charts, no personal data."""
import asyncio
from datetime import datetime, timedelta, timezone

from aiohttp import web

from bot.console import charts, keys
from bot.console.rendering import render


async def dashboard_page(request: web.Request):
    since = datetime.now(timezone.utc) - timedelta(days=30)
    complaints, handoffs = request.app[keys.COMPLAINTS], request.app[keys.HANDOFFS]
    wait = await asyncio.to_thread(handoffs.median_wait_seconds, since)
    charts_html = [
        charts.bar_chart(await asyncio.to_thread(complaints.per_day, since), "Complaints per day (30 days)"),
        charts.bar_chart(dict(sorted((await asyncio.to_thread(handoffs.per_day, since)).items())),
                         "Handoffs per day (30 days)"),
        charts.bar_chart(await asyncio.to_thread(complaints.count_by, "category", since), "Complaints by category"),
        charts.bar_chart(await asyncio.to_thread(complaints.count_by, "district", since), "Complaints by district"),
        charts.bar_chart(await asyncio.to_thread(handoffs.count_by, "trigger", since), "Handoffs by reason"),
        # Category and district of a handoff are known only when she shared the summary ("unknown" otherwise).
        charts.bar_chart(await asyncio.to_thread(handoffs.count_by, "category", since), "Handoffs by category"),
        charts.bar_chart(await asyncio.to_thread(handoffs.count_by, "district", since), "Handoffs by district"),
    ]
    return render(request, "dashboard.html", charts=charts_html,
                  median_wait=None if wait is None else round(wait),
                  per_status=await asyncio.to_thread(complaints.per_status),
                  overdue=await asyncio.to_thread(complaints.overdue_count), overdue_hours=complaints.overdue_hours,
                  follow_ups=await asyncio.to_thread(request.app[keys.FEEDBACK].dashboard_counts))
