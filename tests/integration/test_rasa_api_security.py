"""Rasa's API off the public side (issue 19): the key never on a command line or in a URL, CORS only
for the configured widget origins, the REST channel off in production. Against Rasa's own Sanic app
(rasa.server.create_app), configured the way bot/rasa_server.py configures `rasa run`."""
import argparse
import socket

import aiohttp
import pytest
from rasa.core.channels.channel import register
from rasa.server import create_app
from sanic import Sanic
from sanic.response import text

import bot.rasa_server as launcher
from bot import settings
from bot.channels.guarded import GuardedRestInput
from bot.devtools.serve import server_commands
from bot.rasa_api import RasaClient, RasaError

KEY = "k" * 48
WIDGET = "https://wcso.example"


@pytest.fixture(autouse=True)
def sanic_apps_in_one_process(monkeypatch):
    """Sanic rewrites some of its own methods when an app starts, from their source; a second app in
    the same process fails to rewrite them again unless Sanic keeps the originals (its test mode)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _serve(app):
    port = _port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    return server, f"http://127.0.0.1:{port}"


@pytest.mark.asyncio
async def test_the_api_takes_a_signed_header_and_refuses_the_key_in_a_url():
    args = argparse.Namespace(enable_api=False, auth_token="old", jwt_secret=None, jwt_private_key=None,
                              jwt_method=None, cors=["*"])
    launcher.secured(args, KEY, (WIDGET,))
    app = create_app(agent=None, cors_origins=args.cors, auth_token=args.auth_token, jwt_secret=args.jwt_secret,
                     jwt_method=args.jwt_method)
    server, base = await _serve(app)
    try:
        async with RasaClient(base, KEY) as rasa:
            with pytest.raises(RasaError) as passed:
                await rasa.tracker("her-conversation")
            assert passed.value.status == 409  # past authentication: this test app has no model
        async with RasaClient(base, "another key entirely, also long enough") as wrong:
            with pytest.raises(RasaError) as refused:
                await wrong.tracker("her-conversation")
            assert refused.value.status == 401
        async with aiohttp.ClientSession() as http:
            in_url = await http.get(f"{base}/conversations/her-conversation/tracker", params={"token": KEY})
            assert in_url.status == 401
            for origin, allowed in ((WIDGET, True), ("https://evil.example", False)):
                answer = await http.get(f"{base}/version", headers={"Origin": origin})
                assert (answer.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    finally:
        server.close()
        await server.wait_closed()


def test_no_secret_and_no_wildcard_on_the_command_line(monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", KEY)
    command = " ".join(server_commands(5005, 5055, "endpoints.yml", "model.tar.gz")["rasa"])
    assert KEY not in command and "--auth-token" not in command and "--cors" not in command
    assert "-m bot.rasa_server" in command


def test_the_launcher_sets_key_and_origins_in_code(monkeypatch):
    import rasa.__main__ as rasa_main
    monkeypatch.setenv("RASA_API_TOKEN", KEY)
    monkeypatch.setattr(settings, "WIDGET_ORIGINS", (WIDGET,))
    seen = {}

    def fake_main():
        seen["args"] = rasa_main.create_argument_parser().parse_args(["run", "--port", "5999"])
    monkeypatch.setattr(rasa_main, "main", fake_main)
    monkeypatch.setattr(rasa_main, "create_argument_parser", rasa_main.create_argument_parser)
    launcher.main(["--port", "5999"])
    args = seen["args"]
    assert (args.enable_api, args.auth_token, args.jwt_secret, args.jwt_method, args.cors) == \
        (True, None, KEY, "HS256", [WIDGET])
    with pytest.raises(SystemExit):
        launcher.main(["--auth-token", "visible-in-ps"])
    with pytest.raises(SystemExit):
        launcher.main(["--cors=*"])


@pytest.mark.asyncio
async def test_the_rest_channel_is_off_in_production(monkeypatch):
    monkeypatch.setattr(settings, "production", lambda: True)
    app = Sanic("hs_rest_off")
    app.add_route(lambda request: text("Hello from Rasa"), "/")  # Rasa's own routes, in miniature
    register([GuardedRestInput()], app, route="/webhooks/")
    server, base = await _serve(app)
    try:
        async with aiohttp.ClientSession() as http:
            answer = await http.post(f"{base}/webhooks/rest/webhook", json={"sender": "any", "message": "hi"})
            assert answer.status == 404
    finally:
        server.close()
        await server.wait_closed()
