"""Brings the database to the latest schema: `python -m bot.store.init_db` (safe to repeat)."""
from typing import Optional

from sqlalchemy import select

from bot.store.db import get_engine, session_factory
from bot.store.encryption import ensure_local_key
from bot.store.migrate import upgrade
from bot.store.models import SCHEMA_VERSION, AppInfo


def init_db(url: Optional[str] = None) -> None:
    ensure_local_key()
    upgrade(url)
    with session_factory(url)() as session, session.begin():
        row = session.execute(select(AppInfo).where(AppInfo.key == "schema_version")).scalar_one_or_none()
        if row is None:
            session.add(AppInfo(key="schema_version", value=SCHEMA_VERSION))
        else:
            row.value = SCHEMA_VERSION


if __name__ == "__main__":
    init_db()
    print(f"database ready: {get_engine().url.render_as_string(hide_password=True)}")
