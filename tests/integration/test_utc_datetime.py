"""UtcDateTime (bot/store/types.py) on real SQLite and PostgreSQL databases: every moment is stored
in UTC and read back aware and UTC, and the column DDL is the one the migrations create."""
from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, select, text

from bot.india_time import INDIA
from bot.store.db import get_engine, session_factory
from bot.store.models import AuditEntry, Base, StaffUser
from bot.store.types import UtcDateTime

UTC_MOMENT = datetime(2026, 12, 1, 18, 45, 30, 123456, tzinfo=timezone.utc)   # 00:15 on 2 Dec in India


def _india_session(url):
    """The same database through connections whose time zone is India's (a server set up in India):
    PostgreSQL then returns timestamptz values in +05:30."""
    return url + "?options=-c%20timezone%3DAsia/Kolkata" if url.startswith("postgresql") else url


def _store(url, **columns):
    with session_factory(url)() as session, session.begin():
        user = StaffUser(username=f"u{len(columns)}-{id(columns)}", display_name="U", password_hash="x",
                         role="counsellor", **columns)
        session.add(user)
    return user.id


def _read(url, user_id):
    with session_factory(url)() as session:
        return session.get(StaffUser, user_id)


@pytest.mark.parametrize("written", [
    UTC_MOMENT,                                  # aware UTC
    UTC_MOMENT.astimezone(INDIA),                # the same moment in India time
    UTC_MOMENT.astimezone(timezone(timedelta(hours=-5))),
    UTC_MOMENT.replace(tzinfo=None),             # naive: taken to be UTC
])
def test_every_moment_comes_back_aware_and_utc(database_url, written):
    user_id = _store(database_url, created_at=written, locked_until=written)
    for url in (database_url, _india_session(database_url)):
        user = _read(url, user_id)
        for moment in (user.created_at, user.locked_until):
            assert moment == UTC_MOMENT
            assert moment.tzinfo is timezone.utc
    get_engine(_india_session(database_url)).dispose()


def test_nothing_stays_nothing(database_url):
    assert _read(database_url, _store(database_url, locked_until=None)).locked_until is None


def test_defaults_and_column_only_selects_are_aware_too(database_url):
    before = datetime.now(timezone.utc)
    user_id = _store(database_url)
    with session_factory(database_url)() as session:
        created = session.execute(select(StaffUser.created_at).where(StaffUser.id == user_id)).scalar_one()
    assert created.tzinfo is timezone.utc and before - timedelta(seconds=5) <= created <= datetime.now(timezone.utc)


def test_an_india_time_bound_compares_by_the_moment_not_the_wall_clock(database_url):
    with session_factory(database_url)() as session, session.begin():
        session.add_all([AuditEntry(at=UTC_MOMENT - timedelta(minutes=1), action="before"),
                         AuditEntry(at=UTC_MOMENT, action="at"),
                         AuditEntry(at=UTC_MOMENT + timedelta(hours=3), action="after")])
    india_bound = UTC_MOMENT.astimezone(INDIA)   # 00:15 in India: as text it would sort after 18:45 UTC
    with session_factory(database_url)() as session:
        found = session.execute(select(AuditEntry.action).where(AuditEntry.at >= india_bound)
                                .order_by(AuditEntry.at)).scalars().all()
    assert found == ["at", "after"]


def test_stored_in_utc(database_url):
    _store(database_url, locked_until=UTC_MOMENT.astimezone(INDIA))
    with get_engine(database_url).connect() as connection:
        if database_url.startswith("sqlite"):
            raw = connection.execute(text("SELECT locked_until FROM staff_users")).scalar_one()
            assert raw.startswith("2026-12-01 18:45:30")
        else:
            raw = connection.execute(text("SELECT locked_until AT TIME ZONE 'UTC' FROM staff_users")).scalar_one()
            assert raw == UTC_MOMENT.replace(tzinfo=None)


def test_the_models_match_the_migrations(database_url):
    # UtcDateTime is DateTime(timezone=True) in the database: no Alembic revision was needed for it.
    with get_engine(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_datetime_column_is_utc():
    columns = [column for table in Base.metadata.tables.values() for column in table.columns]
    assert not [c for c in columns if isinstance(c.type, DateTime)]   # a plain DateTime reads back naive on SQLite
    assert len([c for c in columns if isinstance(c.type, UtcDateTime)]) >= 30
