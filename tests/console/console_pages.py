"""Every console page with data present (the demo data, bot/devtools/demo_data.py), for the language
tests: the aiohttp ones (test_console_languages.py) and the Chromium ones (test_console_i18n_browser.py).
Each page is (name, method, path, form, status, role): a POST page (her number) is opened by its form."""
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from argon2 import PasswordHasher
from sqlalchemy import select

import bot.console.auth as auth_module
from bot.console.auth import StaffAuth
from bot.counselling.availability import INDIA
from bot.devtools.demo_data import load_demo_data
from bot.store.db import session_factory
from bot.store.models import Complaint, CounsellingBooking, Counsellor, Handoff

PASSWORD = "language test password"
SUPERVISOR, COUNSELLOR = "lang.supervisor", "lang.counsellor"


@contextmanager
def cheap_hashing():
    """argon2 at its production cost takes ~1 s a hash here; same code, lower cost (as tests/console/conftest.py)."""
    before = auth_module._hasher
    auth_module._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        auth_module._hasher = before


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    method: str = "GET"
    form: Optional[dict] = None
    status: int = 200
    who: str = SUPERVISOR


def fill(database_url: str) -> List[Page]:
    """Loads the demo data into an empty database, adds two staff members of the tests' own, and
    returns every page to open (with the ids the data gave)."""
    with cheap_hashing():
        load_demo_data(database_url, complaints=40, now=datetime.now(timezone.utc))
        staff = StaffAuth(database_url)
        staff.create_user(SUPERVISOR, "Sarita", PASSWORD, "supervisor")
        staff.create_user(COUNSELLOR, "Kavita", PASSWORD, "counsellor")
    with session_factory(database_url)() as session:
        case = session.execute(select(Handoff.id).where(Handoff.status == "active")).scalars().first()
        callback = session.execute(select(Handoff.id).where(Handoff.status == "callback",
                                                            Handoff.callback_phone_enc.is_not(None))).scalars().first()
        with_number = session.execute(select(Complaint.reference_code).where(
            Complaint.contact_mode == "callback")).scalars().first()
        rich = session.execute(select(Complaint.reference_code).where(Complaint.status == "reopened")).scalars().first()
        booking = session.execute(select(CounsellingBooking).where(
            CounsellingBooking.contact_mode == "callback", CounsellingBooking.status == "booked",
            CounsellingBooking.phone_enc.is_not(None))).scalars().first()
        counsellor = session.execute(select(Counsellor.id)).scalars().first()
    assert case and callback and with_number and rich and booking and counsellor, "the demo data lacks a kind of row"
    day = booking.starts_at.astimezone(INDIA).date().isoformat()
    return [
        Page("dashboard", "/dashboard"),
        Page("queue", "/queue"),
        Page("case", f"/cases/{case}"),
        Page("callbacks", "/callbacks"),
        Page("callback-number", f"/callbacks/{callback}/phone", "POST", {}),
        Page("complaints", "/complaints"),
        Page("complaints-filtered", "/complaints?overdue=1&code=HS-2222-3333"),
        Page("complaint", f"/complaints/{rich}"),
        Page("complaint-number", f"/complaints/{with_number}/phone", "POST", {}),
        Page("complaint-error", f"/complaints/{rich}/status", "POST", {"status": "closed", "reason": ""}, 400),
        Page("print", f"/complaints/{rich}/print?notes=1"),
        Page("bookings", f"/bookings?day={day}"),
        Page("bookings-error", "/bookings?day=not-a-day", status=400),
        Page("booking-number", f"/bookings/{booking.id}/phone", "POST", {}),
        Page("staff", "/staff"),
        Page("staff-error", "/staff", "POST", {"username": "neha", "password": "short", "role": "officer"}, 400),
        Page("audit", "/audit"),
        Page("panel", "/panel"),
        Page("panel-error", f"/panel/{counsellor}/shifts", "POST", {"weekday": "1", "start": "25:00", "end": "10:00"},
             400),
        Page("delivery-failures", "/delivery-failures"),
        Page("password", "/password"),
        Page("password-error", "/password", "POST", {"current": "x", "new": "a b c d e f g h", "again": "other"}, 400),
        Page("refused", "/complaints", who=COUNSELLOR, status=403),
    ]
