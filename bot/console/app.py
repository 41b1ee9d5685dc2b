"""The counsellor console (aiohttp, server-rendered HTML and a little same-origin JavaScript).

Pages: for counsellors the live handoff queue, case view (summary, conversation since handoff, reply,
claim, transfer, close), callback requests and counselling bookings by day and counsellor; for
officers the complaint desk (list with filters, one complaint with assignment, status changes with a
reason, notes, evidence downloads, her number on an audited POST, a printable page); for everyone the
dashboard (counts only); for supervisors all of that, the audit log, staff accounts, undelivered
replies and the counselling panel.

This module only wires the parts together: middlewares.py (headers, login, CSRF), routes.py (every
URL), views/ (one module per area), keys.py (what the app holds), rendering.py (templates). The
console runs no background loop: the relay (relay.py) and every other background job run in the job
worker (`python -m bot.jobs`), so any number of consoles may serve the same database.
"""
from datetime import datetime
from pathlib import Path
from typing import AsyncIterator, Callable, Optional

from aiohttp import web

from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.evidence import EvidenceVault
from bot.complaints.casework import CaseWork
from bot.complaints.feedback import FeedbackLoop
from bot.complaints.service import ComplaintService
from bot import settings
from bot.console import keys
from bot.console.audit import AuditLog
from bot.console.auth import StaffAuth
from bot.console.complaints import ComplaintsView
from bot.console.district_counts import DistrictCounts
from bot.console.middlewares import authenticate, security_headers
from bot.console.routes import setup_routes
from bot.console.throttle import LoginThrottle
from bot.counselling.day_view import DayView
from bot.counselling.panel_admin import PanelAdmin
from bot.handoff.service import HandoffService
from bot.jobs.machinery import MachineryCounts
from bot.jobs.scheduled import ScheduledMessages
from bot.rasa_api import RasaClient


def make_app(rasa: RasaClient, database_url: Optional[str] = None, secure_cookies: bool = False,
             clock: Optional[Callable[[], datetime]] = None,
             evidence_dir: Optional[Path] = None) -> web.Application:
    """clock: "now" for the complaints' age and overdue marks (tests pass a fake one).
    evidence_dir: where the encrypted evidence files are (default: EVIDENCE_DIR)."""
    app = web.Application(middlewares=[security_headers, authenticate], client_max_size=64 * 1024)
    app[keys.RASA] = rasa
    app[keys.AUTH] = StaffAuth(database_url)
    app[keys.AUDIT] = AuditLog(database_url)
    app[keys.HANDOFFS] = HandoffService(database_url)
    app[keys.COMPLAINTS] = ComplaintsView(database_url, clock)
    app[keys.DISTRICT_COUNTS] = DistrictCounts(database_url, clock)
    app[keys.COMPLAINT_SERVICE] = ComplaintService(url=database_url)
    app[keys.SCHEDULED] = ScheduledMessages(database_url)
    app[keys.MACHINERY] = MachineryCounts(database_url)
    # The feedback loop: "action taken" schedules her discreet message and the follow-up question.
    app[keys.FEEDBACK] = FeedbackLoop(database_url, app[keys.SCHEDULED], app[keys.COMPLAINT_SERVICE])
    app[keys.COMPLAINT_SERVICE].on_status_change = app[keys.FEEDBACK].on_status_change
    app[keys.CASEWORK] = CaseWork(database_url)
    app[keys.EVIDENCE] = EvidenceVault(database_url, evidence_dir)
    app[keys.DAY_VIEW] = DayView(database_url)
    app[keys.PANEL] = PanelAdmin(database_url)
    app[keys.DELIVERY_FAILURES] = DeliveryFailures(database_url)
    app[keys.SECURE_COOKIES] = secure_cookies
    app[keys.LOGIN_THROTTLE] = LoginThrottle(settings.CONSOLE_LOGIN_FAILURES_PER_ADDRESS)
    setup_routes(app)
    app.cleanup_ctx.append(_rasa_client_closed)
    return app


async def _rasa_client_closed(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[keys.RASA].close()

