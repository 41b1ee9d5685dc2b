"""ORM models. Complaints, bookings and handoffs arrive with their flows (and Alembic migrations)."""
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()

SCHEMA_VERSION = "1"


class AppInfo(Base):
    """Facts about this database itself, such as the schema version the code expects."""

    __tablename__ = "app_info"

    key = Column(String(64), primary_key=True)
    value = Column(String(256), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False,
                        default=lambda: datetime.now(timezone.utc))
