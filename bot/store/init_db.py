"""Brings the database to the latest schema: `python -m bot.store.init_db` (safe to repeat)."""
from typing import Optional

from sqlalchemy import select

from bot.store.db import get_engine, session_factory
from bot.store.keyring import check_keys
from bot.store.migrate import upgrade
from bot.store.models import SCHEMA_VERSION, AppInfo


def init_db(url: Optional[str] = None) -> None:
    check_keys("init_db")  # a migration may encrypt (0009): never under a key made up here
    upgrade(url)
    with session_factory(url)() as session, session.begin():
        row = session.execute(select(AppInfo).where(AppInfo.key == "schema_version")).scalar_one_or_none()
        if row is None:
            session.add(AppInfo(key="schema_version", value=SCHEMA_VERSION))
        else:
            row.value = SCHEMA_VERSION


if __name__ == "__main__":
    from bot.store.secrets import MissingSecrets
    try:
        init_db()
    except MissingSecrets as error:
        raise SystemExit(str(error)) from None
    print(f"database ready: {get_engine().url.render_as_string(hide_password=True)}")
