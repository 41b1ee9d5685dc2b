"""Rasa's SQL tracker store with every event's data encrypted at rest.

Rasa keeps each conversation event (her messages included) as JSON in `events.data`. This store
is the same SQLTrackerStore, with that column encrypted by a SQLAlchemy type: Rasa's own save,
retrieve and query code run unchanged. Intent and action names stay readable (they are labels,
not her words), so operators can still count and debug.

endpoints.yml:  tracker_store: {type: bot.store.tracker_store.EncryptedSQLTrackerStore, ...}
"""
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, _create_sequence
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import Text, TypeDecorator

from bot.store.encryption import decrypt_text, encrypt_text


class EncryptedText(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_text(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt_text(value)


class EncryptedSQLTrackerStore(SQLTrackerStore):
    Base = declarative_base()

    class SQLEvent(Base):
        __tablename__ = "events"

        id = sa.Column(sa.Integer, _create_sequence(__tablename__), primary_key=True)
        sender_id = sa.Column(sa.String(255), nullable=False, index=True)
        type_name = sa.Column(sa.String(255), nullable=False)
        timestamp = sa.Column(sa.Float)
        intent_name = sa.Column(sa.String(255))
        action_name = sa.Column(sa.String(255))
        data = sa.Column(EncryptedText)
