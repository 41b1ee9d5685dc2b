import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Real webhook payloads captured from Telegram and WhatsApp, kept beside the checkout (not in git).
SHARED_WEBHOOKS = ROOT.parent / "shared" / "webhooks"


def shared_payloads(channel: str) -> list:
    """The shared payload files of `channel` ("telegram", "whatsapp"), or [] when they are absent."""
    folder = SHARED_WEBHOOKS / channel
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def require_shared_payloads(channel: str) -> list:
    """The shared payload files; without them the test skips on a laptop and FAILS in CI (CI=true),
    like a missing Chromium: a green run must not hide that the real payloads were never sent."""
    files = shared_payloads(channel)
    if not files:
        message = f"no shared {channel} payloads in {SHARED_WEBHOOKS / channel}"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must put ../shared/webhooks beside the checkout")
        pytest.skip(message)
    return files

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
