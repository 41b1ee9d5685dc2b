"""Every URL of the console, in one table: the page (or form target) and its view."""
from pathlib import Path

from aiohttp import web

from bot.console.views import admin, auth, cases, complaints, counselling, dashboard

STATIC = Path(__file__).parent / "static"

ROUTES = [
    web.get("/", cases.index),
    web.get("/health", auth.health),
    web.get("/login", auth.login_page),
    web.post("/login", auth.login_submit),
    web.post("/logout", auth.logout),
    # live handoffs
    web.get("/queue", cases.queue_page),
    web.get("/api/queue", cases.queue_api),
    web.get("/cases/{id}", cases.case_page),
    web.get("/api/cases/{id}/messages", cases.case_messages),
    web.post("/cases/{id}/claim", cases.case_claim),
    web.post("/cases/{id}/reply", cases.case_reply),
    web.post("/cases/{id}/transfer", cases.case_transfer),
    web.post("/cases/{id}/close", cases.case_close),
    web.get("/callbacks", cases.callbacks_page),
    web.post("/callbacks/{id}/done", cases.callback_done),
    # complaints and counts
    web.get("/complaints", complaints.complaints_page),
    web.post("/complaints/{code}/status", complaints.complaint_status),
    web.get("/dashboard", dashboard.dashboard_page),
    # supervisors
    web.get("/audit", admin.audit_page),
    web.get("/staff", admin.staff_page),
    web.post("/staff", admin.staff_create),
    web.post("/staff/{id}/active", admin.staff_active),
    web.get("/delivery-failures", admin.delivery_failures_page),
    # counselling
    web.get("/bookings", counselling.bookings_page),
    web.post("/bookings/{id}/phone", counselling.booking_phone),
    web.get("/panel", counselling.panel_page),
    web.post("/panel", counselling.panel_add_counsellor),
    web.post("/panel/{id}", counselling.panel_update_counsellor),
    web.post("/panel/{id}/shifts", counselling.panel_add_shift),
    web.post("/panel/{id}/shifts/{shift}/delete", counselling.panel_remove_shift),
    web.post("/panel/{id}/leave", counselling.panel_add_leave),
    web.post("/panel/{id}/leave/{leave}/delete", counselling.panel_remove_leave),
    web.static("/static/", STATIC),
]


def setup_routes(app: web.Application) -> None:
    app.router.add_routes(ROUTES)
