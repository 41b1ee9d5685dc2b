"""Keyrings: the data key (Fernet, encryption at rest) and the pseudonym key (HMAC), each a list of
keys with ids, so that a key can be replaced without losing what the old one protects.

A key setting (HS_DATA_KEY, HS_PSEUDONYM_KEY, or the file their _FILE form names) holds entries
`id:key`, separated by commas or new lines. The FIRST entry is current: it encrypts new data and
makes new pseudonyms. Every entry decrypts, and finds pseudonyms made under it, so data and links
made under an older key keep working until `python -m bot.store.rotate_keys` has moved them to the
current key; only then is the old entry removed. A bare key (no "id:") gets the id "fp-" + the
first 8 hex digits of its SHA-256, so a single key set before keyrings existed keeps working.

Production (HS_PROFILE=production) takes keyrings only from the environment or a secrets file and
refuses to start without them (`check_keys`); on a laptop they are generated under var/secrets/.
"""
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, List, Tuple

from cryptography.fernet import Fernet

from bot import settings
from bot.store.secrets import (MissingSecrets, create_private_file, local_secret_path, missing_message,
                               replace_private_file)

logger = logging.getLogger(__name__)
_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")
_SEPARATORS = re.compile(r"[,\s]+")
MIN_PSEUDONYM_KEY_CHARS = 32


class BadKeyring(ValueError):
    """A keyring setting that cannot be used: a malformed entry, a repeated id. Names no secret."""


@dataclass(frozen=True)
class Key:
    id: str
    secret: str

    def __repr__(self) -> str:  # never print a secret by accident
        return f"Key(id={self.id!r})"


@dataclass(frozen=True)
class KeyKind:
    name: str                          # "data" or "pseudonym"
    env_name: str
    local_file: str                    # under var/secrets/
    generate: Callable[[], str]
    check: Callable[[str], bool]       # every entry
    what: str                          # what a valid key is, for error messages
    # The current entry only: an older, weaker key may stay in the ring to find what it made,
    # until rotate_keys has re-keyed it, but nothing new is made with it.
    check_current: Callable[[str], bool] = lambda key: True
    what_current: str = ""


DATA = KeyKind("data", settings.DATA_KEY_ENV, "data.key", lambda: Fernet.generate_key().decode(),
               lambda key: _is_fernet_key(key), "a Fernet key (32 url-safe base64-encoded bytes)")
PSEUDONYM = KeyKind("pseudonym", settings.PSEUDONYM_KEY_ENV, "pseudonym.key", lambda: secrets.token_hex(32),
                    lambda key: bool(key), "a key", lambda key: len(key) >= MIN_PSEUDONYM_KEY_CHARS,
                    f"at least {MIN_PSEUDONYM_KEY_CHARS} random characters (hex or base64)")
KINDS = {kind.name: kind for kind in (DATA, PSEUDONYM)}


def _is_fernet_key(key: str) -> bool:
    try:
        Fernet(key.encode())
        return True
    except (ValueError, TypeError):
        return False


def fingerprint_id(secret: str) -> str:
    return "fp-" + hashlib.sha256(secret.encode()).hexdigest()[:8]


def parse(text: str, kind: KeyKind, source: str) -> Tuple[Key, ...]:
    """The keys in a keyring setting, current first. `source` names the setting in errors."""
    keys: List[Key] = []
    for number, entry in enumerate((e for e in _SEPARATORS.split(text.strip()) if e), start=1):
        key_id, _, secret = entry.partition(":")
        if not secret:   # a bare key
            key_id, secret = fingerprint_id(entry), entry
        elif not _ID.fullmatch(key_id):
            raise BadKeyring(f"{source}: entry {number} has an id that is not 1-40 of A-Z a-z 0-9 . _ -")
        if not kind.check(secret):
            raise BadKeyring(f"{source}: entry {number} (id {key_id}) is not {kind.what}")
        if number == 1 and not kind.check_current(secret):
            raise BadKeyring(f"{source}: the current key (entry 1, id {key_id}) must be {kind.what_current}; "
                             "a shorter one may only follow it, until rotate_keys has run")
        if any(known.id == key_id for known in keys):
            raise BadKeyring(f"{source}: the id {key_id} is used twice")
        if any(known.secret == secret for known in keys):
            raise BadKeyring(f"{source}: entry {number} (id {key_id}) repeats the key of another entry")
        keys.append(Key(key_id, secret))
    if not keys:
        raise BadKeyring(f"{source}: no key in it")
    return tuple(keys)


def new_entry(kind: KeyKind) -> str:
    """A fresh `id:key` entry, the id telling when it was made."""
    return f"{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}:{kind.generate()}"


def _load(kind: KeyKind) -> Tuple[Key, ...]:
    text = settings.secret(kind.env_name)
    if text:
        return parse(text, kind, kind.env_name)
    if settings.production():
        raise MissingSecrets("this process", [missing_message(kind.env_name)])
    path = local_secret_path(kind.local_file)
    if create_private_file(path, (new_entry(kind) + "\n").encode()):
        logger.info("%s key: generated a local key file under var/secrets", kind.name)
    return parse(path.read_text(encoding="utf-8"), kind, f"var/secrets/{kind.local_file}")


def keys(kind_name: str) -> Tuple[Key, ...]:
    """The keyring of a kind ("data" or "pseudonym"), current key first. Read on every call: the
    users cache it (encryption.cipher, pseudonym's ring) and reset() clears them."""
    ring = _load(KINDS[kind_name])
    logger.info("%s keys: %d, current id %s", kind_name, len(ring), ring[0].id)
    return ring


def reset() -> None:
    """Forgets the keyrings read so far (tests, and the rotation command after adding a key)."""
    from bot.store import encryption, pseudonym
    encryption.cipher.cache_clear()
    pseudonym.ring.cache_clear()


def check_keys(process: str, also: Iterable[str] = ()) -> None:
    """Called when a server starts: raises MissingSecrets naming every missing or unusable key.

    In production the data and pseudonym keyrings (and the secrets in `also`, such as
    RASA_API_TOKEN) must come from the environment or a secrets file; on a laptop the keyrings are
    read, or generated, now rather than at the first message."""
    from bot.store import encryption, pseudonym   # they import this module
    problems: List[str] = []
    for load in (encryption.cipher, pseudonym.ring):   # read once, kept for the process
        try:
            load()
        except (MissingSecrets, BadKeyring, settings.SecretFileError) as error:
            problems += getattr(error, "problems", None) or [str(error)]
    for env_name in also:
        try:
            if settings.production() and not settings.secret(env_name):
                problems.append(missing_message(env_name))
        except settings.SecretFileError as error:
            problems.append(str(error))
    if problems:
        raise MissingSecrets(process, problems)


def add_local_key(kind: KeyKind) -> Key:
    """Puts a new current key in front of the local keyring file (laptops only; production changes
    its secret store). The old keys stay, so everything still reads until rotate_keys has run."""
    if settings.production() or settings.secret(kind.env_name):
        raise RuntimeError(f"{kind.env_name} comes from the environment here: put the new entry "
                           f"first in it (python -m bot.store.rotate_keys --new-key {kind.name})")
    _load(kind)  # makes the file when there is none
    path = local_secret_path(kind.local_file)
    entry = new_entry(kind)
    replace_private_file(path, (entry + "\n" + path.read_text(encoding="utf-8")).encode())
    reset()
    return parse(entry, kind, "new entry")[0]
