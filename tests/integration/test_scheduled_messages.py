"""The one scheduled-message service (bot/jobs/) on SQLite and PostgreSQL: stored encrypted, claimed
by one worker only (two workers at once send each message exactly once), retried with backoff, dead
letters kept for staff, cancelled by a do-not-contact record, deleted with her data."""
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.jobs.do_not_contact import DoNotContact
from bot.jobs.scheduled import CLAIM_TIMEOUT, Outcome, ScheduledMessages
from bot.jobs.worker import Worker
from bot.store.db import get_engine

CONVERSATION = "9f2c-her-conversation-id"
SECRET_TEXT = "Aapke case HS-ABCD-2345 par kaam hua hai"
NOW = datetime.now(timezone.utc)


def _service(url, **kwargs):
    return ScheduledMessages(url, max_attempts=kwargs.pop("max_attempts", 3),
                             retry_base=kwargs.pop("retry_base", timedelta(seconds=60)))


def _schedule(service, n=1, conversation=CONVERSATION, **kwargs):
    return [service.schedule("status_update", "telegram", conversation, {"text": f"{SECRET_TEXT} #{i}"},
                             due_at=kwargs.get("due_at", NOW - timedelta(seconds=1)), **kwargs.get("extra", {}))
            for i in range(n)]


def _dump(url):
    with get_engine(url).connect() as connection:
        return " ".join(str(value) for row in connection.execute(sa.text("SELECT * FROM scheduled_messages"))
                        for value in row)


def test_text_and_recipient_are_stored_encrypted_and_a_claim_decrypts_them(database_url):
    service = _service(database_url)
    [message_id] = _schedule(service)
    dump = _dump(database_url)
    assert SECRET_TEXT not in dump and CONVERSATION not in dump and "HS-ABCD" not in dump
    [message] = service.claim_due("w1")
    assert (message.id, message.conversation_id, message.payload["text"]) == (message_id, CONVERSATION,
                                                                              f"{SECRET_TEXT} #0")
    assert service.finish(message, Outcome.sent()) == "sent"
    assert service.claim_due("w1") == []          # sent once, never again
    assert service.counts() == {"sent": 1}


def test_nothing_before_it_is_due_and_a_dedupe_key_schedules_once(database_url):
    service = _service(database_url)
    _schedule(service, due_at=NOW + timedelta(hours=1))
    assert service.claim_due("w1") == []
    assert service.claim_due("w1", now=NOW + timedelta(hours=2)) != []
    first = service.schedule("follow_up", "telegram", CONVERSATION, {"text": "x"}, dedupe_key="follow_up:7:1")
    again = service.schedule("follow_up", "telegram", CONVERSATION, {"text": "x"}, dedupe_key="follow_up:7:1")
    assert first is not None and again is None


def test_failures_back_off_then_die_where_supervisors_see_them_and_can_requeue(database_url):
    service = _service(database_url, max_attempts=3)
    [message_id] = _schedule(service)
    moment, delays = NOW, []
    for _ in range(3):
        [message] = service.claim_due("w1", now=moment)
        status = service.finish(message, Outcome("retry", "rasa_503"), now=moment)
        if status == "pending":
            with get_engine(database_url).connect() as connection:
                due = connection.execute(sa.text("SELECT due_at FROM scheduled_messages")).scalar_one()
            due = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
            due = due if due.tzinfo else due.replace(tzinfo=timezone.utc)
            delays.append(round((due - moment).total_seconds()))
            assert service.claim_due("w1", now=moment) == []     # not before the backoff is over
            moment = due
    assert delays == [60, 120]                 # doubled each time
    assert status == "dead"
    [dead] = service.dead_letters()
    assert (dead.id, dead.kind, dead.channel, dead.attempts, dead.last_error) == (
        message_id, "status_update", "telegram", 3, "rasa_503")
    assert service.claim_due("w1", now=moment + timedelta(days=1)) == []
    assert service.requeue(message_id)
    [message] = service.claim_due("w1", now=moment + timedelta(days=1))
    assert message.attempts == 1


def test_a_form_in_progress_defers_without_using_up_attempts(database_url):
    service = _service(database_url, max_attempts=1)
    _schedule(service)
    for minutes in (0, 6, 12):
        [message] = service.claim_due("w1", now=NOW + timedelta(minutes=minutes))
        assert service.finish(message, Outcome("defer"), now=NOW + timedelta(minutes=minutes)) == "pending"
    [message] = service.claim_due("w1", now=NOW + timedelta(minutes=18))
    assert message.attempts == 1 and service.finish(message, Outcome.sent()) == "sent"


def test_a_claim_left_by_a_dead_worker_is_released_and_the_old_holder_cannot_finish_it(database_url):
    service = _service(database_url)
    _schedule(service)
    [stale] = service.claim_due("crashed", now=NOW)
    assert service.claim_due("w2", now=NOW + timedelta(minutes=1)) == []       # still held
    [fresh] = service.claim_due("w2", now=NOW + CLAIM_TIMEOUT + timedelta(minutes=1))
    assert fresh.id == stale.id and fresh.claim_token != stale.claim_token
    service.finish(stale, Outcome("retry", "late"))                             # ignored: not its claim
    assert service.finish(fresh, Outcome.sent()) == "sent"
    assert service.counts() == {"sent": 1}


def test_two_workers_at_once_send_each_message_exactly_once(database_url):
    service = _service(database_url)
    ids = _schedule(service, n=120)
    sent: Counter = Counter()
    by_worker: Counter = Counter()
    lock = threading.Lock()

    def deliver_as(name):
        def deliver(message):
            time.sleep(0.002)              # a network call: gives the other worker time to try the same rows
            with lock:
                sent[message.id] += 1
                by_worker[name] += 1
            return Outcome.sent()
        return deliver

    workers = [Worker(ScheduledMessages(database_url), deliver_as(f"w{i}"), name=f"w{i}", batch=5) for i in range(2)]
    start = threading.Barrier(len(workers))

    def run(worker):
        start.wait()
        while worker.run_once():
            pass

    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(sent) == set(ids)
    assert [i for i, n in sent.items() if n != 1] == []
    assert service.counts() == {"sent": 120}
    assert min(by_worker.values()) > 0, by_worker      # both really worked


def test_a_delivery_that_raises_is_retried_not_lost(database_url):
    service = _service(database_url)
    _schedule(service)

    def broken(message):
        raise ConnectionError("down")

    assert Worker(service, broken, name="w1").run_once() == {"pending": 1}
    [dead] = [row for row in _dump(database_url).split() if row == "ConnectionError"]
    assert dead == "ConnectionError"


def test_do_not_contact_and_delete_my_data(database_url):
    service = _service(database_url)
    _schedule(service, n=2)
    _schedule(service, n=1, conversation="someone-else")
    register = DoNotContact(database_url)
    assert not register.applies("telegram", CONVERSATION)
    register.add("telegram", CONVERSATION, "exit")
    register.add("telegram", CONVERSATION, "exit")            # twice is fine
    assert register.applies("telegram", CONVERSATION) and not register.applies("whatsapp", CONVERSATION)
    assert service.cancel_for_recipient(CONVERSATION) == 2
    [other] = service.claim_due("w1")
    assert other.conversation_id == "someone-else"
    assert service.forget_recipient(CONVERSATION) == 2
    assert service.counts() == {"sending": 1}
    assert CONVERSATION not in _dump(database_url)


def test_migration_0010_goes_down_and_up(database_url):
    from alembic import command

    from bot.store.migrate import alembic_config, upgrade
    _schedule(_service(database_url))
    command.downgrade(alembic_config(database_url), "0009")
    assert not {"scheduled_messages", "do_not_contact"} & set(sa.inspect(get_engine(database_url)).get_table_names())
    upgrade(database_url)
    get_engine(database_url).dispose()
    assert {"scheduled_messages", "do_not_contact"} <= set(sa.inspect(get_engine(database_url)).get_table_names())
    assert _service(database_url).counts() == {}


WORKER_PROCESS = """
import os, sys, time
from bot.jobs.scheduled import Outcome, ScheduledMessages
from bot.jobs.worker import Worker
url, log, name = sys.argv[1], sys.argv[2], sys.argv[3]
def deliver(message):
    time.sleep(0.005)
    with open(log, "a") as out:           # one line per send, appended atomically
        out.write(f"{message.id} {name}\\n")
    return Outcome.sent()
worker = Worker(ScheduledMessages(url), deliver, name=name, batch=4)
while worker.run_once():
    pass
"""


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_worker_processes_on_postgresql_send_each_message_once(database_url, tmp_path):
    import os
    import subprocess
    import sys
    from tests.conftest import ROOT
    service = _service(database_url)
    ids = _schedule(service, n=80)
    log = tmp_path / "sent.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER_PROCESS, database_url, str(log), f"p{i}"], env=env)
               for i in range(2)]
    assert [worker.wait(timeout=180) for worker in workers] == [0, 0]
    lines = [line.split() for line in log.read_text().splitlines()]
    sent = Counter(int(message_id) for message_id, _ in lines)
    assert set(sent) == set(ids) and max(sent.values()) == 1
    assert service.counts() == {"sent": 80}
