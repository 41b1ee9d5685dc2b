"""The live handoff queue, one case (conversation, reply, claim, transfer, close) and callbacks
(taken by one counsellor; her number shown to that counsellor or a supervisor only on a POST)."""
import asyncio
import logging
from datetime import datetime
from typing import Optional

from aiohttp import web

from bot.console import keys
from bot.console.access import COUNSELLING, HOME, refuse, staff
from bot.console.dates import format_moment
from bot.console.i18n import language_of, t_request
from bot.console.rendering import render
from bot.handoff.service import (ACTIVE, CALLBACK, WAITING, HandoffError, NotAllowed, can_act, can_see,
                                 conversation_id_of, handoff_window, may_call_back, read_callback_phone,
                                 read_summary)
from bot.jobs.delivery import events_for
from bot.jobs.scheduled import Message
from bot.jobs.wording import counsellor_joined_payload
from bot.rasa_api import RasaError, conversation_since

logger = logging.getLogger(__name__)
MAX_REPLY_CHARS = 4000


async def index(request: web.Request):
    raise web.HTTPFound(HOME.get(staff(request).role, "/queue"))


def _case_row(handoff, user, staff_names, lang: str) -> dict:
    return {"id": handoff.id, "status": handoff.status, "channel": handoff.channel, "language": handoff.language,
            "trigger": handoff.trigger, "urgent": bool(handoff.emergency_flag),
            "requested_at": _iso(handoff.requested_at), "claimed_by": staff_names.get(handoff.claimed_by),
            "waiting_since": format_moment(handoff.requested_at, lang),  # as staff write it, India time
            "mine": handoff.claimed_by == user.id}


def _staff_names(request) -> dict:
    return {u.id: u.display_name for u in request.app[keys.AUTH].users()}


async def queue_page(request: web.Request):
    return render(request, "queue.html")


async def queue_api(request: web.Request):
    user = staff(request)
    names = await asyncio.to_thread(_staff_names, request)
    queue = await asyncio.to_thread(request.app[keys.HANDOFFS].queue, user)
    lang = language_of(request)
    return web.json_response({"cases": [_case_row(h, user, names, lang) for h in queue]})


def _visible_case(request, action: str = "view"):
    try:
        handoff_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    handoff = request.app[keys.HANDOFFS].get(handoff_id)
    if handoff is None:
        raise web.HTTPNotFound()
    user = staff(request)
    if not can_see(handoff, user):
        request.app[keys.AUDIT].record(user, "denied", "handoff", handoff.id, action)
        raise web.HTTPForbidden(text=t_request(request, "case.not_visible"))
    return handoff


async def case_page(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request)
    user = staff(request)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "view_case", "handoff", handoff.id)
    summary = read_summary(handoff) if handoff.share_summary else None
    users = await asyncio.to_thread(request.app[keys.AUTH].users)
    others = [u for u in users if u.active and u.id != user.id and u.role in COUNSELLING]
    return render(request, "case.html", case=handoff, summary=summary, can_act=can_act(handoff, user),
                  others=others, claimed_by=(await asyncio.to_thread(_staff_names, request)).get(handoff.claimed_by))


async def case_messages(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request, "read_messages")
    try:
        tracker = await request.app[keys.RASA].tracker(conversation_id_of(handoff))
    except RasaError as error:
        return web.json_response({"error": "chat server unreachable", "detail": str(error)}, status=502)
    try:
        after = float(request.query.get("after", "0"))
    except ValueError:
        after = 0.0
    # Read again after the tracker: a close or transfer that finished meanwhile narrows what she may see.
    fresh = await asyncio.to_thread(request.app[keys.HANDOFFS].get, handoff.id)
    if fresh is None:  # handoffs are never deleted; kept as the same 404 _visible_case gives
        raise web.HTTPNotFound()
    user = staff(request)
    if not can_see(fresh, user):
        await asyncio.to_thread(request.app[keys.AUDIT].record, user, "denied", "handoff", handoff.id, "read_messages")
        raise web.HTTPForbidden(text=t_request(request, "case.not_visible"))
    since, until = handoff_window(fresh)
    messages = [m for m in conversation_since(tracker, since, until) if m["ts"] > after]
    if messages:  # the page polls every few seconds; a poll that shows nothing new reads nothing
        await asyncio.to_thread(request.app[keys.AUDIT].record, user, "read_messages", "handoff", handoff.id,
                                f"{len(messages)} messages up to {messages[-1]['ts']:.3f}")
    return web.json_response({"messages": messages, "status": fresh.status, "urgent": bool(fresh.emergency_flag)})


async def case_claim(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request, "claim")
    user = staff(request)
    try:
        await asyncio.to_thread(request.app[keys.HANDOFFS].claim, handoff.id, user)
    except HandoffError:
        return _back(request, handoff.id, 409, t_request(request, "case.claimed_already"))
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "claim", "handoff", handoff.id)
    try:
        await request.app[keys.RASA].pause(conversation_id_of(handoff))  # already paused; makes sure
    except RasaError as error:
        logger.warning("claim: pause failed: %s", error)
    await _tell_her_a_person_joined(request, handoff)
    return _back(request, handoff.id)


async def _tell_her_a_person_joined(request: web.Request, handoff) -> None:
    """She is told at once, in her language, that a person has joined (before, the bot was silent
    until the counsellor typed). Through Rasa now; if Rasa cannot take it, the scheduled-message
    service retries it (bot/jobs/)."""
    payload = counsellor_joined_payload(handoff.language)
    message = Message(id=0, kind="counsellor_joined", channel=handoff.channel,
                      conversation_id=conversation_id_of(handoff), payload=payload, attempts=1, claim_token="")
    try:
        await request.app[keys.RASA].append_events(message.conversation_id, events_for(message), to_channel=True)
    except RasaError as error:
        logger.warning("claim: 'a counsellor has joined' goes through the scheduler (%s)", error)
        await asyncio.to_thread(request.app[keys.SCHEDULED].schedule, "counsellor_joined", handoff.channel,
                                message.conversation_id, payload, subject_type="handoff", subject_id=handoff.id)


async def case_reply(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request, "reply")
    user = staff(request)
    if not can_act(handoff, user):
        await asyncio.to_thread(request.app[keys.AUDIT].record, user, "denied", "handoff", handoff.id, "reply")
        raise web.HTTPForbidden(text=t_request(request, "case.claim_first"))
    data = await request.post() if request.content_type != "application/json" else await request.json()
    text = str(data.get("text") or "").strip()
    if not text:
        return web.json_response({"error": "empty"}, status=400)
    if len(text) > MAX_REPLY_CHARS:
        return web.json_response({"error": "too long"}, status=413)
    try:
        await request.app[keys.RASA].send_counsellor_text(conversation_id_of(handoff), text)
    except RasaError as error:
        return web.json_response({"error": "not delivered", "detail": str(error)}, status=502)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "reply", "handoff", handoff.id)
    return web.json_response({"ok": True})


async def case_transfer(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request, "transfer")
    user = staff(request)
    form = await request.post()
    try:
        to = form.get("to")  # a str, or a file upload in a forged multipart form: no such colleague
        target = int(to) if isinstance(to, str) and to else 0
        await asyncio.to_thread(request.app[keys.HANDOFFS].transfer, handoff.id, user, target)
    except NotAllowed:
        await asyncio.to_thread(request.app[keys.AUDIT].record, user, "denied", "handoff", handoff.id, "transfer")
        raise web.HTTPForbidden(text=t_request(request, "case.not_yours")) from None
    except (HandoffError, ValueError):
        return _back(request, handoff.id, 409, t_request(request, "case.cannot_transfer"))
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            user, "transfer", "handoff", handoff.id, f"to staff {target}")
    raise web.HTTPFound("/queue")


async def case_close(request: web.Request):
    handoff = await asyncio.to_thread(_visible_case, request, "close")
    user = staff(request)
    if not can_act(handoff, user) or handoff.status not in (WAITING, ACTIVE):
        await asyncio.to_thread(request.app[keys.AUDIT].record, user, "denied", "handoff", handoff.id, "close")
        raise web.HTTPForbidden(text=t_request(request, "case.not_yours_or_closed"))
    rasa, handoffs = request.app[keys.RASA], request.app[keys.HANDOFFS]
    # The relay (in the job worker) must not pause her again in between.
    await asyncio.to_thread(handoffs.mark_closing, handoff.id)
    try:
        # Resume first: if Rasa is unreachable the case stays open rather than leaving her unanswered.
        await rasa.resume(conversation_id_of(handoff))
        await rasa.execute(conversation_id_of(handoff), "utter_handoff_closed")
    except RasaError as error:
        await asyncio.to_thread(handoffs.mark_closing, handoff.id, False)
        return _back(request, handoff.id, 502, t_request(request, "case.chat_server_down", error=error))
    try:
        await asyncio.to_thread(handoffs.close, handoff.id, user)
    except (HandoffError, NotAllowed):
        pass
    finally:
        await asyncio.to_thread(handoffs.mark_closing, handoff.id, False)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "close", "handoff", handoff.id)
    raise web.HTTPFound("/queue")


def _back(request, handoff_id: int, status: Optional[int] = None, error: Optional[str] = None):
    if status is None:
        raise web.HTTPFound(f"/cases/{handoff_id}")
    return web.Response(status=status, text=error)


async def callbacks_page(request: web.Request):
    """Callback requests without their numbers: a number is shown one at a time, on a POST."""
    user = staff(request)
    rows = await asyncio.to_thread(request.app[keys.HANDOFFS].callbacks)
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            user, "view_callbacks", "handoff", None, f"{len(rows)} listed, no numbers")
    return render(request, "callbacks.html", rows=rows, names=await asyncio.to_thread(_staff_names, request),
                  may_call=[may_call_back(h, user) for h in rows])


def _callback(request: web.Request):
    try:
        handoff = request.app[keys.HANDOFFS].get(int(request.match_info["id"]))
    except ValueError:
        raise web.HTTPNotFound() from None
    if handoff is None or handoff.status != CALLBACK:
        raise web.HTTPNotFound(text=t_request(request, "callbacks.not_found"))
    return handoff


async def callback_take(request: web.Request):
    user = staff(request)
    handoff = await asyncio.to_thread(_callback, request)
    try:
        await asyncio.to_thread(request.app[keys.HANDOFFS].take_callback, handoff.id, user)
    except NotAllowed:
        raise await asyncio.to_thread(refuse, request, "handoff", handoff.id, "take_callback", "callback") from None
    except HandoffError:
        raise web.HTTPNotFound(text=t_request(request, "callbacks.not_found")) from None
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "callback_take", "handoff", handoff.id)
    raise web.HTTPFound("/callbacks")


async def callback_phone(request: web.Request):
    """Her number: one request at a time, on this POST, for the counsellor who took it or a
    supervisor; the audit log says which case and the number's last digits (never the whole number)."""
    user = staff(request)
    handoff = await asyncio.to_thread(_callback, request)
    if not may_call_back(handoff, user):
        raise await asyncio.to_thread(refuse, request, "handoff", handoff.id, "reveal_callback_phone", "callback")
    phone = read_callback_phone(handoff)
    if not phone:
        raise web.HTTPNotFound(text=t_request(request, "callbacks.no_number"))
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "reveal_phone", "handoff", handoff.id,
                                   f"callback number ending {phone[-4:]}")
    return render(request, "callback_phone.html", case=handoff, phone=phone)


async def callback_done(request: web.Request):
    user = staff(request)
    try:
        handoff_id = int(request.match_info["id"])
        await asyncio.to_thread(request.app[keys.HANDOFFS].close_callback, handoff_id, user)
    except NotAllowed:
        raise await asyncio.to_thread(refuse, request, "handoff", request.match_info["id"], "callback_done",
                                      "callback") from None
    except (ValueError, HandoffError):
        raise web.HTTPNotFound() from None
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "callback_done", "handoff", handoff_id)
    raise web.HTTPFound("/callbacks")


def _iso(moment: Optional[datetime]) -> Optional[str]:
    if moment is None:
        return None
    return moment.isoformat(timespec="seconds")  # UtcDateTime columns are always aware
