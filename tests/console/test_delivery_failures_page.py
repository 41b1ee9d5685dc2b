"""Undelivered replies on the console: supervisors see when, which channel and the platform's error;
counsellors get 403 (audited); her number, pseudonym and the text never reach the page."""
import pytest

from bot.channels.delivery_failures import OUTSIDE_WINDOW, UNKNOWN_RECIPIENT, DeliveryFailures
from bot.channels.identity import ChannelIdentities
from bot.console.audit import AuditLog
from tests.console.conftest import login

NUMBER = "919876543210"


def _fail(db_url):
    pseudonym = ChannelIdentities(db_url).remember("whatsapp", NUMBER)
    failures = DeliveryFailures(db_url)
    failures.record("whatsapp", pseudonym, OUTSIDE_WINDOW, "Re-engagement message")
    failures.record("whatsapp", pseudonym, UNKNOWN_RECIPIENT, "no address")
    return pseudonym


@pytest.mark.asyncio
async def test_a_supervisor_sees_undelivered_replies_and_the_view_is_audited(console, db_url, staff):
    _fail(db_url)
    await login(console, "sup")
    page = await console.get("/delivery-failures")
    assert page.status == 200
    text = await page.text()
    assert "131047 Re-engagement message" in text and "after she writes again" in text
    assert "whatsapp" in text and "She asked us to forget her" in text
    assert 'href="/delivery-failures" class="here"' in text
    (entry, username), *_ = AuditLog(db_url).recent()
    assert (username, entry.action, entry.object_type, entry.detail) == (
        "sup", "view_delivery_failures", "delivery_failure", "2 shown, 0 dead scheduled")


@pytest.mark.asyncio
async def test_nothing_that_identifies_her_is_shown(console, db_url):
    pseudonym = _fail(db_url)
    await login(console, "sup")
    text = await (await console.get("/delivery-failures")).text()
    assert "131047" in text
    assert NUMBER not in text and NUMBER[-10:] not in text
    assert pseudonym not in text and pseudonym[:12] not in text


@pytest.mark.asyncio
async def test_an_empty_list_says_so(console):
    await login(console, "sup")
    assert "No undelivered replies." in await (await console.get("/delivery-failures")).text()


@pytest.mark.asyncio
async def test_counsellors_get_403_and_the_denial_is_audited(console, db_url, staff):
    _fail(db_url)
    await login(console, "asha")
    response = await console.get("/delivery-failures")
    assert response.status == 403
    assert "131047" not in await response.text()
    denied = [(e.staff_user_id, e.object_type, e.object_id) for e, _ in AuditLog(db_url).recent()
              if e.action == "denied"]
    assert denied == [(staff["asha"].id, "page", "/delivery-failures")]
    queue = await (await console.get("/queue")).text()
    assert "/delivery-failures" not in queue  # no link for counsellors


def _dead_message(db_url):
    from datetime import timedelta
    from bot.jobs.scheduled import Outcome, ScheduledMessages
    service = ScheduledMessages(db_url, max_attempts=1, retry_base=timedelta(seconds=1))
    message_id = service.schedule("follow_up", "telegram", "her-conversation-id", {"text": "HS-SECRET-TEXT"})
    [message] = service.claim_due("w1")
    assert service.finish(message, Outcome("retry", "rasa_503")) == "dead"
    return service, message_id


@pytest.mark.asyncio
async def test_dead_scheduled_messages_are_listed_without_text_and_a_supervisor_can_send_one_again(console, db_url):
    service, message_id = _dead_message(db_url)
    _, csrf = await login(console, "sup")
    text = await (await console.get("/delivery-failures")).text()
    assert "Follow-up: has it stopped?" in text and "rasa_503" in text and "telegram" in text
    assert "HS-SECRET-TEXT" not in text and "her-conversation-id" not in text
    response = await console.post(f"/scheduled/{message_id}/requeue", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302
    assert service.dead_letters() == [] and service.counts() == {"pending": 1}
    (entry, username), *_ = AuditLog(db_url).recent()
    assert (username, entry.action, entry.object_id) == ("sup", "requeue_scheduled", str(message_id))
    response = await console.post(f"/scheduled/{message_id}/requeue", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 404          # no longer dead


@pytest.mark.asyncio
async def test_counsellors_cannot_requeue(console, db_url):
    service, message_id = _dead_message(db_url)
    _, csrf = await login(console, "asha")
    response = await console.post(f"/scheduled/{message_id}/requeue", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 403
    assert len(service.dead_letters()) == 1
