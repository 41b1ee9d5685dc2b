"""The console's wiring: typed app keys only, the Rasa client closed with the app (cleanup_ctx), and
no background loop: the relay runs in the job worker (bot/jobs/runner.py), so consoles can be many."""
import asyncio
import time
import warnings

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import make_app
from bot.handoff.service import HandoffService
from bot.rasa_api import RasaClient


def test_the_app_holds_typed_keys_only(db_url):
    with warnings.catch_warnings():
        warnings.simplefilter("error", web.NotAppKeyWarning)
        make_app(RasaClient("http://127.0.0.1:1", "t"), db_url)


@pytest.mark.asyncio
async def test_a_running_console_relays_nothing_and_closes_its_rasa_client(db_url, fake_rasa):
    """An open handoff and a console up for a while: no tracker is read (a relay would read it)."""
    HandoffService(db_url).request("tg-open-1", "telegram", "hi", "asked", None, since_timestamp=time.time())
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    client = TestClient(TestServer(make_app(rasa, db_url)))
    await client.start_server()
    await rasa.tracker("warm-up")  # opens the client's HTTP session
    await asyncio.sleep(1.0)
    assert [call[1] for call in fake_rasa.calls] == ["/conversations/warm-up/tracker"]
    await client.close()
    assert rasa._session.closed
