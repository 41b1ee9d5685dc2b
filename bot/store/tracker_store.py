"""Rasa's SQL tracker store with every event's data encrypted at rest and conversation ids
stored only as keyed hashes.

Rasa keeps each conversation event (her messages included) as JSON in `events.data`. This store
is the same SQLTrackerStore, with that column encrypted by a SQLAlchemy type: Rasa's own save,
retrieve and query code run unchanged. Intent and action names stay readable (they are labels,
not her words), so operators can still count and debug.

Long conversations stay as fast as short ones: Rasa reads, replays and featurizes every event of the
current session on every message, so a turn at message 150 cost ~4x a turn at message 1. At the
end of a turn, once the session holds WINDOW_EVENTS events and nothing is in progress (no form, not
paused for a counsellor), this store starts a new session exactly as Rasa does when a session
expires (action_session_start, session_started, the current slot values), then a copy of the
last turn (her latest message and the bot's answer, marked `hs_carried_over` in their metadata), so
that rules waiting for her answer ("delete everything? yes/no") and `output_channel=latest` work as
before. Older events stay in the database (retrieve_full_tracker still returns them, with that one
turn twice: skip copies by their metadata).

It also erases a conversation on request: when the tracker contains the event of the
"delete my data" action, every stored event of that conversation is deleted and only what came
after that action (the reply telling her what was erased) is kept.

Keys: the store refuses to start in production without the data and pseudonym keys, so that Rasa
never runs on keys it made up. Event data under an older data key still reads (the keyring); a
conversation whose id was hashed under an older pseudonym key is moved to the current key the next
time it is read (`_rekey`), so web chats, whose random session ids nobody stores, follow a rotation.

endpoints.yml:  tracker_store: {type: bot.store.tracker_store.EncryptedSQLTrackerStore, ...}
"""
import json
import time
from typing import Any, Dict, List, Optional, Text, Type

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, _create_sequence, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

from bot import settings
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.keyring import check_keys
from bot.store.pseudonym import CONVERSATION, pseudonym, pseudonym_candidates

ERASE_ACTION = "action_delete_my_data"
CARRIED_OVER = "hs_carried_over"
# About 25-35 turns; the cost of a turn is bounded by this many events (HS_TRACKER_WINDOW_EVENTS).
WINDOW_EVENTS = settings.TRACKER_WINDOW_EVENTS

_event_classes: Dict[Text, Type[Event]] = {}


def _event_class(type_name: Text) -> Optional[Type[Event]]:
    """Rasa's Event.resolve_by_type walks every Event subclass for every event it loads, which
    made reading a 150-turn conversation cost ~150 ms; the same lookup through a dict."""
    if type_name not in _event_classes:
        _event_classes.update({cls.type_name: cls for cls in all_subclasses(Event)})
    return _event_classes.get(type_name)


def deserialise_events(serialised: List[Dict[Text, Any]]) -> List[Event]:
    """Same result as rasa.shared.core.events.deserialise_events, without the per-event scan."""
    events = []
    for parameters in serialised:
        type_name = parameters.get("event")
        if type_name is None:
            continue
        cls = _event_class(type_name)
        event = cls._from_parameters(parameters) if cls else Event.from_parameters(parameters)
        if event:
            events.append(event)
    return events


class EncryptedText(TypeDecorator):
    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_text(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt_text(value)


class PseudonymousId(TypeDecorator):
    """Stores a keyed hash of the conversation id instead of the id. Deterministic, so Rasa's own
    `sender_id == ...` queries still find the conversation; not reversible, so the table never
    holds a channel id (a socket.io session, a phone number, a chat id)."""

    impl = sa.String(255)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else pseudonym(CONVERSATION, value)

    def process_result_value(self, value, dialect):
        return value


class EncryptedSQLTrackerStore(SQLTrackerStore):
    Base: Any = declarative_base()  # Any: SQLAlchemy 1.4 is untyped (see bot/store/models.py)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        check_keys("The Rasa server (EncryptedSQLTrackerStore)")
        super().__init__(*args, **kwargs)
        # pool_pre_ping: after a PostgreSQL restart Rasa's pooled connections are dead, and a failed
        # read makes Rasa's fail-safe store answer her from an EMPTY in-memory tracker (her form gone).
        # A ping before each checkout replaces a dead connection instead (test_production_faults.py).
        upstream: Any = self.__dict__["engine"]  # set by Rasa, untyped for mypy
        url = upstream.url
        upstream.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    class SQLEvent(Base):
        __tablename__ = "events"

        id = sa.Column(sa.Integer, _create_sequence(__tablename__), primary_key=True)
        sender_id = sa.Column(PseudonymousId, nullable=False, index=True)
        type_name = sa.Column(sa.String(255), nullable=False)
        timestamp = sa.Column(sa.Float)
        intent_name = sa.Column(sa.String(255))
        action_name = sa.Column(sa.String(255))
        data = sa.Column(EncryptedText)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            self._rekey(session, sender_id)
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            serialised = [json.loads(row.data) for row in rows]
        if not (self.domain and serialised):
            return None
        return DialogueStateTracker.from_events(sender_id, deserialise_events(serialised), self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        marks = [i for i, e in enumerate(events) if isinstance(e, ActionExecuted) and e.action_name == ERASE_ACTION]
        if not marks:
            await super().save(tracker)
            if _at_rest_and_long(tracker):
                self._start_new_session(tracker)
            return
        # A stored conversation never contains the marker (it is cut off here), so any marker
        # in the tracker is new: erase, then keep only what followed it.
        with self.session_scope() as session:
            self._rekey(session, tracker.sender_id)
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            session.commit()
        remaining = DialogueStateTracker.from_events(
            tracker.sender_id, events[marks[-1] + 1:], slots=self.domain.slots if self.domain else None)
        return await super().save(remaining)

    def _rekey(self, session, sender_id: Text) -> None:
        """Moves this conversation's events from a pseudonym made under an older key to the current
        one (a no-op with a single key). A plain table, so the stored hashes are compared as they are."""
        current, *older = pseudonym_candidates(CONVERSATION, sender_id)
        if older:
            events = sa.table(self.SQLEvent.__tablename__, sa.column("sender_id", sa.String))
            session.execute(sa.update(events).where(events.c.sender_id.in_(older)).values(sender_id=current))
            session.commit()

    def _start_new_session(self, tracker: DialogueStateTracker) -> None:
        started = time.time()
        events = list(tracker.events)
        last_user = max(i for i, event in enumerate(events) if isinstance(event, UserUttered))
        new_session = [{"event": "action", "name": ACTION_SESSION_START_NAME},
                       {"event": "session_started"}]
        new_session += [SlotSet(slot.name, slot.value).as_dict() for slot in tracker.slots.values()
                        if slot.value != slot.initial_value]
        # The copy starts with an action_listen, as every user turn does.
        new_session.append({"event": "action", "name": ACTION_LISTEN_NAME})
        for event in events[last_user:]:
            data = event.as_dict()
            if isinstance(event, (UserUttered, BotUttered)):
                data["metadata"] = {**(data.get("metadata") or {}), CARRIED_OVER: True}
            new_session.append(data)
        with self.session_scope() as session:
            for data in new_session:
                data["timestamp"] = started
                intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
                session.add(self.SQLEvent(sender_id=tracker.sender_id, type_name=data["event"],
                                          timestamp=started, intent_name=intent,
                                          action_name=data.get("name"), data=json.dumps(data)))
            session.commit()
        # Should this same tracker object be saved again, only events newer than this are new.
        tracker.hs_new_session_at = started

    def _additional_events(self, session, tracker: DialogueStateTracker):
        started = getattr(tracker, "hs_new_session_at", None)
        if started is None:
            return super()._additional_events(session, tracker)
        return [event for event in tracker.events if event.timestamp > started]


def _at_rest_and_long(tracker: DialogueStateTracker) -> bool:
    events = tracker.events
    return (len(events) >= WINDOW_EVENTS
            and isinstance(events[-1], ActionExecuted) and events[-1].action_name == ACTION_LISTEN_NAME
            and tracker.active_loop_name is None and not tracker.is_paused()
            and tracker.followup_action is None
            and any(isinstance(event, UserUttered) for event in events))
