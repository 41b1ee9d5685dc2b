"""Retention: nothing about her is kept longer than its setting says (bot/settings.py RETAIN_*).

`run_retention(now)` is one pass over every store; it takes the time as an argument so that tests
drive it with a fake clock. How it runs: `python -m bot.privacy.retention` runs one pass and exits
(cron or a Kubernetes CronJob, daily); `python -m bot.privacy.retention --loop` runs a pass every
RETENTION_INTERVAL_HOURS (24) under a process manager; the job worker (`python -m bot.jobs`) runs a
pass every RETENTION_INTERVAL_HOURS by itself, one worker at a time (bot/jobs/runner.py).
Every pass is a set of idempotent deletes, so two replicas running it at once do no harm.

What goes, and when (docs/privacy.md has the same table):
- conversations in Rasa's tracker store with no event for RETAIN_CONVERSATION_DAYS, whole;
- channel identities (her chat id or number) unused for RETAIN_IDENTITY_DAYS, with that chat's
  memory (recent message ids, blocked flag);
- handoffs closed RETAIN_CLOSED_HANDOFF_DAYS ago, and call-back requests made that long ago;
- delivery logs older than RETAIN_DELIVERY_LOG_DAYS: webhook delivery ids, undelivered replies,
  button payloads, PIN attempt counters, delivered outbox entries, scheduled messages that were
  sent, cancelled or given up (each holds her conversation id and its text, encrypted);
- files of unfiled reports after RETAIN_PENDING_EVIDENCE_DAYS;
- filed complaints RETAIN_COMPLAINT_DAYS after filing (1090's rule), with their history, notes,
  contact, identifiers and evidence files. Until then officers read them as before.
"""
import argparse
import logging
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Optional

import sqlalchemy as sa
from sqlalchemy import delete, or_, select

from bot import settings
from bot.channels.evidence import EvidenceVault
from bot.complaints.outbox import Outbox, PendingReport
from bot.handoff.service import CALLBACK, CLOSED
from bot.jobs.scheduled import CANCELLED, DEAD
from bot.store.db import session_factory
from bot.store.models import (ChannelButtonPayload, ChannelChatState, ChannelDelivery, ChannelIdentity,
                              ChannelRecentMessage, Complaint, DeliveryFailure, EvidenceItem, Handoff,
                              PinAttempts, ScheduledMessage)

logger = logging.getLogger(__name__)


def _days(value: float) -> timedelta:
    return timedelta(days=value)


def run_retention(now: Optional[datetime] = None, database_url: Optional[str] = None,
                  tracker_url: Optional[str] = None, evidence_dir: Optional[Path] = None,
                  outbox_path: Optional[Path] = None, prune_tracker: bool = True) -> Dict[str, int]:
    """One pass; returns how many rows (or files) each part removed."""
    now = now or datetime.now(timezone.utc)
    sessions = session_factory(database_url)
    counts: Dict[str, int] = {}
    with sessions() as session, session.begin():
        identity_cutoff = now - _days(settings.RETAIN_IDENTITY_DAYS)
        stale = [(c, p) for c, p in session.execute(select(ChannelIdentity.channel, ChannelIdentity.sender_pseudonym)
                                                    .where(ChannelIdentity.last_seen_at < identity_cutoff))]
        for channel, sender in stale:
            for table in (ChannelRecentMessage, ChannelChatState):
                session.execute(delete(table).where(table.channel == channel, table.sender_pseudonym == sender))
        counts["channel_identities"] = session.execute(
            delete(ChannelIdentity).where(ChannelIdentity.last_seen_at < identity_cutoff)).rowcount

        handoff_cutoff = now - _days(settings.RETAIN_CLOSED_HANDOFF_DAYS)
        counts["handoffs"] = session.execute(delete(Handoff).where(or_(
            (Handoff.status == CLOSED) & (Handoff.closed_at < handoff_cutoff),
            (Handoff.status == CALLBACK) & (Handoff.requested_at < handoff_cutoff)))).rowcount

        log_cutoff = now - _days(settings.RETAIN_DELIVERY_LOG_DAYS)
        counts["delivery_logs"] = sum(session.execute(statement).rowcount for statement in (
            delete(ChannelDelivery).where(ChannelDelivery.received_at < log_cutoff),
            delete(DeliveryFailure).where(DeliveryFailure.at < log_cutoff),
            delete(ChannelButtonPayload).where(ChannelButtonPayload.created_at < log_cutoff),
            delete(ChannelRecentMessage).where(ChannelRecentMessage.sent_at < log_cutoff),
            delete(PinAttempts).where(PinAttempts.updated_at < log_cutoff),
            delete(ScheduledMessage).where(or_(
                ScheduledMessage.sent_at < log_cutoff,
                ScheduledMessage.status.in_((DEAD, CANCELLED)) & (ScheduledMessage.due_at < log_cutoff))),
        ))

    vault = EvidenceVault(database_url, evidence_dir)
    counts["pending_evidence"] = vault.prune(now)
    counts["complaints"] = _prune_complaints(vault, sessions, now - _days(settings.RETAIN_COMPLAINT_DAYS))
    counts["outbox_delivered"] = _prune_outbox(outbox_path, log_cutoff)
    if prune_tracker:
        counts["conversations"] = prune_conversations(tracker_url or settings.tracker_database_url(),
                                                      now - _days(settings.RETAIN_CONVERSATION_DAYS))
    logger.info("retention: %s", ", ".join(f"{key}={value}" for key, value in sorted(counts.items())))
    return counts


def _prune_complaints(vault: EvidenceVault, sessions, cutoff: datetime) -> int:
    """Complaints past 1090's retention: rows (their children go by cascade) and evidence files."""
    with sessions() as session, session.begin():
        old = session.execute(select(Complaint).where(Complaint.created_at < cutoff)).scalars().all()
        for complaint in old:
            items = select(EvidenceItem).where(EvidenceItem.complaint_id == complaint.id)
            for item in session.execute(items).scalars():
                if item.storage_ref:
                    vault.delete_file(item.storage_ref)
            session.delete(complaint)
        return len(old)


def _prune_outbox(path: Optional[Path], cutoff: datetime) -> int:
    """Delivered entries keep only the reference code (the payload is cleared on delivery)."""
    with Outbox(path).sessions() as session, session.begin():
        return session.execute(delete(PendingReport).where(
            PendingReport.delivered_at.is_not(None), PendingReport.delivered_at < cutoff)).rowcount


def prune_conversations(tracker_url: str, cutoff: datetime) -> int:
    """Deletes every conversation of Rasa's tracker store whose newest event is older than `cutoff`.
    A plain table (the store's own columns), so this needs neither Rasa nor the keys."""
    engine = sa.create_engine(tracker_url, future=True)
    try:
        return _prune_idle(engine, cutoff)
    finally:
        engine.dispose()


def _prune_idle(engine, cutoff: datetime) -> int:
    if not sa.inspect(engine).has_table("events"):
        return 0
    events = sa.table("events", sa.column("sender_id", sa.String), sa.column("timestamp", sa.Float))
    idle = (select(events.c.sender_id).group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < cutoff.timestamp()))
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(idle)]
        for start in range(0, len(senders), 500):
            connection.execute(sa.delete(events).where(events.c.sender_id.in_(senders[start:start + 500])))
    return len(senders)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Delete what is past its retention (bot/settings.py RETAIN_*).")
    parser.add_argument("--loop", action="store_true",
                        help="run every RETENTION_INTERVAL_HOURS instead of once")
    args = parser.parse_args(argv)
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    while True:
        try:
            counts = run_retention()
            print(" ".join(f"{key}={value}" for key, value in sorted(counts.items())), flush=True)
        except Exception as error:
            logger.error("retention failed (%s)", type(error).__name__)
            if not args.loop:
                return 1
        if not args.loop:
            return 0
        time.sleep(settings.RETENTION_INTERVAL_HOURS * 3600)


if __name__ == "__main__":
    raise SystemExit(main())
