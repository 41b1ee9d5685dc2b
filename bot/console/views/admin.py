"""Supervisors only: staff accounts and the audit log."""
from typing import Optional

from aiohttp import web

from bot.console import keys
from bot.console.access import staff, supervisor_only
from bot.console.auth import ROLES, AuthError
from bot.console.rendering import render


async def audit_page(request: web.Request):
    supervisor_only(request)
    return render(request, "audit.html", rows=request.app[keys.AUDIT].recent())


async def staff_page(request: web.Request, error: Optional[str] = None):
    supervisor_only(request)
    return render(request, "staff.html", users=request.app[keys.AUTH].users(), roles=ROLES, error=error,
                  status=400 if error else 200)


async def staff_create(request: web.Request):
    supervisor_only(request)
    form = await request.post()
    try:
        created = request.app[keys.AUTH].create_user(str(form.get("username") or ""),
                                                     str(form.get("display_name") or ""),
                                                     str(form.get("password") or ""), str(form.get("role") or ""))
    except AuthError as error:
        return await staff_page(request, error=str(error))
    request.app[keys.AUDIT].record(staff(request), "staff_create", "staff", created.id, created.role)
    raise web.HTTPFound("/staff")


async def staff_active(request: web.Request):
    supervisor_only(request)
    form = await request.post()
    try:
        user_id = int(request.match_info["id"])
        request.app[keys.AUTH].set_active(user_id, form.get("active") == "1")
    except (ValueError, AuthError):
        raise web.HTTPNotFound()
    request.app[keys.AUDIT].record(staff(request), "staff_active", "staff", user_id, str(form.get("active")))
    raise web.HTTPFound("/staff")

