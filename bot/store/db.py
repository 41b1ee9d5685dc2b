"""Engine and sessions, SQLAlchemy 2.0 style (`future=True`) on SQLAlchemy 1.4."""
from functools import cache
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot import settings


@cache
def get_engine(url: Optional[str] = None) -> Engine:
    url = url or settings.DATABASE_URL
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    # pool_pre_ping: a PostgreSQL restart must not turn into errors on the next message.
    return create_engine(url, future=True, pool_pre_ping=True)


def session_factory(url: Optional[str] = None) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)
