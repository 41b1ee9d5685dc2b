"""Who is asking, and who may use what.

Roles (bot/console/auth.py ROLES): counsellors work live handoffs, callbacks and counselling bookings;
officers (women officers of 1090) work complaints; supervisors do both and administer. routes.py
says for each URL which roles may use it (`only`); anyone else gets 403, and the refusal is audited.
"""
import asyncio
from functools import wraps

from aiohttp import web

from bot.console import keys
from bot.console.rendering import render_text
from bot.store.models import StaffUser

COUNSELLING = ("counsellor", "supervisor")   # handoff queue, cases, callbacks, bookings
COMPLAINTS = ("officer", "supervisor")       # the officers' desk: complaints
HOME = {"officer": "/complaints"}            # where a role lands after login (default: the live queue)


def staff(request: web.Request) -> StaffUser:
    """The logged-in staff member (set by middlewares.authenticate)."""
    return request["login"].user


def refuse(request: web.Request, object_type: str, object_id, action: str, reason: str) -> web.HTTPForbidden:
    """A 403 whose refusal is in the audit log; `reason` names a message in templates/refused.html."""
    request.app[keys.AUDIT].record(staff(request), "denied", object_type, object_id, action)
    return web.HTTPForbidden(text=render_text(request, "refused.html", reason=reason), content_type="text/html")


def only(roles, handler):
    """The view `handler`, for the given roles only."""
    @wraps(handler)
    async def guarded(request: web.Request):
        if staff(request).role not in roles:
            code = request.match_info.get("code")
            raise await asyncio.to_thread(refuse, request, "complaint" if code else "page", (code or request.path)[:64],
                                          f"{request.method} {request.path}"[:256], "role")
        return await handler(request)
    return guarded


def supervisor_only(request: web.Request) -> None:
    if staff(request).role != "supervisor":
        raise refuse(request, "page", request.path[:64], f"{request.method} {request.path}"[:256], "supervisor")
