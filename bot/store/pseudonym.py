"""Keyed pseudonyms: the same person gets the same pseudonym, which reveals nothing about her.

HMAC-SHA256 with a server secret (HS_PSEUDONYM_KEY). Used for the sender ids of her
conversations and for harasser identifiers (so repeat reports against one number can be counted
without storing that number readable).
"""
import hashlib
import hmac
from functools import lru_cache

from bot import settings
from bot.store.secrets import secret_bytes


@lru_cache(maxsize=1)
def _key() -> bytes:
    return secret_bytes(settings.PSEUDONYM_KEY_ENV, "pseudonym.key")


def pseudonym(namespace: str, value: str) -> str:
    """64 hex characters; `namespace` keeps, say, a phone number and a sender id apart."""
    message = f"{namespace}\x1f{value}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
