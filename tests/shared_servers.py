"""One action server, one Rasa server and one job worker (every background job: scheduled messages,
reminders, the handoff relay with its emergency check) for the whole test session, shared by every test that talks
to the real servers with the run command's settings: the REST and socket.io tests (tests/e2e), the
Telegram and WhatsApp channels (each on, against its fake platform API started here too), the widget
in Chromium (tests/browser) and the counsellor console's handoff (tests/console). A Rasa start costs
60-75 s on 2 cores; this one is paid once.

Tests sharing them never assume a fresh server or database: each uses its own sender ids (or phone
numbers, chat ids) and looks only at what it created, or measures counts as deltas.

Servers of their own remain only where the settings truly differ: PostgreSQL and Redis stores
(tests/e2e/test_production_stores.py) and the run command itself (tests/e2e/test_run_command.py).
Other counsellor hours need only a restarted action server (tests/console/test_handoff_out_of_hours.py).

The servers start loading at the session's first test, and the tests that need no server run
first (tests/conftest.py orders them), so the minute a Rasa start takes overlaps the unit tests.
The fixtures import what they need when first used, so unit tests do not pay for these imports.
"""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTIFACTS = ROOT / "test-artifacts"
TELEGRAM_SECRET = "e2e_webhook-Secret"
WHATSAPP_SECRET, WHATSAPP_VERIFY = "e2e-app-secret", "e2e-verify-token"
STAFF_CHAT_ID = "-1009990001"


@pytest.fixture(scope="session")
def telegram_api():
    """The fake Telegram Bot API the shared Rasa server's Telegram channel talks to."""
    from tests.fakes.telegram_api import FakeTelegramApi
    api = FakeTelegramApi().start_in_thread()
    yield api
    api.stop_thread()


@pytest.fixture(scope="session")
def whatsapp_api():
    """The fake WhatsApp Cloud (Graph) API the shared Rasa server's WhatsApp channel talks to."""
    from tests.fakes.whatsapp_api import FakeWhatsAppApi
    api = FakeWhatsAppApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def launched_servers(tmp_path_factory, telegram_api, whatsapp_api):
    """The action server and Rasa server (REST, socket.io, Telegram, WhatsApp) on free ports, with
    their own SQLite database and tracker store, started but perhaps still loading (see `servers`)."""
    from bot.store import encryption, keyring
    from bot.store.init_db import init_db
    from tests.e2e.servers import Servers, free_port, local_endpoints

    tmp = tmp_path_factory.mktemp("servers")
    rasa_port, action_port = free_port(), free_port()
    database_url = f"sqlite:///{tmp / 'hamari.db'}"
    init_db(database_url)
    env = {
        "DATABASE_URL": database_url, "HS_VAR_DIR": str(ROOT / "var"),
        # the handoff asks for summary consent at any hour of the test run
        "COUNSELLOR_HOURS": "00:00-24:00",
        # the job worker relays often, so the relay latency measured is the relay's
        "RELAY_POLL_SECONDS": "0.3",
        "EVIDENCE_DIR": str(tmp / "evidence"),
        "TELEGRAM_BOT_TOKEN": telegram_api.token, "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
        "WHATSAPP_ACCESS_TOKEN": whatsapp_api.access_token, "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY, "WHATSAPP_PHONE_NUMBER_ID": whatsapp_api.phone_number_id,
        "WHATSAPP_API_BASE_URL": whatsapp_api.base_url, "WHATSAPP_API_VERSION": whatsapp_api.version,
        # staff alerts (a case she reopened, a handoff, a booking) go to a staff chat on the same fake
        "STAFF_TELEGRAM_BOT_TOKEN": telegram_api.token, "STAFF_TELEGRAM_CHAT_ID": STAFF_CHAT_ID,
    }
    instance = Servers(rasa_port, action_port, tmp, local_endpoints(tmp, action_port), extra_env=env)
    instance.database_url = database_url
    # The servers and this test process use the same key (HS_DATA_KEY, or the laptop's under var/), so
    # tests can read what the servers stored encrypted (complaints, tracker events).
    instance.data_key = os.environ.get(encryption.KEY_ENV) or encryption.ensure_local_key().read_bytes().strip().decode()
    # The keyring may hold several `id:key` entries; read it as the servers do.
    instance.data_cipher = encryption.KeyringFernet(keyring.parse(instance.data_key, keyring.DATA, "test"))
    instance.launch()
    yield instance
    instance.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("rasa", "actions", "console", "worker"):
        (ARTIFACTS / f"e2e-{name}.log").write_text(instance.log(name))


@pytest.fixture(scope="session")
def servers(launched_servers):
    """The shared servers, once they answer; `start_console()` adds the counsellor console."""
    from tests.e2e.conftest import record_metric

    launched_servers.wait_until_started()
    record_metric("rasa_and_action_server_start_seconds", round(launched_servers.started_seconds, 1))
    return launched_servers


# --- the servers load while the tests that need none run --------------------------------------
NEEDS_SERVERS = pytest.StashKey[bool]()


def run_server_tests_last(config, items) -> None:
    """Moves the tests that start or use real servers (marked e2e) after the others, each group in
    its own order, and notes whether any test of this session uses the shared servers."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # a stable sort
    config.stash[NEEDS_SERVERS] = any("servers" in item.fixturenames for item in items)


@pytest.fixture(scope="session", autouse=True)
def shared_servers_load_early(request):
    """At the session's first test, starts the shared servers loading when some test will use
    them: a Rasa start (about a minute on 2 cores) then overlaps the tests that need no server."""
    if request.config.stash.get(NEEDS_SERVERS, False):
        request.getfixturevalue("launched_servers")
