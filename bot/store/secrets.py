"""Server secrets: from the environment in production, generated key files on a laptop.

Files live under var/secrets/ (mode 600, never committed). Production sets the variables from a
secret store, identically on every instance.
"""
import os
import secrets as _secrets
from pathlib import Path

from bot import settings


def secret_bytes(env_name: str, file_name: str, generate=lambda: _secrets.token_hex(32).encode()) -> bytes:
    value = settings.secret(env_name)
    if value:
        return value.encode()
    path = settings.VAR_DIR / "secrets" / file_name
    if not path.exists():
        _create_private_file(path, generate())
    return path.read_bytes().strip()


def _create_private_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first: use theirs
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
