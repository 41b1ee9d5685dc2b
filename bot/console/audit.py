"""Audit log: every view of a case and every change, readable by supervisors. No message text."""
from datetime import datetime
from typing import List, Optional

from sqlalchemy import select

from bot.store.db import session_factory
from bot.store.models import AuditEntry, StaffUser


class AuditLog:
    def __init__(self, url: Optional[str] = None):
        self.sessions = session_factory(url)

    def record(self, user: Optional[StaffUser], action: str, object_type: Optional[str] = None, object_id=None,
               detail: Optional[str] = None, at: Optional[datetime] = None) -> None:
        """`at`: when it happened, for the demo data (bot/devtools/demo_data.py); default now."""
        with self.sessions() as session, session.begin():
            session.add(AuditEntry(**({"at": at} if at else {}), staff_user_id=user.id if user else None,
                                   action=action[:32],
                                   object_type=object_type,
                                   object_id=None if object_id is None else str(object_id)[:64],
                                   detail=(detail or None) and detail[:256]))

    def recent(self, limit: int = 500, object_type: Optional[str] = None, object_id=None) -> List[tuple]:
        query = (select(AuditEntry, StaffUser.username).outerjoin(StaffUser, AuditEntry.staff_user_id == StaffUser.id)
                 .order_by(AuditEntry.id.desc()).limit(limit))
        if object_type:
            query = query.where(AuditEntry.object_type == object_type)
        if object_id is not None:
            query = query.where(AuditEntry.object_id == str(object_id))
        with self.sessions() as session:
            return session.execute(query).all()
