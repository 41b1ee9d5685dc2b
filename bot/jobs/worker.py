"""The worker loop of scheduled messages: claim what is due, deliver it, record the outcome.

The job worker (`python -m bot.jobs`, bot/jobs/runner.py) runs it; any number of workers may: the
claim in bot/jobs/scheduled.py gives each due message to exactly one of them. A delivery that
raises is a retry, never the end of the pass.
"""
import logging
import os
import socket
from typing import Callable, Dict, Optional

from bot.jobs.scheduled import Message, Outcome, ScheduledMessages

logger = logging.getLogger(__name__)
Deliver = Callable[[Message], Outcome]


class Worker:
    def __init__(self, messages: ScheduledMessages, deliver: Deliver, name: Optional[str] = None,
                 batch: int = 20) -> None:
        self.messages, self.deliver, self.batch = messages, deliver, batch
        self.name = name or f"{socket.gethostname()[:8]}-{os.getpid()}"

    def run_once(self) -> Dict[str, int]:
        """One pass: every message claimed now is delivered and finished. Returns counts by new status."""
        counts: Dict[str, int] = {}
        for message in self.messages.claim_due(self.name, self.batch):
            try:
                outcome = self.deliver(message)
            except Exception as error:  # a delivery bug must not stop the others
                outcome = Outcome("retry", type(error).__name__)
            status = self.messages.finish(message, outcome)
            counts[status] = counts.get(status, 0) + 1
        if counts:
            logger.info("scheduled messages: %s", ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
        return counts
