"""The production configuration for real: deploy/endpoints.production.yml with a PostgreSQL
tracker store and a Redis lock store, both running on this machine."""
import concurrent.futures
import secrets
import threading
import uuid
from datetime import date, datetime

import psycopg2
import pytest
import redis
import requests
from cryptography.fernet import Fernet

from bot.store import keyring
from bot.store.init_db import init_db
from bot.store.pseudonym import pseudonym
from tests.conftest import ROOT
from tests.e2e.conftest import Chat, record_metric
from tests.e2e.servers import Servers, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
PG = dict(host="127.0.0.1", port=5432, user="postgres")


@pytest.fixture(scope="module")
def database():
    name = "hs_test_" + uuid.uuid4().hex[:8]
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    admin.close()
    yield name
    # A connection of its own: one held for the whole module dies if PostgreSQL restarts meanwhile.
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(scope="module")
def production_servers(tmp_path_factory, database):
    redis.Redis(host="127.0.0.1", port=6379).ping()
    rasa_port, action_port = free_port(), free_port()
    database_url = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{database}"
    keys = {"HS_DATA_KEY": "k1:" + Fernet.generate_key().decode(), "HS_PSEUDONYM_KEY": "p1:" + secrets.token_hex(32)}
    env = {
        "DATABASE_URL": database_url,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": database,
        "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "7", "REDIS_PASSWORD": "",
        # The production profile: the servers start only because every key is given.
        "HS_PROFILE": "production", **keys,
        # These tests talk over REST, which the production profile turns off for the public.
        "HS_REST_CHANNEL": "on",
    }
    with pytest.MonkeyPatch.context() as patch:   # this process reads and hashes with the same keys
        for name, value in keys.items():
            patch.setenv(name, value)
        keyring.reset()
        init_db(database_url)  # the complaint tables live beside Rasa's events table
        servers = Servers(rasa_port, action_port, tmp_path_factory.mktemp("prod"),
                          ROOT / "deploy" / "endpoints.production.yml", extra_env=env)
        servers.database_url = database_url
        servers.data_key = env["HS_DATA_KEY"]
        servers.start()
        yield servers
        servers.stop()
    keyring.reset()


def test_without_credentials_the_real_server_starts_with_the_channel_off(production_servers):
    """No TELEGRAM_* variables (as here, and in the run command by default): Rasa runs, the webhook
    answers 503. (The session's shared servers have the channel on, against the fake Bot API.)"""
    from tests.e2e.test_telegram_e2e import post
    from tests.fakes import telegram_updates as u
    assert requests.get(production_servers.url + "/webhooks/telegram/", timeout=30).json() == {"status": "disabled"}
    assert post(production_servers, u.text("hello")).status_code == 503
    assert "Telegram channel disabled" in production_servers.log("rasa")


def _user_texts(database, sender):
    with psycopg2.connect(dbname=database, **PG) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                       (pseudonym("conversation", sender),))
        return [row[0] for row in cursor.fetchall()]


def test_conversation_is_stored_in_postgresql_encrypted(production_servers, database):
    chat = Chat(production_servers)
    assert chat.replies("namaste ji")[0] == ("utter_greet", "hi-Latn")
    assert chat.replies("bachao Sunitaxyz")[0] == ("utter_emergency", "hi-Latn")
    stored = _user_texts(database, chat.sender)
    assert len(stored) == 2
    assert not any("Sunitaxyz" in data or "namaste" in data for data in stored)
    assert all(data.startswith("gAAAA") for data in stored)
    # Rasa holds a pooled connection to the lock store's Redis database (7) once it has locked.
    clients = redis.Redis(host="127.0.0.1", port=6379).client_list()
    assert any(client.get("db") == "7" for client in clients)


def _redis_commands_during(run, db: int = 7) -> list:
    """The commands Redis received on database `db` while `run()` ran (Redis MONITOR)."""
    client = redis.Redis(host="127.0.0.1", port=6379, db=db)
    commands, watching, end = [], threading.Event(), "end-of-watch-" + uuid.uuid4().hex

    def watch():
        with client.monitor() as monitor:
            watching.set()
            for command in monitor.listen():
                if end in command["command"]:
                    return
                if command["db"] == db:
                    commands.append(command["command"])

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert watching.wait(10), "Redis MONITOR did not start"
    run()
    client.echo(end)
    watcher.join(10)
    return commands


def test_concurrent_messages_of_one_conversation_are_serialised_by_the_redis_lock(production_servers, database):
    chat = Chat(production_servers)
    texts = [f"hello number {i}" for i in range(8)]
    results = []

    def send_all():
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results.extend(pool.map(chat.say, texts))

    commands = _redis_commands_during(send_all)
    assert len(results) == len(texts) and all(results), "a message got no reply"
    assert len(_user_texts(database, chat.sender)) == len(texts)
    # The lock is Redis's, not Rasa's in-memory one: each message took a ticket on this
    # conversation's lock key in the lock store's database.
    ours = {chat.sender, pseudonym("conversation", chat.sender)}
    saved = [c for c in commands if c.startswith("SET ") and "lock:" in c and any(i in c for i in ours)]
    assert len(saved) >= len(texts), commands[:20]


def test_a_form_survives_a_server_restart(production_servers):
    chat = Chat(production_servers)
    chat.say("I want to report harassment")
    production_servers.stop()
    production_servers.start()
    record_metric("rasa_restart_with_postgresql_seconds", round(production_servers.started_seconds, 1))
    assert chat.replies("yes") == [("utter_ask_report_form_harassment_category", "en")]


@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
def test_a_report_in_each_script_lands_in_postgresql_encrypted(production_servers, database, language, monkeypatch):
    from sqlalchemy import select, text

    from bot.store import encryption
    from bot.store.db import session_factory
    from bot.store.models import Complaint
    from tests.e2e.reporting import REPORTS, file_anonymous_report

    chat = Chat(production_servers)
    code, pin, turns = file_anonymous_report(chat, language)
    monkeypatch.setenv(encryption.KEY_ENV, production_servers.data_key)
    encryption.cipher.cache_clear()
    try:
        with session_factory(production_servers.database_url)() as session:
            row = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
            assert (row.category, row.district, row.language) == ("stalking", "Lucknow", language)
            assert encryption.decrypt_text(row.narrative_enc) == REPORTS[language]["what"]
            assert row.narrative_enc.startswith("gAAAA") and row.pin_hash.startswith("scrypt$")
            def dump(*tables):
                # Text, bytes and whole numbers only: her words, ids and numbers can be nothing else, and
                # a timestamp's digits hold "98123" by chance (1796495701.9812398 failed a run once).
                return "\n".join(str(value) for t in tables for r in session.execute(text(f"SELECT * FROM {t}"))
                                  for value in r if not isinstance(value, (float, datetime, date)))
            complaint_tables = dump("complaints", "complaint_status_history", "harasser_identifiers",
                                    "contacts", "evidence")
            rasa_events = dump("events")
    finally:
        encryption.cipher.cache_clear()
    # Nothing readable: no sender id, narrative, harasser number or PIN in the complaint tables,
    for secret in (chat.sender, REPORTS[language]["what"][:30], "98123", "45678", "rohan_x", pin):
        assert secret not in complaint_tables, secret
    # and none in Rasa's events either: the conversation id is a keyed hash, the data encrypted.
    for secret in (chat.sender, REPORTS[language]["what"][:30], "98123", "rohan_x", pin):
        assert secret not in rasa_events, secret


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_a_production_start_without_keys_fails_and_says_what_is_missing(server, tmp_path):
    env = {"HS_PROFILE": "production", "HS_VAR_DIR": str(tmp_path / "var"), "HS_DATA_KEY": "", "HS_PSEUDONYM_KEY": "",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'hamari.db'}"}
    servers = Servers(free_port(), free_port(), tmp_path, ROOT / "endpoints.yml", extra_env=env)
    servers.model = str(ROOT / "models" / "hamari-suraksha.tar.gz")
    servers._start(server)
    process = servers.processes[server]
    try:
        assert process.wait(timeout=240) != 0
    finally:
        servers.stop()
    log = servers.log(server)
    assert "cannot start with HS_PROFILE=production" in log
    assert "HS_DATA_KEY is not set" in log and "HS_PSEUDONYM_KEY is not set" in log
    assert not (tmp_path / "var").exists()   # and made up no key on the way


def test_delete_my_data_leaves_no_canary_in_postgresql(production_servers, monkeypatch):
    """The erase over the production stores (web conversation: the sender id is the widget's
    session id): her words, her number and her session id are nowhere in PostgreSQL (complaint
    tables and Rasa's events, as stored and decrypted) nor in the logs; her report stays."""
    from bot.privacy.wording import ERASED
    from bot.store import encryption
    from tests.canary_search import database_hits
    from tests.e2e.reporting import file_anonymous_report

    chat = Chat(production_servers)
    chat.sender = "websession-KANARIPG-" + chat.sender
    canaries = [chat.sender, "namaste, mera naam KANARIPGWORDS hai", "+919811100009"]
    chat.say(canaries[1])
    chat.say(f"mera number {canaries[2]} hai")
    code, pin, _ = file_anonymous_report(chat, "en")
    monkeypatch.setenv(encryption.KEY_ENV, production_servers.data_key)
    encryption.cipher.cache_clear()
    try:
        assert database_hits(production_servers.database_url, canaries) != []   # the search finds them
        chat.say("meri saari chat delete kar do")
        reply = "\n\n".join(message["text"] for message in chat.say("haan"))
        assert reply.startswith(ERASED.hi_latn) and "Rakha gaya: aapki 1 darj shikayat" in reply
        assert database_hits(production_servers.database_url, canaries) == []
    finally:
        encryption.cipher.cache_clear()
    for name in ("rasa", "actions", "worker"):
        assert not any(canary in production_servers.log(name) for canary in canaries)
    status = Chat(production_servers)
    status.say(f"status {code}")
    assert [n for n, _ in status.replies(pin)] == ["utter_status_result"]
