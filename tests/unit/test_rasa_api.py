"""The project's one Rasa HTTP client and its one token: no Rasa imported, the token read one way."""
import stat
import subprocess
import sys

import pytest

from bot import settings
from tests.conftest import ROOT


@pytest.mark.parametrize("module", ["bot.rasa_api", "bot.counselling.reminders", "bot.console.app"])
def test_the_client_and_its_users_do_not_import_rasa(module):
    code = f"import sys, {module}; sys.exit(any(n == 'rasa' or n.startswith('rasa.') for n in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_the_token_comes_from_the_environment_when_set(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setenv("RASA_API_TOKEN", "from-the-secret-store")
    assert settings.rasa_api_token() == "from-the-secret-store"
    assert settings.rasa_api_token_given()
    assert not (tmp_path / "secrets").exists()


def test_without_the_variable_a_private_token_file_is_made_once_and_reused(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    first = settings.rasa_api_token()
    assert len(first) == 64 and settings.rasa_api_token() == first
    path = tmp_path / "secrets" / "rasa_api_token"
    assert path.read_text() == first and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not settings.rasa_api_token_given()  # the action server sends no reminders then
