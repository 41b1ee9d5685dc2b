"""Alembic environment: the URL comes from the caller (bot.store.migrate) or DATABASE_URL."""
from alembic import context
from sqlalchemy import create_engine

from bot import settings
from bot.store.models import Base

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or settings.DATABASE_URL
    with create_engine(url, future=True).connect() as connection:
        _run(connection)


def _run(connection) -> None:
    # render_as_batch: SQLite can only alter tables by copying them.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
