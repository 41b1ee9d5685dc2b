"""Per-address login throttle: one source address may fail only so often before it has to wait.

The account lockout (auth.py) protects one account; this protects all of them from one place that
tries many user names. In memory, per console process: an attempt counts as a failure from the moment
it starts (so a burst of parallel requests cannot all slip past the check) and is taken back when
the password was right. The source address is the TCP peer, or, for a request from a configured
reverse proxy (CONSOLE_TRUSTED_PROXIES), the last hop it appended to X-Forwarded-For.
"""
import time
from collections import deque
from typing import Callable, Deque, Iterable, OrderedDict

from aiohttp import web

from bot.proxies import is_trusted_proxy

WINDOW_SECONDS = 15 * 60
MAX_ADDRESSES = 10_000  # memory bound: the addresses seen longest ago are forgotten first


def source_address(request: web.Request, trusted_proxies: Iterable[str]) -> str:
    peer = request.remote or "unknown"
    if is_trusted_proxy(peer, trusted_proxies):
        forwarded = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return peer[:64]


class LoginThrottle:
    def __init__(self, max_failures: int, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: OrderedDict[str, Deque[float]] = OrderedDict()

    def _recent(self, address: str) -> Deque[float]:
        times = self._failures.setdefault(address, deque())
        self._failures.move_to_end(address)
        while times and times[0] <= self.clock() - self.window:
            times.popleft()
        while len(self._failures) > MAX_ADDRESSES:
            self._failures.popitem(last=False)
        return times

    def begin(self, address: str) -> bool:
        """False: this address failed too often lately, refuse without checking. True: go ahead (the
        attempt already counts as a failure until succeeded() takes it back)."""
        times = self._recent(address)
        if len(times) >= self.max_failures:
            return False
        times.append(self.clock())
        return True

    def succeeded(self, address: str) -> None:
        times = self._failures.get(address)
        if times:
            times.pop()
