"""Schema migrations with Alembic, without an alembic.ini: `python -m bot.store.migrate [revision]`."""
import sys
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config

from bot import settings
from bot.store.db import get_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: Optional[str] = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or settings.DATABASE_URL).replace("%", "%%"))
    return config


def upgrade(url: Optional[str] = None, revision: str = "head") -> None:
    get_engine(url)  # creates the SQLite folder when needed
    command.upgrade(alembic_config(url), revision)


if __name__ == "__main__":
    upgrade(revision=sys.argv[1] if len(sys.argv) > 1 else "head")
