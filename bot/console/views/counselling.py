"""Family counselling: the bookings of a day (her callback number only on an audited POST), and
the panel of counsellors, their shifts and leave days (supervisors)."""
import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Dict, List, Optional
from urllib.parse import urlparse

from aiohttp import web

from bot.console import keys
from bot.console.access import staff, supervisor_only
from bot.console.i18n import language_of, t_request, translate_message
from bot.console.rendering import render
from bot.counselling.availability import INDIA
from bot.counselling.day_view import BookingRow
from bot.counselling.panel_admin import LANGUAGE_NAMES, WEEKDAY_NAMES, NotFound, PanelError, weekly_minutes
from bot.jobs.wording import session_link_payload


def _int_or_none(text) -> Optional[int]:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


async def bookings_page(request: web.Request):
    user = staff(request)
    today = datetime.now(timezone.utc).astimezone(INDIA).date()
    error, day = None, today
    if request.query.get("day"):
        try:
            day = date.fromisoformat(request.query["day"][:10])
        except ValueError:
            error = t_request(request, "bookings.not_a_date")
    counsellor_id = _int_or_none(request.query.get("counsellor"))
    view = request.app[keys.DAY_VIEW]
    rows = await asyncio.to_thread(view.bookings, day, counsellor_id)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "view_bookings", "booking", day.isoformat(),
                            f"{len(rows)} shown" + (f", counsellor {counsellor_id}" if counsellor_id else ""))
    per_counsellor: Dict[str, List[BookingRow]] = {}
    for row in rows:
        per_counsellor.setdefault(row.counsellor, []).append(row)
    return render(request, "bookings.html", status=400 if error else 200, error=error, day=day, today=today,
                  prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1), rows=rows,
                  per_counsellor=per_counsellor, counsellors=await asyncio.to_thread(view.counsellors),
                  counsellor_id=counsellor_id, screens=await asyncio.to_thread(view.positive_screens, day),
                  sent=_int_or_none(request.query.get("sent")))


async def booking_phone(request: web.Request):
    """Her number for a callback session: only on an explicit POST, and audited."""
    user = staff(request)
    booking_id = _int_or_none(request.match_info["id"])
    found = await asyncio.to_thread(request.app[keys.DAY_VIEW].phone_for, booking_id) if booking_id else None
    if found is None:
        raise web.HTTPNotFound(text=t_request(request, "bookings.no_phone"))
    row, phone = found
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "show_booking_phone", "booking", row.booking_code,
                            f"callback number ending {phone[-4:]}")
    return render(request, "booking_phone.html", row=row, phone=phone)


MAX_LINK_CHARS = 500


async def send_session_link(request: web.Request):
    """The counsellor sends her the session link through the scheduled-message service (sent within
    seconds by the worker, retried if Rasa is away). Only an https link; audited, without the link."""
    user = staff(request)
    booking_id = _int_or_none(request.match_info["id"])
    target = await asyncio.to_thread(request.app[keys.DAY_VIEW].link_target, booking_id) if booking_id else None
    if target is None:
        raise web.HTTPNotFound(text=t_request(request, "bookings.no_chat"))
    form = await request.post()
    link = str(form.get("link") or "").strip()
    parsed = urlparse(link)
    if parsed.scheme != "https" or not parsed.netloc or len(link) > MAX_LINK_CHARS or any(c.isspace() for c in link):
        raise web.HTTPBadRequest(text=t_request(request, "bookings.bad_link"))
    payload = session_link_payload(target.booking_code, target.chat_language,
                                   target.local_start.strftime("%d.%m.%Y"), target.local_start.strftime("%H:%M"), link)
    await asyncio.to_thread(request.app[keys.SCHEDULED].schedule, "session_link", target.channel,
                            target.conversation_id, payload, subject_type="booking", subject_id=target.booking_id)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "send_session_link", "booking", target.booking_code)
    raise web.HTTPFound(f"/bookings?day={target.local_start.date().isoformat()}&sent={target.booking_id}")


async def panel_page(request: web.Request, error: Optional[str] = None):
    await asyncio.to_thread(supervisor_only, request)
    rows = await asyncio.to_thread(request.app[keys.PANEL].list)
    if error is None:
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                staff(request), "view_panel", "counsellor", None, f"{len(rows)} shown")
    return render(request, "panel.html", status=400 if error else 200, error=error, rows=rows,
                  weekdays=WEEKDAY_NAMES, languages=LANGUAGE_NAMES, weekly_minutes=weekly_minutes)


async def _panel_change(request: web.Request, action: str, change):
    """Runs one panel edit: supervisors only, 404 for unknown ids, 400 with the reason for bad input."""
    await asyncio.to_thread(supervisor_only, request)
    form = await request.post()
    ids = {key: _int_or_none(value) for key, value in request.match_info.items()}
    if None in ids.values():
        raise web.HTTPNotFound(text=t_request(request, "panel.not_found"))
    try:
        object_id, detail = await asyncio.to_thread(change, request.app[keys.PANEL], form, **ids)
    except NotFound as error:
        raise web.HTTPNotFound(text=translate_message(language_of(request), str(error))) from None
    except PanelError as error:
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                staff(request), "panel_rejected", "counsellor", ids.get("id"), action)
        return await panel_page(request, error=str(error))
    await asyncio.to_thread(request.app[keys.AUDIT].record, staff(request), action, "counsellor", object_id, detail)
    raise web.HTTPFound("/panel")


async def panel_add_counsellor(request: web.Request):
    def change(panel, form):
        new_id = panel.create(form.get("first_name"), form.get("first_name_hi"), form.getall("languages", []))
        return new_id, ",".join(panel.get(new_id).languages)
    return await _panel_change(request, "panel_add", change)


async def panel_update_counsellor(request: web.Request):
    def change(panel, form, id):
        panel.update(id, form.getall("languages", []), form.get("active") == "1")
        row = panel.get(id)
        return id, f"languages {','.join(row.languages)}, {'active' if row.active else 'inactive'}"
    return await _panel_change(request, "panel_update", change)


async def panel_add_shift(request: web.Request):
    def change(panel, form, id):
        panel.add_shift(id, form.get("weekday"), form.get("start"), form.get("end"))
        return id, f"shift {form.get('weekday')} {form.get('start')}-{form.get('end')}"
    return await _panel_change(request, "panel_add_shift", change)


async def panel_remove_shift(request: web.Request):
    def change(panel, form, id, shift):
        panel.remove_shift(id, shift)
        return id, f"shift {shift} removed"
    return await _panel_change(request, "panel_remove_shift", change)


async def panel_add_leave(request: web.Request):
    def change(panel, form, id):
        panel.add_leave(id, form.get("day"))
        return id, f"leave {form.get('day')}"
    return await _panel_change(request, "panel_add_leave", change)


async def panel_remove_leave(request: web.Request):
    def change(panel, form, id, leave):
        panel.remove_leave(id, leave)
        return id, f"leave {leave} removed"
    return await _panel_change(request, "panel_remove_leave", change)
