"""With the demo data loaded, every console page opens for the demo accounts and has something to show."""
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.devtools.demo_data import load_demo_data
from bot.store.db import session_factory
from bot.store.models import Handoff
from tests.console.conftest import login

PAGES = ["/queue", "/callbacks", "/complaints", "/complaints?priority=1", "/bookings", "/panel", "/dashboard",
         "/audit", "/staff", "/delivery-failures"]


@pytest.mark.asyncio
async def test_every_page_opens_with_demo_data(console, db_url):
    demo = load_demo_data(db_url, now=datetime.now(timezone.utc), complaints=40)
    _role, password = demo.passwords["demo.supervisor"]
    response, _ = await login(console, "demo.supervisor", password)
    assert response.status == 302
    pages = {}
    for path in PAGES:
        response = await console.get(path)
        assert response.status == 200, path
        pages[path] = await response.text()
    assert "No complaints match" not in pages["/complaints"] and "HS-" in pages["/complaints"]
    assert "demo.officer" in pages["/staff"] and "complaint_status" in pages["/audit"]
    assert "No data yet" not in pages["/dashboard"].split('id="district-map"', 1)[1].split("</section>", 1)[0]
    code = re.search(r'href="/complaints/(HS-[A-Z0-9-]+)"', pages["/complaints"]).group(1)
    complaint = await (await console.get(f"/complaints/{code}")).text()
    assert "[DEMO]" in complaint
    with session_factory(db_url)() as session:
        active = session.execute(select(Handoff.id).where(Handoff.status == "active")).scalars().first()
    assert (await console.get(f"/cases/{active}")).status == 200
