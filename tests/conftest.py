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
