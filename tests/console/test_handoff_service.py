"""The handoff queue (SQLite and PostgreSQL), counsellor hours, and the rasa-sdk actions."""
from datetime import datetime, timedelta, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.console.auth import StaffAuth
from bot.handoff import hours
from bot.handoff.service import (HandoffError, HandoffService, NotAllowed, can_see, conversation_id_of,
                                 read_callback_phone, read_summary)
from tests.integration.conftest import database_url  # noqa: F401  (SQLite and PostgreSQL)


@pytest.fixture
def people(database_url):  # noqa: F811
    auth = StaffAuth(database_url)
    return (auth.create_user("asha", "Asha", "a long password", "counsellor"),
            auth.create_user("bina", "Bina", "a long password", "counsellor"),
            auth.create_user("sup", "Sup", "a long password", "supervisor"))


def test_queue_positions_and_asking_twice(database_url, people):  # noqa: F811
    service = HandoffService(database_url)
    first = service.request("a", "socketio", "hi", "asked", None)
    second = service.request("b", "telegram", "en", "emergency", None)
    again = service.request("a", "socketio", "hi", "asked", None)
    assert (first.position, second.position) == (1, 2)
    assert again.already_waiting and again.handoff_id == first.handoff_id
    service.claim(first.handoff_id, people[0])
    assert service.position(second.handoff_id) == 1
    assert service.get(second.handoff_id).emergency_flag


def test_summary_only_when_shared_and_encrypted(database_url, people):  # noqa: F811
    service = HandoffService(database_url)
    summary = {"category": "online", "district": "Kanpur Nagar", "language": "hi", "trigger": "asked",
               "shared": "इंस्टा पर फेक प्रोफाइल 😢"}
    shared = service.get(service.request("a", "web", "hi", "asked", summary).handoff_id)
    private = service.get(service.request("b", "web", "hi", "asked", None).handoff_id)
    assert read_summary(shared) == summary and "Kanpur" not in shared.summary_enc
    assert read_summary(private) is None and private.category is None


def test_who_sees_what(database_url, people):  # noqa: F811
    asha, bina, sup = people
    service = HandoffService(database_url)
    queued = service.request("a", "web", "hi", "asked", None)
    handoff = service.claim(queued.handoff_id, asha)
    assert can_see(handoff, asha) and can_see(handoff, sup) and not can_see(handoff, bina)
    assert [h.id for h in service.queue(bina)] == []
    with pytest.raises(HandoffError):
        service.claim(queued.handoff_id, bina)
    with pytest.raises(NotAllowed):
        service.close(queued.handoff_id, bina)
    with pytest.raises(NotAllowed):
        service.transfer(queued.handoff_id, bina, bina.id)
    service.close(queued.handoff_id, asha)
    with pytest.raises(HandoffError):
        service.close(queued.handoff_id, asha)


def test_median_wait_and_counts(database_url, people):  # noqa: F811
    start = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    now = [start]
    service = HandoffService(database_url, clock=lambda: now[0])
    for index, wait in enumerate((30, 90, 600)):
        queued = service.request(f"c{index}", "web", "en", "asked", None)
        now[0] = now[0] + timedelta(seconds=wait)
        service.claim(queued.handoff_id, people[0])
    assert service.median_wait_seconds(start - timedelta(days=1)) == 90
    assert service.count_by("trigger", start - timedelta(days=1)) == {"asked": 3}


def test_callback_phone_is_encrypted(database_url):  # noqa: F811
    service = HandoffService(database_url)
    handoff_id = service.request_callback("a", "web", "hi", "+919876543210")
    handoff = service.get(handoff_id)
    assert "9876543210" not in handoff.callback_phone_enc
    assert read_callback_phone(handoff) == "+919876543210"
    assert [h.id for h in service.callbacks()] == [handoff_id]


@pytest.mark.parametrize("spec, local_time, open_", [
    ("09:00-21:00", "08:59", False), ("09:00-21:00", "09:00", True), ("09:00-21:00", "21:00", False),
    ("00:00-24:00", "03:00", True), ("20:00-08:00", "23:30", True), ("20:00-08:00", "12:00", False),
])
def test_counsellor_hours_india_time(spec, local_time, open_):
    hour, minute = map(int, local_time.split(":"))
    ist = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2026, 11, 30, hour, minute, tzinfo=ist)
    assert hours.is_open(moment, spec, "Asia/Kolkata") is open_


@pytest.mark.parametrize("bad", ["", "9-21", "25:00-26:00", "ab:cd-ef:gh"])
def test_malformed_hours_are_rejected(bad):
    with pytest.raises(ValueError):
        hours.parse_hours(bad)


# --- the actions ------------------------------------------------------------------------------------
def _tracker(intent="request_human", text="mujhe kisi se baat karni hai", slots=None, events=None):
    latest = {"intent": {"name": intent}, "text": text, "entities": []}
    return Tracker("web-session-1", {"language": "hi-Latn", **(slots or {})}, latest,
                   events or [{"event": "user", "text": text, "parse_data": latest, "input_channel": "socketio"}],
                   False, None, None, "action_listen")


@pytest.fixture
def actions_db(tmp_path, monkeypatch):
    from bot.store.init_db import init_db
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    init_db(url)
    import actions.handoff as module
    module.handoff_service.cache_clear()
    monkeypatch.setattr(module, "handoff_service", lambda: HandoffService(url))
    return url


@pytest.mark.asyncio
async def test_start_asks_for_summary_consent_in_hours(monkeypatch, actions_db):
    from actions.handoff import ActionHandoffStart
    monkeypatch.setattr(hours, "is_open", lambda *a, **k: True)
    events = [{"event": "action", "name": "utter_emergency"}, {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "haan", "input_channel": "socketio"}]
    dispatcher = CollectingDispatcher()
    result = await ActionHandoffStart().run(dispatcher, _tracker("affirm", "haan", events=events), {})
    assert dispatcher.messages[0]["response"] == "utter_request_human"
    assert {"event": "slot", "name": "handoff_stage", "value": "consent:emergency", "timestamp": None} in result


@pytest.mark.asyncio
async def test_out_of_hours_offers_1090_and_a_callback(monkeypatch, actions_db):
    from actions.handoff import ActionHandoffAnswer, ActionHandoffStart
    monkeypatch.setattr(hours, "is_open", lambda *a, **k: False)
    dispatcher = CollectingDispatcher()
    await ActionHandoffStart().run(dispatcher, _tracker(), {})
    assert dispatcher.messages[0]["response"] == "utter_handoff_out_of_hours"
    result = await ActionHandoffAnswer().run(CollectingDispatcher(),
                                             _tracker("affirm", "haan", {"handoff_stage": "out_of_hours"}), {})
    assert {"event": "followup", "name": "handoff_callback_form", "timestamp": None} in result


@pytest.mark.asyncio
@pytest.mark.parametrize("intent, shared", [("affirm", True), ("deny", False)])
async def test_answer_queues_her_and_pauses_the_bot(actions_db, intent, shared):
    from actions.handoff import ActionHandoffAnswer
    dispatcher = CollectingDispatcher()
    tracker = _tracker(intent, "/" + intent, {"handoff_stage": "consent:fallback", "district": "Lucknow",
                                              "handoff_shared_text": "pati pareshan karta hai"})
    result = await ActionHandoffAnswer().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_handoff_queued"
    assert dispatcher.messages[0]["position"] == 1
    assert any(event["event"] == "pause" for event in result)
    handoff = HandoffService(actions_db).open_handoffs()[0]
    assert conversation_id_of(handoff) == "web-session-1" and handoff.trigger == "fallback"
    assert handoff.share_summary is shared
    assert (read_summary(handoff) or {}).get("shared") == ("pati pareshan karta hai" if shared else None)


@pytest.mark.asyncio
async def test_database_down_still_gives_1090(monkeypatch):
    import actions.handoff as module
    from actions.handoff import ActionHandoffAnswer
    monkeypatch.setattr(module, "handoff_service",
                        lambda: HandoffService("postgresql+psycopg2://nobody@127.0.0.1:1/none"))
    dispatcher = CollectingDispatcher()
    result = await ActionHandoffAnswer().run(dispatcher, _tracker("affirm", "/affirm", {"handoff_stage": "consent:asked"}), {})
    assert dispatcher.messages[0]["response"] == "utter_handoff_unavailable"
    assert not any(event["event"] == "pause" for event in result)


@pytest.mark.parametrize("phone, ok", [("98765 43210", True), ("+91-9876543210", True), ("१२३", False),
                                       ("'; DROP TABLE handoffs; --", False), ("x" * 5000, False)])
def test_callback_phone_validation(phone, ok):
    from actions.handoff import ValidateHandoffCallbackForm
    dispatcher = CollectingDispatcher()
    result = ValidateHandoffCallbackForm().validate_handoff_callback_phone(phone, dispatcher, _tracker(), {})
    assert (result["handoff_callback_phone"] is not None) is ok
    assert bool(dispatcher.messages) is not ok
