"""Delivering a scheduled message through Rasa's HTTP API (a fake Rasa): slots and the bot's text in
one call to her conversation on her latest channel; a form in progress defers it; Rasa away means a
retry; a do-not-contact record cancels it before anything is sent."""
import asyncio

import pytest

from bot.jobs.delivery import RasaDelivery
from bot.jobs.scheduled import Message


def _message(**payload):
    payload = {"text": "Case HS-ABCD-2345: there is an update.", **payload}
    return Message(id=1, kind="follow_up", channel="telegram", conversation_id="conv-1", payload=payload,
                   attempts=1, claim_token="t")


async def _deliver(fake_rasa, message, do_not_contact=lambda channel, conversation: False):
    delivery = RasaDelivery(fake_rasa.url, fake_rasa.token, do_not_contact=do_not_contact)
    return await asyncio.to_thread(delivery, message)


@pytest.mark.asyncio
async def test_slots_and_the_text_reach_her_latest_channel_in_one_call(fake_rasa):
    message = _message(buttons=[{"title": "Yes", "payload": "/affirm"}], slots={"follow_up_code": "HS-ABCD-2345"},
                       whatsapp_template={"name": "hs_case_update", "language": "en", "params": ["HS-ABCD-2345"]})
    outcome = await _deliver(fake_rasa, message)
    assert outcome.state == "sent"
    [post] = [call for call in fake_rasa.calls if call[0] == "POST"]
    _, path, query, body = post
    assert path == "/conversations/conv-1/tracker/events" and query["output_channel"] == "latest"
    assert body[0] == {"event": "slot", "name": "follow_up_code", "value": "HS-ABCD-2345"}
    assert body[1]["text"] == message.payload["text"] and body[1]["data"]["buttons"][0]["title"] == "Yes"
    assert body[1]["metadata"]["whatsapp_template"]["name"] == "hs_case_update"


@pytest.mark.asyncio
async def test_a_form_in_progress_defers_it(fake_rasa, monkeypatch):
    from bot.rasa_api import RasaClient

    async def tracker_in_a_form(self, conversation_id, include_events=None):
        return {"sender_id": conversation_id, "active_loop": {"name": "report_form"}}

    monkeypatch.setattr(RasaClient, "tracker", tracker_in_a_form)
    assert (await _deliver(fake_rasa, _message())).state == "defer"
    assert [call for call in fake_rasa.calls if call[0] == "POST"] == []
    # a counsellor joining her chat may interrupt
    assert (await _deliver(fake_rasa, _message(interrupt=True))).state == "sent"


@pytest.mark.asyncio
async def test_rasa_away_is_a_retry_and_do_not_contact_sends_nothing(fake_rasa):
    fake_rasa.fail = True
    outcome = await _deliver(fake_rasa, _message())
    assert (outcome.state, outcome.error) == ("retry", "rasa_503")
    fake_rasa.fail = False
    outcome = await _deliver(fake_rasa, _message(), do_not_contact=lambda channel, conversation: True)
    assert (outcome.state, outcome.error) == ("cancelled", "do_not_contact")
    assert fake_rasa.calls == []


@pytest.mark.asyncio
async def test_a_message_claimed_again_after_a_dead_worker_is_not_sent_twice(fake_rasa, monkeypatch):
    """The first worker died after Rasa took the message: the event with its row id is in her
    conversation, so the worker that claims it again records it as sent and sends nothing."""
    from dataclasses import replace

    from bot.rasa_api import RasaClient

    async def tracker_with(self, conversation_id, include_events=None):
        assert include_events is None   # the events are read, not only the state
        return {"sender_id": conversation_id, "events": [
            {"event": "bot", "text": "x", "metadata": {"hs_scheduled": "follow_up", "hs_scheduled_id": 1}}]}

    monkeypatch.setattr(RasaClient, "tracker", tracker_with)
    again = replace(_message(), attempts=2)
    assert (await _deliver(fake_rasa, again)).state == "sent"
    assert [call for call in fake_rasa.calls if call[0] == "POST"] == []
    # another row's event does not count: this one goes out
    assert (await _deliver(fake_rasa, replace(again, id=2))).state == "sent"
    [post] = [call for call in fake_rasa.calls if call[0] == "POST"]
    assert post[3][-1]["metadata"]["hs_scheduled_id"] == 2
