"""Migration 0009 on SQLite and PostgreSQL: handoffs written with raw conversation ids keep working
with the ids encrypted and hashed; codes locked (or half-way to a lock) stay so; and back again."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import command

from bot.complaints.codes import hash_pin
from bot.complaints.service import ComplaintService
from bot.handoff.service import HandoffService, conversation_id_of, is_conversation
from bot.store.db import get_engine
from bot.store.migrate import alembic_config, upgrade
from bot.store.types import UtcDateTime

RAW_SESSION = "sBKmXr8Zp2-raw-socketio-session"
NOW = datetime.now(timezone.utc)


def _table(name, *columns):
    return sa.table(name, *[sa.column(column, kind) for column, kind in columns])


def test_migration_0009_moves_raw_ids_and_pin_counts(database_url):
    command.downgrade(alembic_config(database_url), "0007")
    engine = get_engine(database_url)
    handoffs = _table("handoffs", ("conversation_id", sa.String), ("channel", sa.String), ("language", sa.String),
                      ("trigger", sa.String), ("status", sa.String), ("share_summary", sa.Boolean),
                      ("emergency_flag", sa.Boolean), ("requested_at", UtcDateTime()))
    complaints = _table("complaints", ("reference_code", sa.String), ("category", sa.String), ("status", sa.String),
                        ("language", sa.String), ("channel", sa.String), ("narrative_enc", sa.Text),
                        ("contact_mode", sa.String), ("pin_hash", sa.String), ("pin_failed_attempts", sa.Integer),
                        ("pin_locked_until", UtcDateTime()), ("created_at", UtcDateTime()),
                        ("updated_at", UtcDateTime()))
    with engine.begin() as connection:
        connection.execute(sa.insert(handoffs).values(
            conversation_id=RAW_SESSION, channel="socketio", language="hi", trigger="asked", status="waiting",
            share_summary=False, emergency_flag=False, requested_at=NOW))
        for code, failed, locked in (("HS-LCKD-2345", 0, NOW + timedelta(minutes=20)), ("HS-HALF-2345", 4, None)):
            connection.execute(sa.insert(complaints).values(
                reference_code=code, category="stalking", status="received", language="hi", channel="rest",
                narrative_enc="x", contact_mode="anonymous", pin_hash=hash_pin("123456"), pin_failed_attempts=failed,
                pin_locked_until=locked, created_at=NOW, updated_at=NOW))
    upgrade(database_url)

    with engine.connect() as connection:
        raw_rows = [row for row in connection.execute(sa.text("SELECT * FROM handoffs")).all()
                    if any(RAW_SESSION in str(value) for value in row)]
    assert raw_rows == []
    [handoff] = HandoffService(database_url).open_handoffs()
    assert is_conversation(handoff, RAW_SESSION) and conversation_id_of(handoff) == RAW_SESSION
    assert HandoffService(database_url).request(RAW_SESSION, "socketio", "hi", "asked", None).already_waiting
    service = ComplaintService(url=database_url)
    assert service.check_status("HS-LCKD-2345", "123456").outcome == "locked"       # still locked
    assert service.check_status("HS-HALF-2345", "000000").outcome == "locked"       # the fifth wrong PIN

    command.downgrade(alembic_config(database_url), "0007")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT conversation_id FROM handoffs")).scalars().all() == [RAW_SESSION]
    upgrade(database_url)
