"""The counsellor console (aiohttp, server-rendered HTML and a little same-origin JavaScript).

Pages: live handoff queue, case view (summary, conversation since handoff, reply, claim, transfer,
close), callback requests, complaints with filters and status changes, dashboard (counts only),
audit log and staff accounts (supervisors), counselling bookings by day and counsellor, and the
counselling panel (supervisors).
"""
import asyncio
import logging
import secrets
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

import jinja2
from aiohttp import web

from bot.complaints.categories import CATEGORIES
from bot.complaints.service import ComplaintService
from bot.console import charts
from bot.console.audit import AuditLog
from bot.console.auth import ROLES, AuthError, StaffAuth, csrf_ok
from bot.console.complaints import STATUSES, ComplaintsView, Filters
from bot.rasa_api import RasaClient, RasaError, conversation_since
from bot.console.relay import Relay
from bot.counselling.availability import INDIA
from bot.counselling.day_view import DayView
from bot.counselling.panel_admin import LANGUAGE_NAMES, WEEKDAY_NAMES, NotFound, PanelAdmin, PanelError, weekly_minutes
from bot.handoff.service import (ACTIVE, WAITING, HandoffError, HandoffService, NotAllowed, can_act, can_see,
                                 read_callback_phone, read_summary)

logger = logging.getLogger(__name__)
# String app keys are fine for this small app.
warnings.filterwarnings("ignore", category=web.NotAppKeyWarning)
HERE = Path(__file__).parent
COOKIE = "hs_console"
LOGIN_CSRF_COOKIE = "hs_login_csrf"
MAX_REPLY_CHARS = 4000
PUBLIC_PATHS = {"/login", "/health"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")

_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                                autoescape=jinja2.select_autoescape(["html"]))


def render(request: web.Request, name: str, status: int = 200, **context) -> web.Response:
    login = request.get("login")
    html = _templates.get_template(name).render(user=login.user if login else None,
                                                csrf=login.csrf_token if login else "", path=request.path, **context)
    return web.Response(text=html, content_type="text/html", status=status)


def _cookie_flags(app) -> dict:
    return dict(httponly=True, samesite="Strict", secure=app["secure_cookies"], path="/")


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


@web.middleware
async def authenticate(request: web.Request, handler):
    if request.path in PUBLIC_PATHS or request.path.startswith("/static/"):
        return await handler(request)
    login = request.app["auth"].session_for(request.cookies.get(COOKIE))
    if login is None:
        if request.path.startswith("/api/") or request.method != "GET":
            raise web.HTTPUnauthorized(text="login needed")
        raise web.HTTPFound("/login")
    request["login"] = login
    if request.method == "POST":
        given = request.headers.get("X-CSRF-Token")
        if given is None:
            form = await request.post()
            given = form.get("csrf")
        if not csrf_ok(login.csrf_token, given):
            raise web.HTTPForbidden(text="CSRF token missing or wrong")
    return await handler(request)


def _staff(request):
    return request["login"].user


def _supervisor_only(request) -> None:
    if _staff(request).role != "supervisor":
        request.app["audit"].record(_staff(request), "denied", "page", request.path[:64])
        raise web.HTTPForbidden(text="supervisors only")


# --- login ---------------------------------------------------------------------------------------
async def login_page(request: web.Request):
    # Reuse the pre-login token when the browser already has one: a second load of the page (another
    # tab, a prefetch) must not invalidate the form that is on screen.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if len(token) != 43 or not token.replace("-", "").replace("_", "").isalnum():
        token = secrets.token_urlsafe(32)
    response = render(request, "login.html", login_csrf=token, error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=1800, **_cookie_flags(request.app))
    return response


async def login_submit(request: web.Request):
    form = await request.post()
    if not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE) or "", form.get("csrf")):
        raise web.HTTPForbidden(text="CSRF token missing or wrong")
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:1024]
    try:
        # argon2 is deliberately slow: hash off the event loop so the live relay keeps flowing.
        token, login = await asyncio.get_running_loop().run_in_executor(
            None, request.app["auth"].login, username, password)
    except AuthError:
        request.app["audit"].record(None, "login_failed", "staff", None, None)
        fresh = secrets.token_urlsafe(32)
        response = render(request, "login.html", status=401, login_csrf=fresh,
                          error="Wrong username or password, or the account is locked for 15 minutes.")
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, max_age=1800, **_cookie_flags(request.app))
        return response
    request.app["audit"].record(login.user, "login", "staff", login.user.id)
    response = web.HTTPFound("/queue")
    response.set_cookie(COOKIE, token, **_cookie_flags(request.app))
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    raise response


async def logout(request: web.Request):
    request.app["auth"].logout(request.cookies.get(COOKIE))
    response = web.HTTPFound("/login")
    response.del_cookie(COOKIE, path="/")
    raise response


async def health(request):
    return web.json_response({"ok": True})


# --- queue and cases ------------------------------------------------------------------------------
def _case_row(handoff, user, staff_names) -> dict:
    return {"id": handoff.id, "status": handoff.status, "channel": handoff.channel, "language": handoff.language,
            "trigger": handoff.trigger, "urgent": bool(handoff.emergency_flag),
            "requested_at": _iso(handoff.requested_at), "claimed_by": staff_names.get(handoff.claimed_by),
            "mine": handoff.claimed_by == user.id}


def _staff_names(request) -> dict:
    return {u.id: u.display_name for u in request.app["auth"].users()}


async def queue_page(request):
    return render(request, "queue.html")


async def queue_api(request):
    user = _staff(request)
    names = _staff_names(request)
    return web.json_response({"cases": [_case_row(h, user, names) for h in request.app["handoffs"].queue(user)]})


def _visible_case(request, action: str = "view"):
    try:
        handoff_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound()
    handoff = request.app["handoffs"].get(handoff_id)
    if handoff is None:
        raise web.HTTPNotFound()
    user = _staff(request)
    if not can_see(handoff, user):
        request.app["audit"].record(user, "denied", "handoff", handoff.id, action)
        raise web.HTTPForbidden(text="This case belongs to another counsellor.")
    return handoff


async def case_page(request):
    handoff = _visible_case(request)
    user = _staff(request)
    request.app["audit"].record(user, "view_case", "handoff", handoff.id)
    summary = read_summary(handoff) if handoff.share_summary else None
    others = [u for u in request.app["auth"].users() if u.active and u.id != user.id]
    return render(request, "case.html", case=handoff, summary=summary, can_act=can_act(handoff, user),
                  others=others, claimed_by=_staff_names(request).get(handoff.claimed_by))


async def case_messages(request):
    handoff = _visible_case(request, "read_messages")
    try:
        tracker = await request.app["rasa"].tracker(handoff.conversation_id)
    except RasaError as error:
        return web.json_response({"error": "chat server unreachable", "detail": str(error)}, status=502)
    try:
        after = float(request.query.get("after", "0"))
    except ValueError:
        after = 0.0
    messages = [m for m in conversation_since(tracker, handoff.since_timestamp) if m["ts"] > after]
    fresh = request.app["handoffs"].get(handoff.id)
    return web.json_response({"messages": messages, "status": fresh.status, "urgent": bool(fresh.emergency_flag)})


async def case_claim(request):
    handoff = _visible_case(request, "claim")
    user = _staff(request)
    try:
        request.app["handoffs"].claim(handoff.id, user)
    except HandoffError:
        return _back(request, handoff.id, 409, "Another counsellor has already claimed this case.")
    request.app["audit"].record(user, "claim", "handoff", handoff.id)
    try:
        await request.app["rasa"].pause(handoff.conversation_id)  # already paused; makes sure
    except RasaError as error:
        logger.warning("claim: pause failed: %s", error)
    return _back(request, handoff.id)


async def case_reply(request):
    handoff = _visible_case(request, "reply")
    user = _staff(request)
    if not can_act(handoff, user):
        request.app["audit"].record(user, "denied", "handoff", handoff.id, "reply")
        raise web.HTTPForbidden(text="Claim the case first.")
    data = await request.post() if request.content_type != "application/json" else await request.json()
    text = str(data.get("text") or "").strip()
    if not text:
        return web.json_response({"error": "empty"}, status=400)
    if len(text) > MAX_REPLY_CHARS:
        return web.json_response({"error": "too long"}, status=413)
    try:
        await request.app["rasa"].send_counsellor_text(handoff.conversation_id, text)
    except RasaError as error:
        return web.json_response({"error": "not delivered", "detail": str(error)}, status=502)
    request.app["audit"].record(user, "reply", "handoff", handoff.id)
    return web.json_response({"ok": True})


async def case_transfer(request):
    handoff = _visible_case(request, "transfer")
    user = _staff(request)
    form = await request.post()
    try:
        target = int(form.get("to") or 0)
        request.app["handoffs"].transfer(handoff.id, user, target)
    except NotAllowed:
        request.app["audit"].record(user, "denied", "handoff", handoff.id, "transfer")
        raise web.HTTPForbidden(text="Not your case.")
    except (HandoffError, ValueError):
        return _back(request, handoff.id, 409, "This case cannot be transferred now.")
    request.app["audit"].record(user, "transfer", "handoff", handoff.id, f"to staff {target}")
    raise web.HTTPFound("/queue")


async def case_close(request):
    handoff = _visible_case(request, "close")
    user = _staff(request)
    if not can_act(handoff, user) or handoff.status not in (WAITING, ACTIVE):
        request.app["audit"].record(user, "denied", "handoff", handoff.id, "close")
        raise web.HTTPForbidden(text="Not your case, or already closed.")
    rasa, closing = request.app["rasa"], request.app["relay"].closing
    closing.add(handoff.id)  # the relay must not pause her again in between
    try:
        # Resume first: if Rasa is unreachable the case stays open rather than leaving her unanswered.
        await rasa.resume(handoff.conversation_id)
        await rasa.execute(handoff.conversation_id, "utter_handoff_closed")
    except RasaError as error:
        closing.discard(handoff.id)
        return _back(request, handoff.id, 502, f"The chat server did not answer ({error}); try again.")
    try:
        request.app["handoffs"].close(handoff.id, user)
    except (HandoffError, NotAllowed):
        pass
    finally:
        closing.discard(handoff.id)
    request.app["audit"].record(user, "close", "handoff", handoff.id)
    raise web.HTTPFound("/queue")


def _back(request, handoff_id: int, status: int = None, error: str = None):
    if status is None:
        raise web.HTTPFound(f"/cases/{handoff_id}")
    return web.Response(status=status, text=error)


async def callbacks_page(request):
    user = _staff(request)
    rows = request.app["handoffs"].callbacks()
    request.app["audit"].record(user, "view_callbacks", "handoff", None, f"{len(rows)} shown")
    return render(request, "callbacks.html", rows=[(h, read_callback_phone(h)) for h in rows])


async def callback_done(request):
    user = _staff(request)
    try:
        handoff_id = int(request.match_info["id"])
        request.app["handoffs"].close_callback(handoff_id, user)
    except (ValueError, HandoffError):
        raise web.HTTPNotFound()
    request.app["audit"].record(user, "callback_done", "handoff", handoff_id)
    raise web.HTTPFound("/callbacks")


# --- complaints -------------------------------------------------------------------------------------
async def complaints_page(request):
    filters = Filters.from_query(request.query)
    view = request.app["complaints"]
    rows = view.list(filters)
    request.app["audit"].record(_staff(request), "list_complaints", "complaint", None, f"{len(rows)} shown")
    return render(request, "complaints.html", rows=rows, filters=filters, statuses=STATUSES, categories=CATEGORIES,
                  districts=view.districts())


async def complaint_status(request):
    user = _staff(request)
    code = request.match_info["code"][:16]
    form = await request.post()
    status = str(form.get("status") or "")
    if status not in STATUSES or not request.app["complaints"].exists(code):
        raise web.HTTPBadRequest(text="unknown complaint or status")
    request.app["complaint_service"].set_status(code, status, changed_by=str(user.id))
    request.app["audit"].record(user, "complaint_status", "complaint", code, status)
    raise web.HTTPFound(str(form.get("back") or "/complaints") if str(form.get("back") or "").startswith("/complaints")
                        else "/complaints")


# --- dashboard, audit, staff, bookings ----------------------------------------------------------------
async def dashboard_page(request):
    since = datetime.now(timezone.utc) - timedelta(days=30)
    complaints, handoffs = request.app["complaints"], request.app["handoffs"]
    wait = handoffs.median_wait_seconds(since)
    charts_html = [
        charts.bar_chart(complaints.per_day(since), "Complaints per day (30 days)"),
        charts.bar_chart(dict(sorted(handoffs.per_day(since).items())), "Handoffs per day (30 days)"),
        charts.bar_chart(complaints.count_by("category", since), "Complaints by category"),
        charts.bar_chart(complaints.count_by("district", since), "Complaints by district"),
        charts.bar_chart(handoffs.count_by("trigger", since), "Handoffs by reason"),
        # Category and district of a handoff are known only when she shared the summary ("unknown" otherwise).
        charts.bar_chart(handoffs.count_by("category", since), "Handoffs by category"),
        charts.bar_chart(handoffs.count_by("district", since), "Handoffs by district"),
    ]
    return render(request, "dashboard.html", charts=charts_html,
                  median_wait=None if wait is None else round(wait))


async def audit_page(request):
    _supervisor_only(request)
    return render(request, "audit.html", rows=request.app["audit"].recent())


async def staff_page(request, error: Optional[str] = None):
    _supervisor_only(request)
    return render(request, "staff.html", users=request.app["auth"].users(), roles=ROLES, error=error,
                  status=400 if error else 200)


async def staff_create(request):
    _supervisor_only(request)
    form = await request.post()
    try:
        created = request.app["auth"].create_user(str(form.get("username") or ""), str(form.get("display_name") or ""),
                                                  str(form.get("password") or ""), str(form.get("role") or ""))
    except AuthError as error:
        return await staff_page(request, error=str(error))
    request.app["audit"].record(_staff(request), "staff_create", "staff", created.id, created.role)
    raise web.HTTPFound("/staff")


async def staff_active(request):
    _supervisor_only(request)
    form = await request.post()
    try:
        user_id = int(request.match_info["id"])
        request.app["auth"].set_active(user_id, form.get("active") == "1")
    except (ValueError, AuthError):
        raise web.HTTPNotFound()
    request.app["audit"].record(_staff(request), "staff_active", "staff", user_id, str(form.get("active")))
    raise web.HTTPFound("/staff")


# --- counselling: bookings of a day, the panel ----------------------------------------------------------
def _int_or_none(text) -> Optional[int]:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


async def bookings_page(request):
    user = _staff(request)
    today = datetime.now(timezone.utc).astimezone(INDIA).date()
    error, day = None, today
    if request.query.get("day"):
        try:
            day = date.fromisoformat(request.query["day"][:10])
        except ValueError:
            error = "That is not a date; showing today."
    counsellor_id = _int_or_none(request.query.get("counsellor"))
    view = request.app["day_view"]
    rows = view.bookings(day, counsellor_id)
    request.app["audit"].record(user, "view_bookings", "booking", day.isoformat(),
                                f"{len(rows)} shown" + (f", counsellor {counsellor_id}" if counsellor_id else ""))
    per_counsellor = {}
    for row in rows:
        per_counsellor.setdefault(row.counsellor, []).append(row)
    return render(request, "bookings.html", status=400 if error else 200, error=error, day=day, today=today,
                  prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1), rows=rows,
                  per_counsellor=per_counsellor, counsellors=view.counsellors(), counsellor_id=counsellor_id,
                  screens=view.positive_screens(day))


async def booking_phone(request):
    """Her number for a callback session: only on an explicit POST, and audited."""
    user = _staff(request)
    booking_id = _int_or_none(request.match_info["id"])
    found = request.app["day_view"].phone_for(booking_id) if booking_id else None
    if found is None:
        raise web.HTTPNotFound(text="No callback number for this booking.")
    row, phone = found
    request.app["audit"].record(user, "show_booking_phone", "booking", row.booking_code)
    return render(request, "booking_phone.html", row=row, phone=phone)


async def panel_page(request, error: Optional[str] = None):
    _supervisor_only(request)
    rows = request.app["panel"].list()
    if error is None:
        request.app["audit"].record(_staff(request), "view_panel", "counsellor", None, f"{len(rows)} shown")
    return render(request, "panel.html", status=400 if error else 200, error=error, rows=rows,
                  weekdays=WEEKDAY_NAMES, languages=LANGUAGE_NAMES, weekly_minutes=weekly_minutes)


async def _panel_change(request, action: str, change):
    """Runs one panel edit: supervisors only, 404 for unknown ids, 400 with the reason for bad input."""
    _supervisor_only(request)
    form = await request.post()
    ids = {key: _int_or_none(value) for key, value in request.match_info.items()}
    if None in ids.values():
        raise web.HTTPNotFound(text="No such counsellor, shift or leave day.")
    try:
        object_id, detail = change(request.app["panel"], form, **ids)
    except NotFound as error:
        raise web.HTTPNotFound(text=str(error))
    except PanelError as error:
        request.app["audit"].record(_staff(request), "panel_rejected", "counsellor", ids.get("id"), action)
        return await panel_page(request, error=str(error))
    request.app["audit"].record(_staff(request), action, "counsellor", object_id, detail)
    raise web.HTTPFound("/panel")


async def panel_add_counsellor(request):
    def change(panel, form):
        new_id = panel.create(form.get("first_name"), form.get("first_name_hi"), form.getall("languages", []))
        return new_id, ",".join(panel.get(new_id).languages)
    return await _panel_change(request, "panel_add", change)


async def panel_update_counsellor(request):
    def change(panel, form, id):
        panel.update(id, form.getall("languages", []), form.get("active") == "1")
        row = panel.get(id)
        return id, f"languages {','.join(row.languages)}, {'active' if row.active else 'inactive'}"
    return await _panel_change(request, "panel_update", change)


async def panel_add_shift(request):
    def change(panel, form, id):
        panel.add_shift(id, form.get("weekday"), form.get("start"), form.get("end"))
        return id, f"shift {form.get('weekday')} {form.get('start')}-{form.get('end')}"
    return await _panel_change(request, "panel_add_shift", change)


async def panel_remove_shift(request):
    def change(panel, form, id, shift):
        panel.remove_shift(id, shift)
        return id, f"shift {shift} removed"
    return await _panel_change(request, "panel_remove_shift", change)


async def panel_add_leave(request):
    def change(panel, form, id):
        panel.add_leave(id, form.get("day"))
        return id, f"leave {form.get('day')}"
    return await _panel_change(request, "panel_add_leave", change)


async def panel_remove_leave(request):
    def change(panel, form, id, leave):
        panel.remove_leave(id, leave)
        return id, f"leave {leave} removed"
    return await _panel_change(request, "panel_remove_leave", change)


async def index(request):
    raise web.HTTPFound("/queue")


# --- the app ---------------------------------------------------------------------------------------------
def make_app(rasa: RasaClient, database_url: str = None, notifier=None, secure_cookies: bool = False,
             relay_interval: Optional[float] = 0.5) -> web.Application:
    app = web.Application(middlewares=[security_headers, authenticate], client_max_size=64 * 1024)
    app["rasa"] = rasa
    app["auth"] = StaffAuth(database_url)
    app["audit"] = AuditLog(database_url)
    app["handoffs"] = HandoffService(database_url)
    app["complaints"] = ComplaintsView(database_url)
    app["complaint_service"] = ComplaintService(url=database_url)
    app["day_view"] = DayView(database_url)
    app["panel"] = PanelAdmin(database_url)
    app["secure_cookies"] = secure_cookies
    app["relay"] = Relay(app["handoffs"], rasa, notifier, app["audit"])
    app.router.add_get("/", index)
    app.router.add_get("/health", health)
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login_submit)
    app.router.add_post("/logout", logout)
    app.router.add_get("/queue", queue_page)
    app.router.add_get("/api/queue", queue_api)
    app.router.add_get("/cases/{id}", case_page)
    app.router.add_get("/api/cases/{id}/messages", case_messages)
    app.router.add_post("/cases/{id}/claim", case_claim)
    app.router.add_post("/cases/{id}/reply", case_reply)
    app.router.add_post("/cases/{id}/transfer", case_transfer)
    app.router.add_post("/cases/{id}/close", case_close)
    app.router.add_get("/callbacks", callbacks_page)
    app.router.add_post("/callbacks/{id}/done", callback_done)
    app.router.add_get("/complaints", complaints_page)
    app.router.add_post("/complaints/{code}/status", complaint_status)
    app.router.add_get("/dashboard", dashboard_page)
    app.router.add_get("/audit", audit_page)
    app.router.add_get("/staff", staff_page)
    app.router.add_post("/staff", staff_create)
    app.router.add_post("/staff/{id}/active", staff_active)
    app.router.add_get("/bookings", bookings_page)
    app.router.add_post("/bookings/{id}/phone", booking_phone)
    app.router.add_get("/panel", panel_page)
    app.router.add_post("/panel", panel_add_counsellor)
    app.router.add_post("/panel/{id}", panel_update_counsellor)
    app.router.add_post("/panel/{id}/shifts", panel_add_shift)
    app.router.add_post("/panel/{id}/shifts/{shift}/delete", panel_remove_shift)
    app.router.add_post("/panel/{id}/leave", panel_add_leave)
    app.router.add_post("/panel/{id}/leave/{leave}/delete", panel_remove_leave)
    app.router.add_static("/static/", HERE / "static")

    if relay_interval:
        async def start_relay(app):
            app["relay_task"] = asyncio.get_running_loop().create_task(app["relay"].run_forever(relay_interval))

        async def stop_relay(app):
            app["relay_task"].cancel()
            await rasa.close()
        app.on_startup.append(start_relay)
        app.on_cleanup.append(stop_relay)
    return app


def _iso(moment: Optional[datetime]) -> Optional[str]:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")
