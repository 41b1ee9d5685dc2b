"""Nothing lost when PostgreSQL goes down in the middle of things: stop the real server, file a
complaint (she still gets her code), start it again, retry: the complaint is there exactly once."""
import time

import psycopg2
import pytest
from sqlalchemy import select

from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport
from bot.complaints.service import ComplaintService
from bot.store.db import session_factory
from bot.store.init_db import init_db
from bot.store.models import Complaint
from tests.integration.conftest import PG, _create_pg_database, _drop_pg_database, postgres_cluster_command

pytestmark = pytest.mark.postgres


def _wait_for_postgres(up: bool, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            psycopg2.connect(dbname="postgres", connect_timeout=1, **PG).close()
            if up:
                return
        except psycopg2.OperationalError:
            if not up:
                return
        time.sleep(0.5)
    raise TimeoutError(f"PostgreSQL did not come {'up' if up else 'down'}")


def _report(service, narrative):
    code, pin, pin_hash = service.new_report_identity("anonymous")
    return ComplaintReport(reference_code=code, category="online", language="en", channel="web",
                           narrative=narrative, contact_mode="anonymous", pin_hash=pin_hash), pin


def test_postgres_stopped_mid_test(tmp_path):
    name = _create_pg_database()
    url = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    init_db(url)
    service = ComplaintService(outbox=Outbox(tmp_path / "outbox.db"), url=url)
    before, pin_before = _report(service, "filed while the database is up")
    assert not service.file(before, pin_before).queued
    try:
        postgres_cluster_command("stop")
        _wait_for_postgres(up=False)
        during, pin_during = _report(service, "filed while the database is down")
        filed = service.file(during, pin_during)
        assert filed.queued and filed.reference_code == during.reference_code
        assert service.deliver_outbox() == 0
    finally:
        postgres_cluster_command("start")
        _wait_for_postgres(up=True)
    assert service.deliver_outbox() == 1
    assert service.deliver_outbox() == 0
    with session_factory(url)() as session:
        codes = session.execute(select(Complaint.reference_code)).scalars().all()
    assert sorted(codes) == sorted([before.reference_code, during.reference_code])
    assert service.check_status(during.reference_code, pin_during).outcome == "ok"
    _drop_pg_database(name)
