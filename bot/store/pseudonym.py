"""Keyed pseudonyms: the same person gets the same pseudonym, which reveals nothing about her.

HMAC-SHA256 with a server secret, the pseudonym keyring (bot/store/keyring.py: HS_PSEUDONYM_KEY).
Used for the sender ids of her conversations and for harasser identifiers (so repeat reports
against one number can be counted without storing that number readable).

Versions: new pseudonyms are made with the current (first) key of the ring. A lookup uses
`pseudonym_candidates`, the value's pseudonym under EVERY key of the ring, so a row written under an
older key is still found (and the link to her reports, or between reports naming one number, is not
lost). `python -m bot.store.rotate_keys` re-keys every row whose plain value it can recover (the
encrypted copy beside it); rows made from ids nobody stores (a web chat's random session id) are
re-keyed when she writes again, or go with retention, and keep the older key in the ring until then.
"""
import hashlib
import hmac
from functools import lru_cache
from typing import List, Tuple

from bot.store import keyring

# The namespace of the tracker store's conversation ids (bot/store/tracker_store.py), here so that
# the rotation command need not import Rasa to re-key them.
CONVERSATION = "conversation"


@lru_cache(maxsize=1)
def ring() -> Tuple[bytes, ...]:
    """The pseudonym keys as bytes, current first (keyring.reset() or ring.cache_clear() forgets)."""
    return tuple(key.secret.encode() for key in keyring.keys(keyring.PSEUDONYM.name))


def _digest(key: bytes, namespace: str, value: str) -> str:
    return hmac.new(key, f"{namespace}\x1f{value}".encode(), hashlib.sha256).hexdigest()


def pseudonym(namespace: str, value: str) -> str:
    """64 hex characters under the current key; `namespace` keeps, say, a phone number and a sender
    id apart."""
    return _digest(ring()[0], namespace, value)


def pseudonym_candidates(namespace: str, value: str) -> List[str]:
    """The value's pseudonym under every key of the ring, current first: what a lookup must match."""
    return [_digest(key, namespace, value) for key in ring()]


def keyed_digest(label: bytes, data: bytes) -> bytes:
    """Raw HMAC-SHA256 under the current pseudonym key (short tokens, such as button callbacks)."""
    return hmac.new(ring()[0], label + b"\x1f" + data, hashlib.sha256).digest()
