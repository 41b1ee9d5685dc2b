"""Field encryption at rest (Fernet: AES-128-CBC with HMAC-SHA256, from `cryptography`).

The key comes from HS_DATA_KEY (production: one key shared by every instance, from a secret
store). On a laptop a key file is generated under var/secrets/ the first time; it is never
committed, and losing it makes the stored conversations unreadable, which is the point.
"""
import logging
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot import settings

logger = logging.getLogger(__name__)
KEY_ENV = settings.DATA_KEY_ENV


def local_key_path() -> Path:
    return settings.VAR_DIR / "secrets" / "data.key"


def ensure_local_key() -> Path:
    """Creates the local key file (mode 600) when neither it nor HS_DATA_KEY exists."""
    path = local_key_path()
    if not settings.secret(KEY_ENV) and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(Fernet.generate_key())
    return path


@lru_cache(maxsize=1)
def cipher() -> Fernet:
    key = settings.secret(KEY_ENV)
    if key:
        logger.info("data encryption key: from %s", KEY_ENV)
        return Fernet(key.encode())
    path = ensure_local_key()
    logger.info("data encryption key: local key file under var/secrets")
    return Fernet(path.read_bytes().strip())


def encrypt_text(plain: str) -> str:
    return cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        # A wrong key must fail loudly, never pass ciphertext on as if it were her words.
        raise ValueError("stored text cannot be decrypted with the configured key") from error
