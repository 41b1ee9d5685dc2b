"""The life of a complaint at 1090: the statuses an officer moves it through, and which count as done.

received -> in_progress -> action_taken -> closed; `reopened` when she says the harassment has not
stopped (or an officer reopens it). Her status check shows each of them in her language
(bot/complaints/labels.py STATUS_LABELS); the console shows the English names from its templates.
"""
from datetime import datetime, timedelta

RECEIVED = "received"
IN_PROGRESS = "in_progress"
ACTION_TAKEN = "action_taken"
CLOSED = "closed"
REOPENED = "reopened"

STATUSES = (RECEIVED, IN_PROGRESS, ACTION_TAKEN, CLOSED, REOPENED)
# A case in one of these is not waiting for an officer: it is never overdue.
FINISHED = (ACTION_TAKEN, CLOSED)
# What a status history entry says in `changed_by` when she herself changed it (reopened by her).
BY_HER = "her"


def is_overdue(status: str, created_at: datetime, now: datetime, overdue_hours: float) -> bool:
    """Still waiting for action (not action_taken or closed) and filed longer ago than the threshold
    (COMPLAINT_OVERDUE_HOURS)."""
    return status not in FINISHED and now - created_at > timedelta(hours=overdue_hours)
