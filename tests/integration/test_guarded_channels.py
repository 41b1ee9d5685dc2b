"""Rasa's REST channel behind the gate, on a real Sanic server (issue 19): request bodies capped, and
new sender ids from one address stopped by the address quota with a kind "please wait"."""
import asyncio
import socket
from types import SimpleNamespace

import aiohttp
import pytest
from rasa.core.channels.channel import register
from sanic import Sanic

import bot.channels.guarded as guarded
from bot import settings
from bot.channels.gate import PLEASE_WAIT, InputGate
from bot.channels.guarded import GuardedRestInput, GuardedSocketIOInput


class Agent:
    def __init__(self):
        self.texts = []

    async def handle_message(self, message):
        self.texts.append((message.sender_id, message.text))
        await message.output_channel.send_text_message(message.sender_id, "bot answer")


@pytest.fixture(autouse=True)
def sanic_apps_in_one_process(monkeypatch):
    """Sanic rewrites some of its own methods when an app starts, from their source; a second app in
    the same process fails to rewrite them again unless Sanic keeps the originals (its test mode)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _serving(channels, name):
    app = Sanic(name)
    app.ctx.agent = Agent()
    register(channels, app, route="/webhooks/")
    port = _free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    return app, server, f"http://127.0.0.1:{port}"


@pytest.mark.asyncio
async def test_rest_bodies_are_capped_and_one_address_cannot_invent_senders(monkeypatch):
    monkeypatch.setattr(guarded, "_gate", InputGate(per_sender=20, per_address=30))
    app, server, base = await _serving([GuardedRestInput()], "hs_guarded_rest")
    try:
        async with aiohttp.ClientSession() as http:
            url = f"{base}/webhooks/rest/webhook"
            big = await http.post(url, data=b"x" * (settings.PUBLIC_MAX_BODY_BYTES + 1))
            assert big.status == 413
            answers = []
            for n in range(40):
                response = await http.post(url, json={"sender": f"fake-{n}", "message": "hello"},
                                           headers={"X-Forwarded-For": "203.0.113.9"})
                answers.append(await response.json())
            assert len(app.ctx.agent.texts) == 30
            assert answers[30] == [{"recipient_id": "fake-30", "text": PLEASE_WAIT.pick(None)}]  # "hello": no language, the default
            other = await http.post(url, json={"sender": "her", "message": "hello"},
                                    headers={"X-Forwarded-For": "198.51.100.7"})
            assert await other.json() == [{"recipient_id": "her", "text": "bot answer"}]
            sos = await http.post(url, json={"sender": "fake-99", "message": "help he is beating me"},
                                  headers={"X-Forwarded-For": "203.0.113.9"})
            assert (await sos.json())[-1]["text"] == "bot answer"  # an emergency passes any quota
    finally:
        server.close()
        await server.wait_closed()


def test_socketio_frames_are_capped_too():
    channel = GuardedSocketIOInput.from_credentials({"user_message_evt": "user_uttered",
                                                     "bot_message_evt": "bot_uttered", "session_persistence": True})

    async def nothing(message):
        return None

    channel.blueprint(nothing)
    assert channel.sio.eio.max_http_buffer_size == settings.PUBLIC_MAX_BODY_BYTES
    assert channel.name() == "socketio" and GuardedRestInput.name() == "rest"


def test_credentials_use_the_guarded_channels():
    import yaml
    channels = yaml.safe_load((settings.PROJECT_ROOT / "credentials.yml").read_text())
    assert "rest" not in channels and "socketio" not in channels
    assert "bot.channels.guarded.GuardedRestInput" in channels
    assert "bot.channels.guarded.GuardedSocketIOInput" in channels


if __name__ == "__main__":
    asyncio.run(test_rest_bodies_are_capped_and_one_address_cannot_invent_senders(pytest.MonkeyPatch()))


@pytest.mark.asyncio
async def test_socketio_counts_the_source_address_of_each_event(monkeypatch):
    import socketio
    monkeypatch.setattr(guarded, "_gate", InputGate(per_sender=20, per_address=25))
    channel = GuardedSocketIOInput.from_credentials({"user_message_evt": "user_uttered",
                                                     "bot_message_evt": "bot_uttered", "session_persistence": True})
    app, server, base = await _serving([channel], "hs_guarded_socketio")
    client = socketio.AsyncClient()
    answers = []
    client.on("bot_uttered", lambda data: answers.append(data))
    try:
        await client.connect(base, socketio_path="/socket.io", transports=["polling"])  # this client's websocket needs a newer aiohttp
        for n in range(30):  # a script inventing a new session id for every message, from one address
            await client.emit("user_uttered", {"message": "hello", "session_id": f"fake-{n}"})
            await asyncio.sleep(0.03)  # one event per polling request (engine.io takes 16 at most in one)
        await client.emit("user_uttered", {"message": "help he is beating me", "session_id": "fake-99"})
        for _ in range(100):
            if len(app.ctx.agent.texts) >= 26:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        assert len(app.ctx.agent.texts) == 26  # 25 from the address, and the emergency over quota
        assert app.ctx.agent.texts[-1] == ("fake-99", "help he is beating me")
    finally:
        await client.disconnect()
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_socketio_refuses_pages_outside_the_widget_origins(monkeypatch):
    import socketio
    monkeypatch.setattr(settings, "WIDGET_ORIGINS", ("https://wcso.example",))
    channel = GuardedSocketIOInput.from_credentials({"user_message_evt": "user_uttered",
                                                     "bot_message_evt": "bot_uttered", "session_persistence": True})
    app, server, base = await _serving([channel], "hs_guarded_socketio_origins")
    try:
        for origin, allowed in (("https://wcso.example", True), ("https://evil.example", False)):
            client = socketio.AsyncClient()
            try:
                await client.connect(base, socketio_path="/socket.io", transports=["polling"],
                                     headers={"Origin": origin})
                connected = client.connected
            except socketio.exceptions.ConnectionError:
                connected = False
            finally:
                await client.disconnect()
            assert connected is allowed, origin
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_socketio_disconnects_a_client_that_sends_binary_attachments(monkeypatch):
    """GHSA-5w7q-77mv-v69f: python-socketio 5.9 piles up binary attachments in memory; the widget never
    sends binary data, so such a client is cut off and nothing of the packet is kept."""
    import socketio
    channel = GuardedSocketIOInput.from_credentials({"user_message_evt": "user_uttered",
                                                     "bot_message_evt": "bot_uttered", "session_persistence": True})
    app, server, base = await _serving([channel], "hs_guarded_socketio_binary")
    attacker, her = socketio.AsyncClient(), socketio.AsyncClient()
    try:
        await attacker.connect(base, socketio_path="/socket.io", transports=["polling"])
        await attacker.emit("user_uttered", {"message": "hi", "session_id": "attacker",
                                             "blob": b"\x00" * 1000})
        for _ in range(100):
            if not attacker.connected:
                break
            await asyncio.sleep(0.05)
        assert not attacker.connected
        assert channel.sio._binary_packet == {}
        # A widget speaking text is served as before.
        await her.connect(base, socketio_path="/socket.io", transports=["polling"])
        await her.emit("user_uttered", {"message": "hello", "session_id": "her-session"})
        for _ in range(100):
            if app.ctx.agent.texts:
                break
            await asyncio.sleep(0.05)
        assert app.ctx.agent.texts == [("her-session", "hello")]
    finally:
        await attacker.disconnect()
        await her.disconnect()
        server.close()
        await server.wait_closed()
