"""Files she sends as evidence during a report: encrypted on disk, linked to her complaint once filed.

The channel stores a file while the report form is open; the complaint does not exist yet, so the
file waits in `pending_evidence` under the same keyed pseudonym the complaint will carry
(`reporter_pseudonym`). `link_pending` moves waiting files onto her newest complaint.
"""
import logging
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from bot import settings
from bot.complaints.service import reporter_pseudonym, reporter_pseudonyms
from bot.store.db import session_factory
from bot.store.encryption import cipher
from bot.store.models import Complaint, EvidenceItem, PendingEvidence

logger = logging.getLogger(__name__)
# A report left unfinished for a week will not be finished: its files are deleted (RETAIN_PENDING_EVIDENCE_DAYS).
KEEP_PENDING_FOR = timedelta(days=settings.RETAIN_PENDING_EVIDENCE_DAYS)
REF_PREFIX = "file:"


class EvidenceTooLarge(ValueError):
    pass


class EvidenceVault:
    def __init__(self, database_url: Optional[str] = None, directory: Optional[Path] = None,
                 max_bytes: Optional[int] = None) -> None:
        self._sessions = session_factory(database_url)
        self.directory = Path(directory or settings.EVIDENCE_DIR)
        self.max_bytes = max_bytes or settings.EVIDENCE_MAX_BYTES

    def store_pending(self, sender_id: str, kind: str, content: bytes) -> str:
        """Encrypts and stores the file; returns its storage reference."""
        if len(content) > self.max_bytes:
            raise EvidenceTooLarge(len(content))
        self.prune()  # abandoned reports' files go when new files come: no scheduler needed
        self.directory.mkdir(parents=True, exist_ok=True)
        name = secrets.token_hex(16) + ".enc"  # random: the name says nothing about her or the file
        path = self.directory / name
        path.write_bytes(cipher().encrypt(bytes(content)))
        path.chmod(0o600)
        ref = REF_PREFIX + name
        with self._sessions() as session, session.begin():
            session.add(PendingEvidence(reporter_pseudonym=reporter_pseudonym(sender_id), kind=kind[:32],
                                        storage_ref=ref, size_bytes=len(content)))
        return ref

    def read(self, storage_ref: str) -> bytes:
        return cipher().decrypt(self._path(storage_ref).read_bytes())

    def link_pending(self, sender_id: str) -> int:
        """Moves her waiting files onto her newest complaint filed after them; returns how many."""
        keys = reporter_pseudonyms(sender_id)
        with self._sessions() as session, session.begin():
            waiting = session.execute(select(PendingEvidence).where(
                PendingEvidence.reporter_pseudonym.in_(keys)).order_by(PendingEvidence.id)).scalars().all()
            if not waiting:
                return 0
            complaint = session.execute(select(Complaint).where(Complaint.reporter_pseudonym.in_(keys))
                                        .order_by(Complaint.id.desc()).limit(1)).scalar_one_or_none()
            if complaint is None or complaint.created_at < min(w.created_at for w in waiting):
                return 0
            for item in waiting:
                complaint.evidence_items.append(EvidenceItem(kind=item.kind, storage_ref=item.storage_ref))
                session.delete(item)
            return len(waiting)

    def discard_pending(self, sender_id: str) -> int:
        """Her exit command: files of an unfinished report are deleted, not kept."""
        keys = reporter_pseudonyms(sender_id)
        with self._sessions() as session, session.begin():
            waiting = session.execute(select(PendingEvidence).where(
                PendingEvidence.reporter_pseudonym.in_(keys))).scalars().all()
            for item in waiting:
                self._unlink(item.storage_ref)
                session.delete(item)
            return len(waiting)

    def prune(self, now: Optional[datetime] = None) -> int:
        cutoff = (now or datetime.now(timezone.utc)) - KEEP_PENDING_FOR
        with self._sessions() as session, session.begin():
            old = session.execute(select(PendingEvidence).where(PendingEvidence.created_at < cutoff)).scalars().all()
            for item in old:
                self._unlink(item.storage_ref)
                session.delete(item)
            return len(old)

    def _path(self, storage_ref: str) -> Path:
        name = storage_ref[len(REF_PREFIX):]
        if not storage_ref.startswith(REF_PREFIX) or "/" in name or name.startswith("."):
            raise ValueError("not an evidence file reference")
        return self.directory / name

    def delete_file(self, storage_ref: str) -> None:
        """Retention of filed complaints: the file goes with its complaint."""
        self._unlink(storage_ref)

    def _unlink(self, storage_ref: str) -> None:
        try:
            self._path(storage_ref).unlink()
        except (OSError, ValueError):
            logger.warning("evidence file already gone")
