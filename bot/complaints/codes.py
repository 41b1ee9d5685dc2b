"""Reference codes and PINs.

A reference code such as HS-7KX4-92QF is easy to read aloud on a phone call: no 0/O, 1/I/L, U/V.
29^8 (about 5e11) codes, drawn with `secrets`; the PIN (6 digits) is what protects the status,
with a lockout after repeated wrong attempts.
"""
import hashlib
import hmac
import re
import secrets
from typing import Optional

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PIN_LENGTH = 6
_SCRYPT = dict(n=2 ** 14, r=8, p=1, dklen=32)


def new_reference_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"HS-{chars[:4]}-{chars[4:]}"


def find_reference_code(text: str) -> Optional[str]:
    """A reference code typed any way she types it: "hs 7kx4 92qf", "HS7KX492QF", "hs-7kx4-92qf"."""
    compact = re.sub(r"[\s\-_.]", "", (text or "")[:500].upper())
    match = re.search(r"HS([%s]{8})" % ALPHABET, compact)
    if not match:
        return None
    chars = match.group(1)
    return f"HS-{chars[:4]}-{chars[4:]}"


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: Optional[str]) -> bool:
    """False for a row without a PIN (`stored` None) and for a hash in a scheme we do not know."""
    if stored is None:
        return False
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt((pin or "").encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def find_pin(text: str) -> Optional[str]:
    match = re.search(r"(?<!\d)(\d{%d})(?!\d)" % PIN_LENGTH, (text or "")[:200].translate(
        str.maketrans("०१२३४५६७८९", "0123456789")))
    return match.group(1) if match else None
