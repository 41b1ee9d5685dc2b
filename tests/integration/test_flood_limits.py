"""Flood limits (issue 19) on SQLite and PostgreSQL: new handoff requests and complaints beyond the
limits are refused with a kind answer that gives her 1090; staff alerts are capped per minute."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.complaints.service import reporter_pseudonym
from bot.console.relay import Relay
from bot.handoff.service import HandoffService
from bot.store.db import session_factory
from bot.store.flood import COMPLAINT_BUSY, HANDOFF_BUSY, FloodLimited
from bot.store.models import Complaint
from tests.integration.test_complaint_service import _report, _service


def test_new_handoff_requests_beyond_the_limit_are_refused_for_a_while(database_url, monkeypatch):
    monkeypatch.setattr(settings, "HANDOFF_FLOOD_PER_10_MINUTES", 5)
    now = [datetime.now(timezone.utc)]
    service = HandoffService(database_url, clock=lambda: now[0])
    for n in range(5):
        service.request(f"script-{n}", "socketio", "hi", "emergency", None)
    with pytest.raises(FloodLimited):
        service.request("script-5", "socketio", "hi", "emergency", None)
    assert service.request("script-0", "socketio", "hi", "asked", None).already_waiting  # hers stays hers
    assert len(service.open_handoffs()) == 5
    now[0] += timedelta(minutes=11)
    service.request("her", "telegram", "hi", "asked", None)


def test_complaints_beyond_the_limits_are_refused_and_nothing_is_stored(database_url, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "COMPLAINTS_PER_REPORTER_PER_DAY", 2)
    monkeypatch.setattr(settings, "COMPLAINT_FLOOD_PER_10_MINUTES", 4)
    service = _service(database_url, tmp_path)
    for _ in range(2):
        service.file(*_report(service))
    with pytest.raises(FloodLimited):  # a third from the same conversation today
        service.file(*_report(service))
    service.file(*_report(service, reporter_pseudonym=reporter_pseudonym("telegram:1")))
    service.file(*_report(service, reporter_pseudonym=reporter_pseudonym("telegram:2")))
    with pytest.raises(FloodLimited):  # a fifth from anyone within 10 minutes
        service.file(*_report(service, reporter_pseudonym=reporter_pseudonym("telegram:3")))
    with session_factory(database_url)() as session:
        assert session.execute(select(func.count()).select_from(Complaint)).scalar_one() == 4


def test_the_answers_give_1090_in_her_three_languages():
    for text in (HANDOFF_BUSY, COMPLAINT_BUSY):
        assert all("1090" in variant and "112" in variant for variant in text.by_language().values())
        assert "कृपया" in text.hi and "Kripya" in text.hi_latn and "Please" in text.en


@pytest.mark.asyncio
async def test_the_handoff_action_tells_her_kindly_and_does_not_pause(database_url, monkeypatch):
    import actions.handoff as module
    from actions.handoff import ActionHandoffAnswer
    monkeypatch.setattr(settings, "HANDOFF_FLOOD_PER_10_MINUTES", 0)
    monkeypatch.setattr(module, "handoff_service", lambda: HandoffService(database_url))
    latest = {"intent": {"name": "affirm"}, "text": "haan", "entities": []}
    tracker = Tracker("web-1", {"language": "hi", "handoff_stage": "consent:asked"}, latest,
                      [{"event": "user", "text": "haan", "parse_data": latest, "input_channel": "socketio"}],
                      False, None, None, "action_listen")
    dispatcher = CollectingDispatcher()
    result = await ActionHandoffAnswer().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == HANDOFF_BUSY.hi
    assert not any(event["event"] == "pause" for event in result)


class Notifier:
    console_url = "https://console.example"

    def __init__(self):
        self.alerts, self.lines = [], []

    async def new_handoff(self, handoff):
        self.alerts.append(handoff.id)
        return True

    async def send(self, text):
        self.lines.append(text)
        return True


@pytest.mark.asyncio
async def test_a_burst_of_handoffs_sends_a_few_alerts_and_one_summary(database_url, monkeypatch):
    monkeypatch.setattr(settings, "STAFF_ALERTS_PER_MINUTE", 6)
    service = HandoffService(database_url)
    for n in range(25):
        service.request(f"script-{n}", "socketio", "hi", "emergency", None)
    notifier = Notifier()
    relay = Relay(service, rasa=None, notifier=notifier)
    await relay._notify_new()
    assert len(notifier.alerts) == 6
    assert len(notifier.lines) == 1 and notifier.lines[0].startswith("19 more new handoff requests")
    assert service.unnotified() == []
