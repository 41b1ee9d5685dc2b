"""Staff alerts on the machinery: the job worker tells the staff chat when work piles up.

Checked after each outbox pass, against bot/settings.py ALERT_*:
- outbox: reports wait in an action server's outbox (any waiting report means the database was down);
- overdue: too many scheduled messages (status updates, reminders...) due and not sent;
- dead: scheduled messages that died since the last alert.
One line per kind through the staff notifier (bot/notify/telegram.py): counts and a link to the
dashboard's Machinery panel, never anything of hers. At most once per ALERT_REPEAT_SECONDS per kind
over all workers: the lease "alert:<kind>" is held while deciding and sending, and its last_done_at
is when the last alert went out. Each alert is audited (by the system) and logged.
"""
import asyncio
import logging
from typing import Callable, Dict, List, Optional, Tuple

from bot import settings
from bot.jobs.gauges import Gauges
from bot.jobs.leases import Leases
from bot.jobs.machinery import Machinery

logger = logging.getLogger(__name__)
KINDS = ("outbox", "overdue", "dead")
DECIDE_SECONDS = 60      # the alert lease is held this long at most while one worker sends
DEAD_SEEN = "alert:dead_seen"  # gauge: how many dead messages the last dead-letter alert counted


class BacklogAlerts:
    def __init__(self, url: Optional[str], holder: str, notifier, leases: Optional[Leases] = None,
                 audit=None, console_url: Optional[str] = None) -> None:
        self.holder = holder
        self.notifier = notifier
        self.leases = leases or Leases(url)
        self.gauges = Gauges(url, self.leases.clock)
        if audit is None:
            from bot.console.audit import AuditLog
            audit = AuditLog(url)
        self.audit = audit
        self.link = (console_url or settings.CONSOLE_PUBLIC_URL).rstrip("/") + "/dashboard#machinery"

    def over(self, state: Machinery) -> Dict[str, Tuple[int, str]]:
        """The kinds over their threshold now: kind -> (count to remember, the alert's line)."""
        found: Dict[str, Tuple[int, str]] = {}
        if 0 < settings.ALERT_OUTBOX_WAITING <= state.outbox_waiting:
            hosts = sum(1 for host in state.outboxes if host.waiting)
            found["outbox"] = (state.outbox_waiting, f"ALERT: {state.outbox_waiting} complaint report(s) filed while "
                               f"the database was unreachable wait in the outbox of {hosts} action server(s); "
                               "the job worker files them as soon as it can.")
        if 0 < settings.ALERT_SCHEDULED_OVERDUE <= state.scheduled_overdue:
            found["overdue"] = (state.scheduled_overdue, f"ALERT: {state.scheduled_overdue} scheduled message(s) "
                                f"overdue by more than {settings.SCHEDULED_OVERDUE_MINUTES:g} minutes.")
        seen = self.gauges.get(DEAD_SEEN)
        seen_dead = seen.value if seen else 0
        if state.scheduled_dead < seen_dead:  # requeued or forgotten since: count from here
            self.gauges.report(DEAD_SEEN, state.scheduled_dead)
            seen_dead = state.scheduled_dead
        new_dead = state.scheduled_dead - seen_dead
        if 0 < settings.ALERT_DEAD_LETTERS <= new_dead:
            found["dead"] = (state.scheduled_dead, f"ALERT: {new_dead} scheduled message(s) could not be sent "
                             f"after their retries ({state.scheduled_dead} undelivered in all).")
        return found

    def check(self, state: Machinery, send: Optional[Callable[[str], bool]] = None) -> List[str]:
        """Sends what is due; returns the kinds alerted now. `send` defaults to the notifier."""
        if send is None and not getattr(self.notifier, "enabled", True):
            return []  # notifications off (no Telegram token or chat): the panel still shows the counts
        send = send or (lambda line: asyncio.run(self.notifier.send(line)))
        sent = []
        for kind, (count, line) in self.over(state).items():
            if self._alert(kind, count, f"{line} Open: {self.link}", send):
                sent.append(kind)
        return sent

    def _alert(self, kind: str, count: int, line: str, send: Callable[[str], bool]) -> bool:
        name = f"alert:{kind}"
        if not self.leases.acquire(name, self.holder, DECIDE_SECONDS):
            return False  # another worker is deciding this one now
        done = False
        try:
            last = self.leases.last_done(name)
            if last is not None and (self.leases.clock() - last).total_seconds() < settings.ALERT_REPEAT_SECONDS:
                return False
            if not send(line):
                logger.warning("staff alert %s not sent; next pass tries again", kind)
                return False
            done = True
            if kind == "dead":
                self.gauges.report(DEAD_SEEN, count)
            logger.warning("staff alert sent: %s (%d)", kind, count)
            self.audit.record(None, "staff_alert", "machinery", kind, f"{kind}={count}")
            return True
        finally:
            self.leases.release(name, self.holder, done=done)
