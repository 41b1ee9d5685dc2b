"""The worker loop of scheduled messages: claim what is due, deliver it, record the outcome.

Any number of workers may run (threads in each action server, or `python -m bot.jobs.worker`
processes): the claim in bot/jobs/scheduled.py gives each due message to exactly one of them. A
delivery that raises is a retry, never the end of the loop. Nothing runs because this module was
imported; `start_in_thread` or `main` starts it.
"""
import logging
import os
import socket
import threading
from typing import Callable, Dict, Optional

from bot import settings
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

    def run_forever(self, stop: Optional[threading.Event] = None, poll: Optional[float] = None) -> None:
        stop = stop or threading.Event()
        poll = settings.SCHEDULED_POLL_SECONDS if poll is None else poll
        while not stop.is_set():
            try:
                self.run_once()
            except Exception as error:  # the database may be away for a while: keep polling
                logger.warning("scheduled messages: pass failed (%s)", type(error).__name__)
            stop.wait(poll)


def start_in_thread(worker: Worker, poll: Optional[float] = None) -> threading.Event:
    """Runs the worker in a daemon thread; setting the returned event stops it."""
    stop = threading.Event()
    threading.Thread(target=worker.run_forever, args=(stop, poll), daemon=True, name="scheduled-messages").start()
    return stop


def main() -> None:
    """A worker process of its own (production may run several)."""
    from bot.jobs.delivery import RasaDelivery
    from bot.store.keyring import check_keys
    logging.basicConfig(level=settings.LOG_LEVEL)
    check_keys("worker")
    Worker(ScheduledMessages(), RasaDelivery()).run_forever()


if __name__ == "__main__":
    main()
