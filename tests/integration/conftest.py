"""Databases for integration tests: a fresh SQLite file and a fresh PostgreSQL database."""
import subprocess
import uuid

import psycopg2
import pytest

from bot.store.init_db import init_db

PG = dict(host="127.0.0.1", port=5432, user="postgres")


def _create_pg_database() -> str:
    name = "hs_it_" + uuid.uuid4().hex[:8]
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return name


def _drop_pg_database(name: str) -> None:
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hamari.db'}"
        init_db(url)
        yield url
        return
    name = _create_pg_database()
    url = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    init_db(url)
    yield url
    from bot.store.db import get_engine
    get_engine(url).dispose()
    _drop_pg_database(name)


def postgres_cluster_command(action: str) -> None:
    version = subprocess.run("ls /etc/postgresql | sort -V | tail -n1", shell=True, capture_output=True,
                             text=True, check=True).stdout.strip()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True)
