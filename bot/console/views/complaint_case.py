"""One complaint on the officers' desk: the case page (her words decrypted for this view only),
her callback number (only on an audited POST), evidence downloads, assignment, status changes with
a reason, private notes, the priority flag and the printable page for a police station.

Every view, download, reveal and change is written to the audit log with what it was. Working on a
case (number, status, priority) is for the officer it is assigned to, or a supervisor; reading it
and adding a note is for every officer.
"""
import asyncio
import logging
import re
from typing import Dict, List, Optional, Tuple

from aiohttp import web

from bot.complaints.casework import ASSIGNABLE_ROLES, CaseFile, CaseWorkError
from bot.complaints.service import MAX_REASON_CHARS
from bot.complaints.statuses import STATUSES, is_overdue
from bot.console import keys
from bot.console.access import refuse, staff
from bot.console.file_types import sniff
from bot.console.i18n import t_request
from bot.console.rendering import render
from bot.store.models import StaffUser

logger = logging.getLogger(__name__)
_CODE = re.compile(r"HS-[2-9A-Z]{4}-[2-9A-Z]{4}")


def staff_names(request: web.Request) -> Tuple[Dict[int, str], List[StaffUser]]:
    """Display names by staff id, and the active officers and supervisors (who can be given a case)."""
    users = request.app[keys.AUTH].users()
    return ({u.id: u.display_name for u in users},
            [u for u in users if u.active and u.role in ASSIGNABLE_ROLES])


def _code(request: web.Request) -> str:
    code = request.match_info["code"]
    if not _CODE.fullmatch(code):
        raise web.HTTPNotFound(text=t_request(request, "complaint.not_found"))
    return code


def _case(request: web.Request) -> CaseFile:
    case = request.app[keys.CASEWORK].case_file(_code(request))
    if case is None:
        raise web.HTTPNotFound(text=t_request(request, "complaint.not_found"))
    return case


def _may_work(user: StaffUser, case: CaseFile) -> bool:
    """The number, status changes and the priority flag: the assigned officer, or a supervisor."""
    return user.role == "supervisor" or (case.assigned_to is not None and case.assigned_to == user.id)


def _require_work(request: web.Request, case: CaseFile, action: str) -> StaffUser:
    user = staff(request)
    if not _may_work(user, case):
        raise refuse(request, "complaint", case.reference_code, action, "not_assigned")
    return user


def _back(case: CaseFile) -> web.HTTPFound:
    return web.HTTPFound(f"/complaints/{case.reference_code}")


async def complaint_page(request: web.Request, error: Optional[str] = None, status: int = 200,
                         case: Optional[CaseFile] = None):
    user = staff(request)
    if case is None:
        case = await asyncio.to_thread(_case, request)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "view_complaint", "complaint", case.reference_code,
                            "narrative shown" + (f"; after refusing a change: {error}" if error else ""))
    view = request.app[keys.COMPLAINTS]
    now = view.clock()
    names, officers = await asyncio.to_thread(staff_names, request)
    return render(request, "complaint.html", status=status, case=case, names=names, officers=officers,
                  statuses=STATUSES, error=error, may_work=_may_work(user, case),
                  age_hours=int((now - case.created_at).total_seconds() // 3600),
                  overdue=is_overdue(case.status, case.created_at, now, view.overdue_hours),
                  overdue_hours=view.overdue_hours, max_reason=MAX_REASON_CHARS)


async def reveal_phone(request: web.Request):
    """Her callback number: only on this POST, only for the assigned officer or a supervisor, audited."""
    case = await asyncio.to_thread(_case, request)
    user = await asyncio.to_thread(_require_work, request, case, "reveal_phone")
    found = await asyncio.to_thread(request.app[keys.CASEWORK].callback_number, case.reference_code)
    if found is None:
        raise web.HTTPNotFound(text=t_request(request, "complaint.no_callback_number"))
    phone, safe_times = found
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "reveal_phone", "complaint", case.reference_code,
                            f"callback number ending {phone[-4:]} and safe times revealed")
    return render(request, "complaint_phone.html", case=case, phone=phone, safe_times=safe_times)


async def assign(request: web.Request):
    """An officer takes an unassigned case (or gives back her own); a supervisor assigns anyone."""
    case = await asyncio.to_thread(_case, request)
    user = staff(request)
    form = await request.post()
    wanted = str(form.get("to") or "").strip()
    target = user.id if wanted == "me" else (int(wanted) if wanted.isdigit() and len(wanted) < 10 else None)
    if user.role != "supervisor":
        taking = target == user.id and case.assigned_to in (None, user.id)
        giving_back = target is None and case.assigned_to == user.id
        if not (taking or giving_back):
            raise await asyncio.to_thread(refuse, request, "complaint", case.reference_code, "assign", "assign")
    try:
        before = await asyncio.to_thread(request.app[keys.CASEWORK].assign, case.reference_code, target)
    except CaseWorkError:
        return await complaint_page(request, "not_an_officer", 400, case)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "complaint_assign", "complaint", case.reference_code,
                            f"from {before or 'nobody'} to {target or 'nobody'}")
    raise _back(case)


async def change_status(request: web.Request):
    """A status change needs a reason (kept encrypted in the status history). Through the one
    ComplaintService.set_status, so whatever hooks onto status changes sees this one too."""
    case = await asyncio.to_thread(_case, request)
    user = await asyncio.to_thread(_require_work, request, case, "status")
    form = await request.post()
    status, reason = str(form.get("status") or ""), str(form.get("reason") or "").strip()
    if status not in STATUSES:
        return await complaint_page(request, "unknown_status", 400, case)
    if not reason:
        return await complaint_page(request, "reason_missing", 400, case)
    if len(reason) > MAX_REASON_CHARS:
        return await complaint_page(request, "reason_too_long", 400, case)
    changed = await asyncio.to_thread(request.app[keys.COMPLAINT_SERVICE].set_status,
                                      case.reference_code, status, changed_by=str(user.id),
                                      reason=reason)
    if not changed:
        return await complaint_page(request, "same_status", 409, case)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "complaint_status", "complaint", case.reference_code,
                            f"{case.status} -> {status}")
    raise _back(case)


async def add_note(request: web.Request):
    case = await asyncio.to_thread(_case, request)
    user = staff(request)
    form = await request.post()
    try:
        note_id = await asyncio.to_thread(request.app[keys.CASEWORK].add_note,
                                          case.reference_code, user.id, str(form.get("text") or ""))
    except CaseWorkError as error:
        return await complaint_page(request, "note_too_long" if "long" in str(error) else "note_empty", 400, case)
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            user, "complaint_note", "complaint", case.reference_code, f"note {note_id} added")
    raise _back(case)


async def clear_priority(request: web.Request):
    case = await asyncio.to_thread(_case, request)
    user = await asyncio.to_thread(_require_work, request, case, "priority")
    if await asyncio.to_thread(request.app[keys.CASEWORK].clear_priority, case.reference_code):
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                user, "complaint_priority", "complaint", case.reference_code, "priority cleared")
    raise _back(case)


async def evidence_download(request: web.Request):
    """An evidence file of THIS complaint, decrypted on the fly, as an attachment; audited."""
    user = staff(request)
    code = _code(request)
    evidence = request.match_info["evidence"]
    found = (await asyncio.to_thread(request.app[keys.CASEWORK].evidence_file, code, int(evidence))
             if evidence.isdigit() and len(evidence) < 10 else None)
    if found is None:
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                user, "denied", "complaint", code, f"evidence {evidence[:40]}: not of this case")
        raise web.HTTPNotFound(text=t_request(request, "complaint.no_evidence"))
    kind, storage_ref = found
    try:
        # Decrypting a file of up to EVIDENCE_MAX_BYTES takes a moment: off the event loop.
        content = await asyncio.get_running_loop().run_in_executor(None, request.app[keys.EVIDENCE].read, storage_ref)
    except Exception as error:  # a reference outside the vault, a missing file, a wrong key
        logger.warning("evidence file of a complaint unreadable (%s)", type(error).__name__)
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                user, "denied", "complaint", code, f"evidence {evidence}: unreadable")
        raise web.HTTPNotFound(text=t_request(request, "complaint.evidence_unreadable")) from None
    content_type, extension = sniff(content)
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "download_evidence", "complaint", code,
                            f"evidence {evidence} ({kind}, {content_type}, {len(content)} bytes)")
    return web.Response(body=content, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{code}-evidence-{evidence}.{extension}"',
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })


async def print_page(request: web.Request):
    """What a police station needs, on paper: no navigation, no internal notes unless asked for."""
    user = staff(request)
    case = await asyncio.to_thread(_case, request)
    with_notes = request.query.get("notes") == "1"
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "print_complaint", "complaint", case.reference_code,
                            "with internal notes" if with_notes else "without notes")
    names, _ = await asyncio.to_thread(staff_names, request)
    return render(request, "complaint_print.html", case=case, names=names, with_notes=with_notes,
                  printed_by=user, printed_at=request.app[keys.COMPLAINTS].clock())
