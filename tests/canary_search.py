"""Searches everything we store for canary strings: every value of every table (as stored, and
decrypted when it is one of our Fernet tokens), every file under given folders (raw bytes, and
decrypted when it is a token: evidence files, the outbox's SQLite file) and log files.

Used by the erase tests: after "delete my data" no canary may be found anywhere, readable or
behind our own key (an encrypted copy is still her data)."""
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, List

import sqlalchemy as sa
from cryptography.fernet import InvalidToken

from bot.store.encryption import cipher


def _decrypted(value: bytes) -> bytes:
    if not value.startswith(b"gAAAA"):
        return b""
    try:
        return cipher().decrypt(value.strip())
    except (InvalidToken, ValueError):
        return b""


def _hits(where: str, raw: bytes, canaries: Iterable[str]) -> List[str]:
    plain = _decrypted(raw)
    return [f"{where}: {canary}" for canary in canaries
            if canary.encode() in raw or canary.encode() in plain]


def database_hits(url: str, canaries: Iterable[str]) -> List[str]:
    canaries = list(canaries)
    engine = sa.create_engine(url, future=True)
    found: List[str] = []
    metadata = sa.MetaData()
    metadata.reflect(engine)
    try:
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(sa.select(table)).all():
                    for column, value in zip(table.columns, row, strict=True):
                        if value is None or isinstance(value, (float, datetime, date)):
                            continue   # a moment's digits are no canary of hers, and hold short ones by chance
                        raw = value if isinstance(value, bytes) else str(value).encode()
                        found += _hits(f"{table.name}.{column.name}", raw, canaries)
    finally:
        engine.dispose()
    return sorted(set(found))


def file_hits(folders: Iterable[Path], canaries: Iterable[str]) -> List[str]:
    """Raw bytes of every file (SQLite files included, so deleted-but-not-vacuumed pages count too),
    and the decryption of any file that is one Fernet token (evidence)."""
    canaries = list(canaries)
    found: List[str] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                found += _hits(str(path), path.read_bytes(), canaries)
    return sorted(set(found))
