"""Field encryption at rest (Fernet: AES-128-CBC with HMAC-SHA256, from `cryptography`).

The keys are the data keyring (bot/store/keyring.py: HS_DATA_KEY in production, one keyring shared
by every instance; a generated file under var/secrets/ on a laptop). New data is encrypted under the
current (first) key; data encrypted under any key of the ring still reads (MultiFernet), and
`python -m bot.store.rotate_keys` re-encrypts it under the current one. Losing every key makes the
stored conversations unreadable, which is the point.
"""
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot import settings
from bot.store import keyring
from bot.store.secrets import local_secret_path

KEY_ENV = settings.DATA_KEY_ENV


class KeyringFernet:
    """A MultiFernet that also knows its keys' ids: encrypts under the first, decrypts under any.
    It holds one rather than being one: cryptography 51 made MultiFernet a type that cannot be
    subclassed (the console's environment has it; Rasa's has 50)."""

    def __init__(self, keys: Sequence[keyring.Key]) -> None:
        self.singles = [(key.id, Fernet(key.secret.encode())) for key in keys]
        self._ring = MultiFernet([single for _, single in self.singles])
        self.current_id = keys[0].id

    def encrypt(self, data: bytes) -> bytes:
        return self._ring.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        return self._ring.decrypt(token)

    def rotate(self, token: bytes) -> bytes:
        return self._ring.rotate(token)

    def key_id_of(self, token: bytes) -> Optional[str]:
        """The id of the key that opens `token`, or None when none of the ring does."""
        for key_id, single in self.singles:
            try:
                single.decrypt(token)
                return key_id
            except InvalidToken:
                continue
        return None


def local_key_path() -> Path:
    return local_secret_path(keyring.DATA.local_file)


def ensure_local_key() -> Path:
    """Reads the data keyring now: creates the local key file when no HS_DATA_KEY is set (and
    refuses, in production, when none is)."""
    cipher()
    return local_key_path()


@lru_cache(maxsize=1)
def cipher() -> KeyringFernet:
    """The data keyring, read once per process (keyring.reset() or cipher.cache_clear() forgets it)."""
    return KeyringFernet(keyring.keys(keyring.DATA.name))


def encrypt_text(plain: str) -> str:
    return cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        # A wrong key must fail loudly, never pass ciphertext on as if it were her words.
        raise ValueError("stored text cannot be decrypted with the configured keys") from error


def reencrypted(token: bytes) -> Optional[bytes]:
    """`token` encrypted under the current key, or None when it already is. Raises ValueError when
    no key of the ring opens it: what cannot be read is never replaced."""
    ring = cipher()
    key_id = ring.key_id_of(token)
    if key_id is None:
        raise ValueError("a stored value cannot be decrypted with any configured key")
    if key_id == ring.current_id:
        return None
    return ring.rotate(token)


def reencrypted_text(token: str) -> Optional[str]:
    """Like `reencrypted`, for the text columns (`*_enc`)."""
    rotated = reencrypted(token.encode("ascii"))
    return None if rotated is None else rotated.decode("ascii")
