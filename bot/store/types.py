"""Column types of our own."""
from datetime import datetime, timezone
from typing import Optional

from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator):
    """A moment in time: stored in UTC, always read back as an aware UTC datetime, on every database.

    Plain `DateTime(timezone=True)` reads back naive datetimes on SQLite (which keeps no time zone)
    and datetimes in the connection's time zone on PostgreSQL; SQLite also stores an aware value's
    wall-clock time as it is, so an India-time bound would be compared as if it were UTC. Here every
    value is turned into UTC on the way in (a naive one is taken to be UTC already: everything we
    store is) and comes out aware and UTC.

    In the database it is still `DateTime(timezone=True)` (TIMESTAMP WITH TIME ZONE on PostgreSQL,
    DATETIME on SQLite): the DDL, and so the Alembic migrations, do not change.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        return _utc(value)

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        return _utc(value)


def _utc(moment: Optional[datetime]) -> Optional[datetime]:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
