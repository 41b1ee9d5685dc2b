"""What the console keeps on its application object: one typed key each (aiohttp's web.AppKey).

Set once in app.make_app; views read them as request.app[keys.AUDIT] and so on.
"""
from aiohttp import web

from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.evidence import EvidenceVault
from bot.complaints.casework import CaseWork
from bot.complaints.feedback import FeedbackLoop
from bot.complaints.service import ComplaintService
from bot.console.audit import AuditLog
from bot.console.auth import StaffAuth
from bot.console.complaints import ComplaintsView
from bot.console.district_counts import DistrictCounts
from bot.console.throttle import LoginThrottle
from bot.counselling.day_view import DayView
from bot.counselling.panel_admin import PanelAdmin
from bot.handoff.service import HandoffService
from bot.jobs.machinery import MachineryCounts
from bot.jobs.scheduled import ScheduledMessages
from bot.rasa_api import RasaClient

RASA = web.AppKey("rasa", RasaClient)
AUTH = web.AppKey("auth", StaffAuth)
AUDIT = web.AppKey("audit", AuditLog)
HANDOFFS = web.AppKey("handoffs", HandoffService)
COMPLAINTS = web.AppKey("complaints", ComplaintsView)
DISTRICT_COUNTS = web.AppKey("district_counts", DistrictCounts)
COMPLAINT_SERVICE = web.AppKey("complaint_service", ComplaintService)
CASEWORK = web.AppKey("casework", CaseWork)
EVIDENCE = web.AppKey("evidence", EvidenceVault)
DAY_VIEW = web.AppKey("day_view", DayView)
PANEL = web.AppKey("panel", PanelAdmin)
DELIVERY_FAILURES = web.AppKey("delivery_failures", DeliveryFailures)
SCHEDULED = web.AppKey("scheduled", ScheduledMessages)
MACHINERY = web.AppKey("machinery", MachineryCounts)
FEEDBACK = web.AppKey("feedback", FeedbackLoop)
SECURE_COOKIES = web.AppKey("secure_cookies", bool)
LOGIN_THROTTLE = web.AppKey("login_throttle", LoginThrottle)
