"""Conversations are encrypted at rest in the tracker store and read back intact."""
import asyncio
import json
import sqlite3

import pytest
from cryptography.fernet import Fernet, InvalidToken
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store import encryption
from bot.store.tracker_store import EncryptedSQLTrackerStore
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SECRET_WORDS = "mera pati Rameshxyz mujhe 9876501234 se dhamki deta hai"


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
    encryption.cipher.cache_clear()
    yield
    encryption.cipher.cache_clear()


def _store(path):
    return EncryptedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))


def _tracker():
    return DialogueStateTracker.from_events("pseudonym-1", [
        ActionExecuted("action_listen"),
        UserUttered(SECRET_WORDS, {"name": "report_harassment", "confidence": 0.9}),
    ], DOMAIN.slots)


def test_round_trip_and_nothing_readable_on_disk(tmp_path, key):
    path = tmp_path / "tracker.db"
    asyncio.run(_store(path).save(_tracker()))
    restored = asyncio.run(_store(path).retrieve("pseudonym-1"))
    assert restored.latest_message.text == SECRET_WORDS
    raw = path.read_bytes()
    assert b"Rameshxyz" not in raw and b"9876501234" not in raw
    with sqlite3.connect(path) as connection:
        (data,) = connection.execute("SELECT data FROM events WHERE type_name = 'user'").fetchone()
    assert data.startswith("gAAAA")  # a Fernet token
    with sqlite3.connect(path) as connection:
        senders = {s for (s,) in connection.execute("SELECT sender_id FROM events")}
    assert len(senders) == 1 and "pseudonym-1" not in senders and len(senders.pop()) == 64


def test_a_wrong_key_fails_loudly(tmp_path, key, monkeypatch):
    path = tmp_path / "tracker.db"
    asyncio.run(_store(path).save(_tracker()))
    monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
    encryption.cipher.cache_clear()
    with pytest.raises((Exception, SystemExit)) as raised:  # Rasa turns store errors into an exit
        asyncio.run(_store(path).retrieve("pseudonym-1"))
    # Not just any error (ciphertext passed on as text also fails, later, in JSON parsing): the
    # decryption's own refusal, caused by Fernet's InvalidToken.
    refusal = _in_chain(raised.value, ValueError)
    assert refusal is not None and "cannot be decrypted" in str(refusal), repr(raised.value)
    assert isinstance(refusal.__cause__, InvalidToken)


def _in_chain(error, kind):
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind) and not isinstance(error, json.JSONDecodeError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def test_decrypting_under_a_wrong_key_raises_and_never_returns_the_ciphertext(key, monkeypatch):
    token = encryption.encrypt_text(SECRET_WORDS)
    assert encryption.decrypt_text(token) == SECRET_WORDS
    with pytest.raises(ValueError, match="cannot be decrypted"):
        encryption.decrypt_text(token[:-8] + "AAAAAAA=")  # tampered
    monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
    encryption.cipher.cache_clear()
    with pytest.raises(ValueError, match="cannot be decrypted") as raised:
        encryption.decrypt_text(token)
    assert isinstance(raised.value.__cause__, InvalidToken)


def test_local_key_file_is_created_private(tmp_path, monkeypatch):
    monkeypatch.delenv(encryption.KEY_ENV, raising=False)
    monkeypatch.setattr(encryption.settings, "VAR_DIR", tmp_path)
    encryption.cipher.cache_clear()
    try:
        token = encryption.encrypt_text("नमस्ते")
        assert encryption.decrypt_text(token) == "नमस्ते"
        key_file = encryption.local_key_path()
        assert key_file.stat().st_mode & 0o777 == 0o600
    finally:
        encryption.cipher.cache_clear()


def test_delete_my_data_erases_everything_before_it(tmp_path, key):
    from rasa.shared.core.events import BotUttered
    path = tmp_path / "tracker.db"
    store = _store(path)
    asyncio.run(store.save(_tracker()))
    tracker = asyncio.run(store.retrieve("pseudonym-1"))
    tracker.update(UserUttered("delete my data", {"name": "delete_my_data", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(BotUttered("Done. Erased: this whole conversation"))
    asyncio.run(store.save(tracker))
    with sqlite3.connect(path) as connection:
        types = [t for (t,) in connection.execute("SELECT type_name FROM events ORDER BY id")]
    assert types == ["bot"]
    restored = asyncio.run(_store(path).retrieve("pseudonym-1"))
    assert [e.type_name for e in restored.events] == ["bot"]
    # Later messages are stored after it as usual.
    restored.update(UserUttered("namaste", {"name": "greet", "confidence": 1.0}))
    asyncio.run(_store(path).save(restored))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 2


def test_fast_event_deserialisation_matches_rasas_own():
    from rasa.shared.core import events as rasa_events

    from bot.store.tracker_store import deserialise_events

    serialised = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.1},
        {"event": "slot", "name": "language", "value": "hi", "timestamp": 1.2},
        {"event": "user", "text": "मदद", "parse_data": {"intent": {"name": "help", "confidence": 0.9},
                                                         "entities": []}, "timestamp": 1.3},
        {"event": "bot", "text": "नमस्ते", "data": {"buttons": [{"title": "a", "payload": "/a"}]}, "timestamp": 1.4},
        {"event": "active_loop", "name": "report_form", "timestamp": 1.5},
        {"event": "pause", "timestamp": 1.6},
        {"event": "resume", "timestamp": 1.7},
        {"event": "reminder", "intent": "EXTERNAL_x", "name": "r1", "date_time": "2026-12-01T10:00:00", "timestamp": 1.8},
        {"no_event_key": True},
    ]
    assert deserialise_events(serialised) == rasa_events.deserialise_events(serialised)


def _long_conversation(store, turns, sender="pseudonym-long"):
    from rasa.shared.core.events import BotUttered, SlotSet
    for turn in range(turns):
        tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
        tracker.update(UserUttered(f"namaste {turn}", {"name": "greet", "confidence": 1.0}))
        if turn == 1:
            tracker.update(SlotSet("language", "en"))
        tracker.update(ActionExecuted("utter_greet"))
        tracker.update(BotUttered(f"reply {turn}"))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    return asyncio.run(store.retrieve(sender))


def test_a_long_conversation_continues_in_a_new_session_with_its_slots(tmp_path, key, monkeypatch):
    import bot.store.tracker_store as module
    monkeypatch.setattr(module, "WINDOW_EVENTS", 20)
    store = _store(tmp_path / "tracker.db")
    tracker = _long_conversation(store, 30)
    # The window stays bounded however long she talks.
    assert len(tracker.events) < 20 + 4 + 2
    assert tracker.get_slot("language") == "en"
    assert any(e.type_name == "session_started" for e in tracker.events)
    # Her last turn is still the latest message (rules waiting for her answer, output_channel=latest).
    assert tracker.latest_message.text == "namaste 29"
    assert tracker.latest_action_name == "action_listen"
    full = asyncio.run(store.retrieve_full_tracker("pseudonym-long"))
    texts = [e.text for e in full.events
             if isinstance(e, UserUttered) and not (e.metadata or {}).get("hs_carried_over")]
    assert texts == [f"namaste {turn}" for turn in range(30)]  # nothing lost, nothing doubled


def test_saving_the_same_tracker_again_after_a_new_session_adds_only_new_events(tmp_path, key, monkeypatch):
    import bot.store.tracker_store as module
    monkeypatch.setattr(module, "WINDOW_EVENTS", 4)
    store = _store(tmp_path / "tracker.db")
    tracker = DialogueStateTracker("pseudonym-2", DOMAIN.slots)
    for event in [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet", "confidence": 1.0}),
                  ActionExecuted("utter_greet"), ActionExecuted("action_listen")]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("again", {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    full = asyncio.run(store.retrieve_full_tracker("pseudonym-2"))
    assert [e.text for e in full.events if isinstance(e, UserUttered)
            and not (e.metadata or {}).get("hs_carried_over")] == ["hi", "again"]
    assert asyncio.run(store.retrieve("pseudonym-2")).latest_message.text == "again"


def test_no_new_session_inside_a_form_or_while_paused(tmp_path, key, monkeypatch):
    from rasa.shared.core.events import ActiveLoop, ConversationPaused
    import bot.store.tracker_store as module
    monkeypatch.setattr(module, "WINDOW_EVENTS", 2)
    for marker in (ActiveLoop("report_form"), ConversationPaused()):
        tracker = DialogueStateTracker("pseudonym-3", DOMAIN.slots)
        for event in [marker, UserUttered("x", {"name": "inform", "confidence": 1.0}),
                      ActionExecuted("action_listen")]:
            tracker.update(event)
        assert module._at_rest_and_long(tracker) is False


def test_a_conversation_hashed_under_an_older_pseudonym_key_moves_to_the_current_one(tmp_path, key, monkeypatch):
    """Web chats' session ids are stored nowhere, so rotate_keys cannot re-key them: the store does,
    the next time the conversation is read; after that the older key is no longer needed for it."""
    from bot import settings
    from bot.store import keyring
    from bot.store.pseudonym import CONVERSATION, pseudonym
    old, new = "o" * 40, "n" * 40
    path = tmp_path / "tracker.db"
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"old:{old}")
    keyring.reset()
    asyncio.run(_store(path).save(_tracker()))
    before = pseudonym(CONVERSATION, "pseudonym-1")
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"new:{new},old:{old}")
    keyring.reset()
    try:
        restored = asyncio.run(_store(path).retrieve("pseudonym-1"))
        assert restored.latest_message.text == SECRET_WORDS
        after = pseudonym(CONVERSATION, "pseudonym-1")
        with sqlite3.connect(path) as connection:
            senders = {s for (s,) in connection.execute("SELECT sender_id FROM events")}
        assert senders == {after} and after != before
        monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"new:{new}")   # the old key retired
        keyring.reset()
        assert asyncio.run(_store(path).retrieve("pseudonym-1")).latest_message.text == SECRET_WORDS
    finally:
        keyring.reset()
