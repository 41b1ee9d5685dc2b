"""The dashboard's Machinery panel (issue 18): supervisors see the outbox backlog per action server,
a server that stopped reporting, scheduled messages pending, overdue and dead, and undelivered
replies, in English and Hindi; counsellors and officers do not see it. Counts only."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from bot.channels.delivery_failures import OUTSIDE_WINDOW, DeliveryFailures
from bot.jobs.gauges import Gauges
from bot.jobs.scheduled import DEAD, ScheduledMessages
from bot.store.db import session_factory
from bot.store.models import ScheduledMessage
from tests.console.conftest import login


def _backlog(url: str) -> None:
    now = datetime.now(timezone.utc)
    Gauges(url, lambda: now - timedelta(hours=1)).report("outbox:" + "a1" * 12, 2, now - timedelta(hours=3, minutes=5))
    Gauges(url).report("outbox:" + "b2" * 12, 1, now - timedelta(minutes=42))
    messages = ScheduledMessages(url)
    for i in range(5):
        messages.schedule("status_update", "rest", f"c{i}", {"text": "secret words"}, due_at=now - timedelta(hours=2))
    messages.schedule("follow_up", "rest", "later", {"text": "secret words"}, due_at=now + timedelta(days=1))
    dead = [messages.schedule("session_link", "rest", f"d{i}", {"text": "x"}, due_at=now) for i in range(3)]
    with session_factory(url)() as session, session.begin():
        session.execute(update(ScheduledMessage).where(ScheduledMessage.id.in_(dead)).values(status=DEAD))
    DeliveryFailures(url).record("whatsapp", "p" * 16, OUTSIDE_WINDOW, "Re-engagement message")


def _cell(html: str, cell_id: str) -> str:
    return html.split(f'id="{cell_id}">', 1)[1].split("</td>", 1)[0]


@pytest.mark.asyncio
async def test_a_supervisor_sees_the_numbers_in_english_and_hindi(console, db_url):
    _backlog(db_url)
    _, csrf = await login(console, "sup")
    html = await (await console.get("/dashboard")).text()
    assert "Machinery: work waiting in the background" in html
    assert _cell(html, "outbox-waiting") == "3" and _cell(html, "outbox-oldest") == "3 h 5 min"
    assert (_cell(html, "scheduled-pending"), _cell(html, "scheduled-overdue")) == ("6", "5")
    assert _cell(html, "scheduled-dead") == '<a href="/delivery-failures">3</a>'
    assert _cell(html, "failures-24h") == '<a href="/delivery-failures">1</a>'
    assert 'id="stale-warning"' in html and "1 server(s) have not reported for more than 3 min" in html
    assert 'id="outbox-warning"' in html and "42 min" in html and "a1a1a1a1" in html
    assert "secret words" not in html and "outbox.db" not in html
    await console.post("/language", data={"csrf": csrf, "lang": "hi", "next": "/dashboard"}, allow_redirects=False)
    html = await (await console.get("/dashboard")).text()
    assert "मशीनरी: पृष्ठभूमि में रुका हुआ काम" in html and "आउटबॉक्स में रुकी शिकायतें" in html
    assert _cell(html, "outbox-waiting") == "3" and _cell(html, "outbox-oldest") == "3 घंटे 5 मिनट"
    assert _cell(html, "scheduled-overdue") == "5" and "1 सर्वर ने 3 मिनट से ज़्यादा समय से रिपोर्ट नहीं दी" in html


@pytest.mark.asyncio
async def test_with_nothing_waiting_the_panel_says_so_without_warnings(console):
    await login(console, "sup")
    html = await (await console.get("/dashboard")).text()
    assert _cell(html, "outbox-waiting") == "0"
    assert _cell(html, "scheduled-dead") == '<a href="/delivery-failures">0</a>'
    assert "No action server has reported an outbox yet." in html
    assert 'id="stale-warning"' not in html and 'id="outbox-warning"' not in html


@pytest.mark.asyncio
@pytest.mark.parametrize("username", ["asha", "meera"])
async def test_counsellors_and_officers_do_not_see_it(console, db_url, username):
    _backlog(db_url)
    await login(console, username)
    page = await console.get("/dashboard")
    assert page.status == 200 and 'id="machinery"' not in await page.text()
