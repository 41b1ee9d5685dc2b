"""Server secrets: from the environment (or a secrets file) in production, generated key files on a
laptop.

Files live under var/secrets/ (mode 600, never committed). Production sets the variables from a
secret store, identically on every instance, and never generates anything: a key made up by one
replica is a key no other replica has (see settings.PROFILE).
"""
import os
import secrets as _secrets
from pathlib import Path
from typing import Iterable

from bot import settings


class MissingSecrets(RuntimeError):
    """A server cannot start: its secrets are missing or unusable. The message names each one and
    how to set it, never a secret's value."""

    def __init__(self, process: str, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{process} cannot start with HS_PROFILE={settings.PROFILE}:\n{lines}\n"
                         "Set them identically on every instance from your secret store (README: "
                         "Configuration, production keys).")


def missing_message(env_name: str) -> str:
    return f"{env_name} is not set (nor {env_name}{settings.FILE_SUFFIX}, a file that holds it)"


def secret_bytes(env_name: str, file_name: str, generate=lambda: _secrets.token_hex(32).encode()) -> bytes:
    """The secret from `env_name` (or its _FILE); on a laptop a key file under var/secrets/, made
    the first time; in production a missing secret is an error, never generated."""
    value = settings.secret(env_name)
    if value:
        return value.encode()
    if settings.production():
        raise MissingSecrets("this process", [missing_message(env_name)])
    path = local_secret_path(file_name)
    if not path.exists():
        create_private_file(path, generate())
    return path.read_bytes().strip()


def local_secret_path(file_name: str) -> Path:
    return settings.VAR_DIR / "secrets" / file_name


def create_private_file(path: Path, content: bytes) -> bool:
    """Writes `content` to a new file readable by its owner only; False when it already existed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False  # another process created it first: use theirs
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    return True


def replace_private_file(path: Path, content: bytes) -> None:
    """Replaces a file's content atomically (a crash leaves the old or the new file, never half)."""
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
