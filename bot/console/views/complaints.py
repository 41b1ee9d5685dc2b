"""The officers' complaint desk: the list with its filters, and status changes."""
from aiohttp import web

from bot.complaints.categories import CATEGORIES
from bot.console import keys
from bot.console.access import staff
from bot.console.complaints import STATUSES, Filters
from bot.console.rendering import render


async def complaints_page(request: web.Request):
    filters = Filters.from_query(request.query)
    view = request.app[keys.COMPLAINTS]
    rows = view.list(filters)
    request.app[keys.AUDIT].record(staff(request), "list_complaints", "complaint", None, f"{len(rows)} shown")
    return render(request, "complaints.html", rows=rows, filters=filters, statuses=STATUSES, categories=CATEGORIES,
                  districts=view.districts())


async def complaint_status(request: web.Request):
    user = staff(request)
    code = request.match_info["code"][:16]
    form = await request.post()
    status = str(form.get("status") or "")
    if status not in STATUSES or not request.app[keys.COMPLAINTS].exists(code):
        raise web.HTTPBadRequest(text="unknown complaint or status")
    request.app[keys.COMPLAINT_SERVICE].set_status(code, status, changed_by=str(user.id))
    request.app[keys.AUDIT].record(user, "complaint_status", "complaint", code, status)
    raise web.HTTPFound(str(form.get("back") or "/complaints") if str(form.get("back") or "").startswith("/complaints")
                        else "/complaints")
