import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The session's shared real servers (and the fake platform APIs behind them): see tests/shared_servers.py.
from tests.shared_servers import (  # noqa: F401
    launched_servers,
    run_server_tests_last,
    servers,
    shared_servers_load_early,
    telegram_api,
    whatsapp_api,
)


@pytest.hookimpl(trylast=True)  # after -k/-m deselection: only the tests that will run count
def pytest_collection_modifyitems(config, items):
    run_server_tests_last(config, items)


@pytest.fixture(autouse=True)
def _keyrings_read_afresh_after_each_test():
    """A test that sets its own keys (monkeypatch + keyring.reset()) must not leave them cached when
    monkeypatch puts the environment back: later code in this process would encrypt under keys that
    no other process (a worker, a server) has. Set up first, so torn down after monkeypatch."""
    yield
    from bot.store import keyring
    keyring.reset()
