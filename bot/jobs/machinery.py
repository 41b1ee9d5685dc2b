"""How the machinery is doing, in counts: one snapshot for the console's Machinery panel and for the
job worker's staff alerts (bot/jobs/alerts.py), so both say the same numbers.

- outboxes: reports filed while the database was down, still waiting on an action-server host (the
  job worker's gauges, bot/jobs/gauges.py); a host whose gauge is older than 3 outbox passes is
  "stale" (its worker stopped, or cannot reach the database);
- scheduled messages: pending, overdue (due more than SCHEDULED_OVERDUE_MINUTES ago, not sent), dead;
- replies a channel could not deliver in the last 24 hours.
No text, no id, no path: counts and times only.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from bot import settings
from bot.channels.delivery_failures import DeliveryFailures
from bot.jobs.gauges import OUTBOX_PREFIX, Gauges
from bot.jobs.scheduled import DEAD, PENDING, SENDING, ScheduledMessages

STALE_PASSES = 3
FAILURES_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class HostOutbox:
    host: str            # a short hash of host and file: tells hosts apart, says nothing of the path
    waiting: int
    oldest_at: Optional[datetime]
    updated_at: datetime
    stale: bool


@dataclass(frozen=True)
class Machinery:
    at: datetime
    outboxes: List[HostOutbox] = field(default_factory=list)
    scheduled_pending: int = 0
    scheduled_overdue: int = 0
    scheduled_dead: int = 0
    failures_24h: int = 0

    @property
    def outbox_waiting(self) -> int:
        return sum(host.waiting for host in self.outboxes)

    @property
    def outbox_oldest_at(self) -> Optional[datetime]:
        times = [host.oldest_at for host in self.outboxes if host.waiting and host.oldest_at]
        return min(times) if times else None

    @property
    def stale_hosts(self) -> int:
        return sum(host.stale for host in self.outboxes)


def snapshot(url: Optional[str] = None, now: Optional[datetime] = None) -> Machinery:
    """Reads the counts (blocking: async callers go through a thread)."""
    now = now or datetime.now(timezone.utc)
    stale_after = timedelta(seconds=STALE_PASSES * settings.OUTBOX_RETRY_SECONDS)
    outboxes = [HostOutbox(g.name[len(OUTBOX_PREFIX):][:8], g.value, g.oldest_at, g.updated_at,
                           now - g.updated_at > stale_after)
                for g in Gauges(url).read(OUTBOX_PREFIX)]
    scheduled = ScheduledMessages(url)
    counts = scheduled.counts()
    overdue = scheduled.overdue_count(now - timedelta(minutes=settings.SCHEDULED_OVERDUE_MINUTES))
    return Machinery(at=now, outboxes=outboxes, scheduled_pending=counts.get(PENDING, 0) + counts.get(SENDING, 0),
                     scheduled_overdue=overdue, scheduled_dead=counts.get(DEAD, 0),
                     failures_24h=DeliveryFailures(url).count_since(now - FAILURES_WINDOW))


class MachineryCounts:
    """The snapshot for one database (kept on the console's app object)."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def now(self) -> Machinery:
        return snapshot(self.url)
