"""Authorisation by case state (issue 19): a counsellor reads a case only while it is hers and open,
only the messages inside the handoff window, and every read of messages is audited."""
import time

import pytest

from bot.console.audit import AuditLog
from bot.handoff.service import HandoffService
from tests.console.conftest import login


def _claimed(db_url, staff, conversation="web-closed", who="asha"):
    queued = HandoffService(db_url).request(conversation, "socketio", "en", "asked", None,
                                            since_timestamp=time.time() - 60)
    HandoffService(db_url).claim(queued.handoff_id, staff[who])
    return queued.handoff_id


def _audit(db_url, action):
    return [entry for entry, _ in AuditLog(db_url).recent() if entry.action == action]


@pytest.mark.asyncio
async def test_after_closing_her_case_a_counsellor_reads_nothing_more_of_it(console, db_url, staff, fake_rasa):
    case = _claimed(db_url, staff)
    fake_rasa.user_says("web-closed", "he hits me")
    await login(console, "asha")
    assert (await console.get(f"/api/cases/{case}/messages")).status == 200
    HandoffService(db_url).close(case, staff["asha"])
    time.sleep(0.01)
    fake_rasa.user_says("web-closed", "my PIN is 482913 and my new report")
    assert (await console.get(f"/api/cases/{case}/messages")).status == 403
    assert (await console.get(f"/cases/{case}")).status == 403
    assert _audit(db_url, "denied")


@pytest.mark.asyncio
async def test_a_transferred_case_is_no_longer_readable_by_the_one_who_gave_it(console, db_url, staff, fake_rasa):
    case = _claimed(db_url, staff)
    fake_rasa.user_says("web-closed", "hello")
    HandoffService(db_url).transfer(case, staff["asha"], staff["bina"].id)
    await login(console, "asha")
    assert (await console.get(f"/api/cases/{case}/messages")).status == 403


@pytest.mark.asyncio
async def test_even_a_supervisor_sees_only_the_handoff_window(console, db_url, staff, fake_rasa):
    fake_rasa.user_says("web-closed", "before the handoff", timestamp=time.time() - 3600)
    case = _claimed(db_url, staff)
    fake_rasa.user_says("web-closed", "inside the handoff")
    HandoffService(db_url).close(case, staff["asha"])
    time.sleep(0.01)
    fake_rasa.user_says("web-closed", "my PIN is 482913")
    await login(console, "sup")
    data = await (await console.get(f"/api/cases/{case}/messages")).json()
    assert [m["text"] for m in data["messages"]] == ["inside the handoff"]


@pytest.mark.asyncio
async def test_every_read_of_messages_is_audited(console, db_url, staff, fake_rasa):
    case = _claimed(db_url, staff)
    fake_rasa.user_says("web-closed", "one")
    fake_rasa.user_says("web-closed", "two")
    await login(console, "asha")
    assert (await console.get(f"/api/cases/{case}/messages")).status == 200
    reads = _audit(db_url, "read_messages")
    assert len(reads) == 1 and reads[0].object_id == str(case) and reads[0].detail.startswith("2 messages")
    assert reads[0].staff_user_id == staff["asha"].id
    assert "one" not in reads[0].detail and "two" not in reads[0].detail  # never the text
