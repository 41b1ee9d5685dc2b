"""The console's wiring: typed app keys only, and the relay and the Rasa client started and stopped
with the app (cleanup_ctx)."""
import asyncio
import warnings

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.console import keys
from bot.console.app import make_app
from bot.rasa_api import RasaClient


def test_the_app_holds_typed_keys_only(db_url):
    with warnings.catch_warnings():
        warnings.simplefilter("error", web.NotAppKeyWarning)
        app = make_app(RasaClient("http://127.0.0.1:1", "t"), db_url, relay_interval=None)
    assert app[keys.AUDIT] is not None and keys.RELAY_TASK not in app


@pytest.mark.asyncio
async def test_the_relay_runs_while_the_console_is_up_and_both_stop_with_it(db_url, fake_rasa, staff):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    app = make_app(rasa, db_url, relay_interval=0.05)
    rounds = []
    relay_round = app[keys.RELAY].check_once

    async def counted():
        rounds.append(1)
        return await relay_round()
    app[keys.RELAY].check_once = counted
    client = TestClient(TestServer(app))
    await client.start_server()
    await rasa.tracker("warm-up")  # opens the client's HTTP session
    for _ in range(100):
        if len(rounds) >= 2:
            break
        await asyncio.sleep(0.05)
    task = app[keys.RELAY_TASK]
    assert len(rounds) >= 2 and not task.done()
    await client.close()
    assert task.cancelled() and rasa._session.closed
