"""Who is asking, and the supervisors-only rule: a counsellor gets 403 and the denial is audited."""
from aiohttp import web

from bot.console import keys
from bot.store.models import StaffUser


def staff(request: web.Request) -> StaffUser:
    """The logged-in staff member (set by middlewares.authenticate)."""
    return request["login"].user


def supervisor_only(request: web.Request) -> None:
    if staff(request).role != "supervisor":
        request.app[keys.AUDIT].record(staff(request), "denied", "page", request.path[:64])
        raise web.HTTPForbidden(text="supervisors only")
