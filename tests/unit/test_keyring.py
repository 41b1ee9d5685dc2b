"""Keyrings (bot/store/keyring.py): ids, old keys that still read, the production profile that refuses
to start without keys (and never makes one up), secrets files, and the local files of a laptop."""
import hashlib
import hmac
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from bot import settings
from bot.devtools.serve import CONSOLE_PYTHON
from bot.store import encryption, keyring
from bot.store.keyring import BadKeyring, check_keys, parse
from bot.store.pseudonym import keyed_digest, pseudonym, pseudonym_candidates
from bot.store.secrets import MissingSecrets, secret_bytes
from tests.conftest import ROOT

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
P1, P2 = "1" * 64, "2" * 64
SECRET_ENVS = [settings.DATA_KEY_ENV, settings.PSEUDONYM_KEY_ENV, "RASA_API_TOKEN"]


@pytest.fixture
def clean(monkeypatch, tmp_path):
    """No key in the environment, an empty var/ of our own, the keyrings forgotten before and after."""
    for name in SECRET_ENVS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name + settings.FILE_SUFFIX, raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    keyring.reset()
    yield tmp_path
    keyring.reset()


@pytest.fixture
def production(clean, monkeypatch):
    monkeypatch.setattr(settings, "PROFILE", "production")
    return clean


def test_entries_carry_ids_current_first():
    ring = parse(f"2025-06:{KEY_B},\n2024-01:{KEY_A}", keyring.DATA, "HS_DATA_KEY")
    assert [key.id for key in ring] == ["2025-06", "2024-01"] and ring[0].secret == KEY_B


def test_a_bare_key_gets_its_fingerprint_as_id():
    [key] = parse(KEY_A, keyring.DATA, "HS_DATA_KEY")
    assert key.id == "fp-" + hashlib.sha256(KEY_A.encode()).hexdigest()[:8] and key.secret == KEY_A


@pytest.mark.parametrize("text, problem", [
    ("", "no key"),
    ("old:not-a-fernet-key", "entry 1 (id old) is not a Fernet key"),
    (f"a:{KEY_A},a:{KEY_B}", "the id a is used twice"),
    (f"a:{KEY_A},b:{KEY_A}", "repeats the key"),
    (f"bad/id:{KEY_A}", "entry 1 has an id"),
])
def test_malformed_keyrings_are_refused_without_showing_a_key(text, problem):
    with pytest.raises(BadKeyring) as error:
        parse(text, keyring.DATA, "HS_DATA_KEY")
    assert problem in str(error.value) and KEY_A not in str(error.value) and KEY_B not in str(error.value)


def test_a_short_pseudonym_key_may_not_be_current_but_may_follow_until_rotated():
    with pytest.raises(BadKeyring, match="the current key .* must be at least 32"):
        parse("k1:tooshort", keyring.PSEUDONYM, "HS_PSEUDONYM_KEY")
    ring = parse(f"k2:{P2},k1:tooshort", keyring.PSEUDONYM, "HS_PSEUDONYM_KEY")
    assert [key.id for key in ring] == ["k2", "k1"]


def test_a_legacy_key_with_a_colon_keeps_its_value_behind_an_id():
    [key] = parse("old:abc:def:0123456789abcdef0123456789abcdef", keyring.PSEUDONYM, "HS_PSEUDONYM_KEY")
    assert (key.id, key.secret) == ("old", "abc:def:0123456789abcdef0123456789abcdef")


def test_data_under_an_older_key_still_reads_and_new_data_uses_the_current_key(clean, monkeypatch):
    monkeypatch.setenv(settings.DATA_KEY_ENV, f"a:{KEY_A}")
    keyring.reset()
    old_token = encryption.encrypt_text("purani baat")
    monkeypatch.setenv(settings.DATA_KEY_ENV, f"b:{KEY_B},a:{KEY_A}")
    keyring.reset()
    assert encryption.decrypt_text(old_token) == "purani baat"
    ring = encryption.cipher()
    assert ring.key_id_of(old_token.encode()) == "a"
    assert ring.key_id_of(encryption.encrypt_text("nayi baat").encode()) == "b"
    rotated = encryption.reencrypted_text(old_token)
    assert ring.key_id_of(rotated.encode()) == "b" and encryption.decrypt_text(rotated) == "purani baat"
    assert encryption.reencrypted_text(rotated) is None   # already current: left alone
    monkeypatch.setenv(settings.DATA_KEY_ENV, f"b:{KEY_B}")
    keyring.reset()
    with pytest.raises(ValueError):
        encryption.decrypt_text(old_token)                 # the old key gone: the old token is unreadable


def test_pseudonyms_are_unchanged_for_a_single_bare_key(clean, monkeypatch):
    """Deployments from before keyrings keep every pseudonym they stored."""
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, P1)
    keyring.reset()
    before = hmac.new(P1.encode(), b"reporter\x1fsender-1", hashlib.sha256).hexdigest()
    assert pseudonym("reporter", "sender-1") == before


def test_keyed_digests_are_kept_apart_by_their_label(clean, monkeypatch):
    """A button token (label b"button") can never be replayed as a digest made for another use."""
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"p1:{P1}")
    keyring.reset()
    assert keyed_digest(b"button", b"/affirm") == hmac.new(P1.encode(), b"button\x1f/affirm", hashlib.sha256).digest()
    assert keyed_digest(b"button", b"/affirm") != keyed_digest(b"other", b"/affirm")


def test_lookups_cover_every_pseudonym_key_current_first(clean, monkeypatch):
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"p1:{P1}")
    keyring.reset()
    old = pseudonym("reporter", "sender-1")
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, f"p2:{P2},p1:{P1}")
    keyring.reset()
    new = pseudonym("reporter", "sender-1")
    assert new != old and pseudonym_candidates("reporter", "sender-1") == [new, old]


def test_production_refuses_to_start_without_keys_and_names_each_one(production):
    with pytest.raises(MissingSecrets) as error:
        check_keys("The action server", also=("RASA_API_TOKEN",))
    message = str(error.value)
    assert message.startswith("The action server cannot start with HS_PROFILE=production")
    for name in ("HS_DATA_KEY", "HS_PSEUDONYM_KEY", "RASA_API_TOKEN"):
        assert f"{name} is not set (nor {name}_FILE" in message
    assert not (production / "var").exists()   # nothing generated


def test_production_names_only_what_is_missing(production, monkeypatch):
    monkeypatch.setenv(settings.DATA_KEY_ENV, KEY_A)
    with pytest.raises(MissingSecrets) as error:
        check_keys("The console")
    assert "HS_PSEUDONYM_KEY is not set" in str(error.value) and "HS_DATA_KEY " not in str(error.value)


def test_production_never_generates_other_secrets_either(production):
    with pytest.raises(MissingSecrets, match="RASA_API_TOKEN is not set"):
        secret_bytes("RASA_API_TOKEN", "rasa_api_token")
    with pytest.raises(MissingSecrets):
        encryption.encrypt_text("x")   # not even at first use


def test_production_starts_with_keys_from_secrets_files(production, monkeypatch):
    data_file, pseudonym_file = production / "data_key", production / "pseudonym_key"
    data_file.write_text(f"k2:{KEY_B}\nk1:{KEY_A}\n")
    pseudonym_file.write_text(P1 + "\n")
    monkeypatch.setenv("HS_DATA_KEY_FILE", str(data_file))
    monkeypatch.setenv("HS_PSEUDONYM_KEY_FILE", str(pseudonym_file))
    check_keys("The Rasa server")
    assert encryption.cipher().current_id == "k2"
    assert pseudonym("reporter", "x") == hmac.new(P1.encode(), b"reporter\x1fx", hashlib.sha256).hexdigest()


def test_an_unreadable_secrets_file_or_both_forms_are_named(production, monkeypatch):
    monkeypatch.setenv("HS_DATA_KEY_FILE", str(production / "missing"))
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, P1)
    monkeypatch.setenv("HS_PSEUDONYM_KEY_FILE", str(production / "missing"))
    with pytest.raises(MissingSecrets) as error:
        check_keys("The console")
    message = str(error.value)
    assert f"HS_DATA_KEY_FILE={production / 'missing'}: cannot be read" in message
    assert "both HS_PSEUDONYM_KEY and HS_PSEUDONYM_KEY_FILE are set" in message and P1 not in message


def test_a_laptop_generates_private_key_files_with_ids_once(clean):
    check_keys("test")
    data_file = clean / "var" / "secrets" / "data.key"
    pseudonym_file = clean / "var" / "secrets" / "pseudonym.key"
    assert data_file.stat().st_mode & 0o777 == 0o600 and pseudonym_file.stat().st_mode & 0o777 == 0o600
    [data_key] = parse(data_file.read_text(), keyring.DATA, "file")
    assert not data_key.id.startswith("fp-")   # a generated key carries a real id
    before = data_file.read_text()
    keyring.reset()
    check_keys("test")
    assert data_file.read_text() == before


def test_a_local_key_file_from_before_keyrings_still_works(clean):
    path = clean / "var" / "secrets" / "data.key"
    path.parent.mkdir(parents=True)
    path.write_text(KEY_A + "\n")   # the old format: one bare key
    assert encryption.decrypt_text(Fernet(KEY_A.encode()).encrypt(b"old").decode()) == "old"


def test_adding_a_local_key_puts_it_first_and_keeps_the_old_one(clean):
    old_token = encryption.encrypt_text("purani baat")
    old_id = encryption.cipher().current_id
    new = keyring.add_local_key(keyring.DATA)
    assert encryption.cipher().current_id == new.id != old_id
    assert [key.id for key in keyring.keys("data")] == [new.id, old_id]
    assert encryption.decrypt_text(old_token) == "purani baat"


def test_adding_a_local_key_is_refused_when_keys_come_from_the_environment(clean, monkeypatch):
    monkeypatch.setenv(settings.DATA_KEY_ENV, KEY_A)
    with pytest.raises(RuntimeError, match="put the new entry first"):
        keyring.add_local_key(keyring.DATA)


def test_a_mistyped_profile_stops_every_process():
    env = {**os.environ, "HS_PROFILE": "prod", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", "import bot.settings"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "HS_PROFILE='prod': must be one of local, production" in result.stderr


@pytest.mark.parametrize("command", [["-m", "bot.console"], ["-m", "bot.store.init_db"],
                                     ["-m", "bot.store.rotate_keys"]])
def test_production_commands_exit_with_the_message_and_no_traceback(command, tmp_path):
    env = {name: value for name, value in os.environ.items()
           if not any(name.startswith(secret) for secret in SECRET_ENVS)}
    env.update(HS_PROFILE="production", HS_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(ROOT),
               DATABASE_URL=f"sqlite:///{tmp_path / 'hamari.db'}")
    # the console runs in its own environment (.venv-console), as the run command starts it
    python = str(CONSOLE_PYTHON) if command == ["-m", "bot.console"] else sys.executable
    result = subprocess.run([python, *command], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "cannot start with HS_PROFILE=production" in result.stderr and "HS_DATA_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var").exists()
