"""Every URL of the console, in one table: the page (or form target), its view, and who may use it
(access.only; a URL without it is for every logged-in staff member, or checks inside the view)."""
from pathlib import Path

from aiohttp import web

from bot.console.access import COMPLAINTS, COUNSELLING, only
from bot.console.views import admin, auth, cases, complaint_case, complaints, counselling, dashboard

STATIC = Path(__file__).parent / "static"

ROUTES = [
    web.get("/", cases.index),
    web.get("/health", auth.health),
    web.get("/login", auth.login_page),
    web.post("/login", auth.login_submit),
    web.post("/logout", auth.logout),
    web.post("/language", auth.set_language),
    web.get("/password", auth.password_page),
    web.post("/password", auth.password_submit),
    # live handoffs
    web.get("/queue", only(COUNSELLING, cases.queue_page)),
    web.get("/api/queue", only(COUNSELLING, cases.queue_api)),
    web.get("/cases/{id}", only(COUNSELLING, cases.case_page)),
    web.get("/api/cases/{id}/messages", only(COUNSELLING, cases.case_messages)),
    web.post("/cases/{id}/claim", only(COUNSELLING, cases.case_claim)),
    web.post("/cases/{id}/reply", only(COUNSELLING, cases.case_reply)),
    web.post("/cases/{id}/transfer", only(COUNSELLING, cases.case_transfer)),
    web.post("/cases/{id}/close", only(COUNSELLING, cases.case_close)),
    web.get("/callbacks", only(COUNSELLING, cases.callbacks_page)),
    web.post("/callbacks/{id}/take", only(COUNSELLING, cases.callback_take)),
    web.post("/callbacks/{id}/phone", only(COUNSELLING, cases.callback_phone)),
    web.post("/callbacks/{id}/done", only(COUNSELLING, cases.callback_done)),
    # the officers' desk: complaints
    web.get("/complaints", only(COMPLAINTS, complaints.complaints_page)),
    web.get("/complaints/{code}", only(COMPLAINTS, complaint_case.complaint_page)),
    web.get("/complaints/{code}/print", only(COMPLAINTS, complaint_case.print_page)),
    web.get("/complaints/{code}/evidence/{evidence}", only(COMPLAINTS, complaint_case.evidence_download)),
    web.post("/complaints/{code}/phone", only(COMPLAINTS, complaint_case.reveal_phone)),
    web.post("/complaints/{code}/assign", only(COMPLAINTS, complaint_case.assign)),
    web.post("/complaints/{code}/status", only(COMPLAINTS, complaint_case.change_status)),
    web.post("/complaints/{code}/notes", only(COMPLAINTS, complaint_case.add_note)),
    web.post("/complaints/{code}/priority", only(COMPLAINTS, complaint_case.clear_priority)),
    # counts, for everyone
    web.get("/dashboard", dashboard.dashboard_page),
    # supervisors
    web.get("/audit", admin.audit_page),
    web.get("/staff", admin.staff_page),
    web.post("/staff", admin.staff_create),
    web.post("/staff/{id}/active", admin.staff_active),
    web.get("/delivery-failures", admin.delivery_failures_page),
    web.post("/scheduled/{id}/requeue", admin.requeue_scheduled),
    # counselling
    web.get("/bookings", only(COUNSELLING, counselling.bookings_page)),
    web.post("/bookings/{id}/phone", only(COUNSELLING, counselling.booking_phone)),
    web.post("/bookings/{id}/link", only(COUNSELLING, counselling.send_session_link)),
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
