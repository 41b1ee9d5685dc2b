"""`python -m bot.channels.telegram_setup` against the fake Bot API (a real HTTP server)."""
import os
import subprocess
import sys

import pytest

from bot.channels.telegram_setup import ALLOWED_UPDATES, main
from tests.conftest import ROOT
from tests.fakes.telegram_api import FakeTelegramApi

URL = "https://bot.example.org/webhooks/telegram/webhook"


@pytest.fixture
def api():
    fake = FakeTelegramApi().start_in_thread()
    yield fake
    fake.stop_thread()


def run_setup(api, *args, secret="s3cret_for-setup", token=None):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token if token is None else token,
           "TELEGRAM_WEBHOOK_SECRET": secret, "TELEGRAM_API_BASE_URL": api.base_url}
    return subprocess.run([sys.executable, "-m", "bot.channels.telegram_setup", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_command_registers_the_webhook_with_the_secret(api):
    done = run_setup(api, URL, "--drop-pending")
    assert done.returncode == 0, done.stderr
    assert api.webhook == {"url": URL, "secret_token": "s3cret_for-setup", "allowed_updates": ALLOWED_UPDATES,
                           "drop_pending_updates": True}
    assert "@TestHelperBot" in done.stdout and "s3cret" not in done.stdout


@pytest.mark.parametrize("args, secret, token", [
    ((URL,), "", None),                      # no secret
    ((URL,), "has space", None),             # characters Telegram refuses
    (("http://insecure.example.org/x",), "ok_secret", None),
    ((URL,), "ok_secret", "999:wrong"),      # Telegram answers 401
])
def test_the_command_refuses_bad_settings_clearly(api, args, secret, token):
    done = run_setup(api, *args, secret=secret, token=token)
    assert done.returncode == 1 and done.stderr.startswith("webhook not set:")
    assert api.webhook == {}


def test_main_without_a_url_explains(monkeypatch, capsys):
    monkeypatch.setattr("bot.settings.TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setattr("bot.settings.TELEGRAM_WEBHOOK_SECRET", "abc")
    assert main([""]) == 1
    assert "HTTPS" in capsys.readouterr().err
