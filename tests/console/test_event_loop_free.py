"""A slow database call does not stop the console: while one page waits for a query (in a thread,
docs/architecture.md), the event loop answers everyone else."""
import asyncio
import time

import pytest

from bot.handoff.service import HandoffService
from tests.console.conftest import login

SLOW_QUERY_SECONDS = 1.5


@pytest.mark.asyncio
async def test_other_requests_are_answered_while_a_query_is_slow(console, monkeypatch):
    response, _ = await login(console, "asha")
    assert response.status == 302
    original = HandoffService.queue
    querying = []

    def slow_queue(self, user):
        querying.append(1)
        time.sleep(SLOW_QUERY_SECONDS)  # a PostgreSQL that takes its time (a lock, a restart)
        return original(self, user)

    monkeypatch.setattr(HandoffService, "queue", slow_queue)
    started = time.monotonic()
    slow = asyncio.ensure_future(console.get("/api/queue"))
    while not querying:  # on the event loop, this wait itself is held until the query ends
        await asyncio.sleep(0.01)
    health = await console.get("/health")
    answered_after = time.monotonic() - started
    assert health.status == 200
    assert answered_after < SLOW_QUERY_SECONDS / 2, f"/health waited {answered_after:.2f} s behind a slow query"
    assert (await slow).status == 200
