"""Supervisors only: staff accounts, the audit log, and replies a channel could not deliver."""
import asyncio
from typing import Optional

from aiohttp import web

from bot.channels.delivery_failures import OUTSIDE_WINDOW, RATE_LIMITED, UNDELIVERABLE, UNKNOWN_RECIPIENT
from bot.console import keys
from bot.console.access import staff, supervisor_only
from bot.console.auth import ROLES, AuthError
from bot.console.rendering import render

# The errors staff will see most (bot/channels/delivery_failures.py); what each means, and what they
# can do about it, is in texts/console.yml (failures.meaning.<code>).
FAILURE_MEANINGS = (OUTSIDE_WINDOW, UNDELIVERABLE, RATE_LIMITED, UNKNOWN_RECIPIENT)


async def audit_page(request: web.Request):
    await asyncio.to_thread(supervisor_only, request)
    return render(request, "audit.html", rows=await asyncio.to_thread(request.app[keys.AUDIT].recent))


async def staff_page(request: web.Request, error: Optional[str] = None):
    await asyncio.to_thread(supervisor_only, request)
    users = await asyncio.to_thread(request.app[keys.AUTH].users)
    return render(request, "staff.html", users=users, roles=ROLES, error=error, status=400 if error else 200)


async def staff_create(request: web.Request):
    await asyncio.to_thread(supervisor_only, request)
    form = await request.post()
    try:
        created = await asyncio.to_thread(request.app[keys.AUTH].create_user, str(form.get("username") or ""),
                                          str(form.get("display_name") or ""),
                                          str(form.get("password") or ""), str(form.get("role") or ""))
    except AuthError as error:
        return await staff_page(request, error=str(error))
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            staff(request), "staff_create", "staff", created.id, created.role)
    raise web.HTTPFound("/staff")


async def staff_active(request: web.Request):
    await asyncio.to_thread(supervisor_only, request)
    form = await request.post()
    try:
        user_id = int(request.match_info["id"])
        await asyncio.to_thread(request.app[keys.AUTH].set_active, user_id, form.get("active") == "1")
    except (ValueError, AuthError):
        raise web.HTTPNotFound() from None
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            staff(request), "staff_active", "staff", user_id, str(form.get("active")))
    raise web.HTTPFound("/staff")


async def delivery_failures_page(request: web.Request):
    """Replies the channel could not deliver, newest first: when, channel and the platform's error;
    and scheduled messages that died after their retries (bot/jobs/scheduled.py), which a supervisor
    may send again. Never her pseudonym, number or any text (neither table shows one)."""
    await asyncio.to_thread(supervisor_only, request)
    rows = await asyncio.to_thread(request.app[keys.DELIVERY_FAILURES].recent)
    dead = await asyncio.to_thread(request.app[keys.SCHEDULED].dead_letters)
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            staff(request), "view_delivery_failures", "delivery_failure", None,
                            f"{len(rows)} shown, {len(dead)} dead scheduled")
    # What each kind of scheduled message is, for staff (never its text): texts/console.yml scheduled_kind.*
    return render(request, "delivery_failures.html", rows=rows, meanings=FAILURE_MEANINGS, dead=dead)


async def requeue_scheduled(request: web.Request):
    """A supervisor sends a dead scheduled message again (audited)."""
    await asyncio.to_thread(supervisor_only, request)
    try:
        message_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    if not await asyncio.to_thread(request.app[keys.SCHEDULED].requeue, message_id):
        raise web.HTTPNotFound()
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            staff(request), "requeue_scheduled", "scheduled_message", message_id, None)
    raise web.HTTPFound("/delivery-failures")
