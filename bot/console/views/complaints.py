"""The officers' desk: the complaints list with its filters (priority first, overdue marked)."""
import asyncio
from aiohttp import web

from bot.complaints.categories import CATEGORIES
from bot.complaints.codes import find_reference_code
from bot.complaints.statuses import STATUSES
from bot.console import keys
from bot.console.access import staff
from bot.console.complaints import PAGE_SIZE, Filters
from bot.console.rendering import render
from bot.console.views.complaint_case import staff_names


async def complaints_page(request: web.Request):
    user = staff(request)
    not_found = None
    if "code" in request.query:  # she reads her code on a call: straight to her complaint
        code = find_reference_code(request.query["code"])
        if code and bool(await asyncio.to_thread(request.app[keys.COMPLAINT_SERVICE].complaint_by_code, code)):
            raise web.HTTPFound(f"/complaints/{code}")
        not_found = code or request.query["code"][:32]
    filters = Filters.from_query(request.query)
    view = request.app[keys.COMPLAINTS]
    rows = await asyncio.to_thread(view.list, filters, user.id)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "list_complaints", "complaint", None,
                            f"{len(rows)} shown" + (f"; {filters.describe()}" if filters.describe() else ""))
    names, officers = await asyncio.to_thread(staff_names, request)
    districts = await asyncio.to_thread(view.districts)
    return render(request, "complaints.html", rows=rows, filters=filters, statuses=STATUSES, categories=CATEGORIES,
                  districts=districts, officers=officers, names=names, page_size=PAGE_SIZE,
                  overdue_hours=view.overdue_hours, not_found=not_found)
