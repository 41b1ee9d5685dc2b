"""Checks a bearer token the way Rasa's sanic-jwt does (HS256 signature, expiry, admin role), written
independently of bot/rasa_api.py so the fakes do not trust the code they test."""
import base64
import hashlib
import hmac
import json
import time
from typing import Optional


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def bearer_ok(authorization: Optional[str], key: str) -> bool:
    if not authorization or not authorization.startswith("Bearer "):
        return False
    try:
        header, payload, signature = authorization[len("Bearer "):].split(".")
        expected = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        claims = json.loads(_unb64(payload))
        return (hmac.compare_digest(expected, _unb64(signature)) and json.loads(_unb64(header))["alg"] == "HS256"
                and claims["exp"] > time.time() and claims["user"]["role"] == "admin")
    except (ValueError, KeyError, TypeError):
        return False
