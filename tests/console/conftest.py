"""Fixtures for the console: a fresh database, a fake Rasa API, a console test client, staff users."""
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import make_app
from bot.console.auth import StaffAuth
from bot.rasa_api import RasaClient
from bot.store.init_db import init_db
from tests.console.fake_rasa import FakeRasa

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """argon2 with its production cost takes ~1 s a hash on the 2-core test machine; same code, lower cost."""
    from argon2 import PasswordHasher
    import bot.console.auth as auth
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'hamari.db'}"
    init_db(url)
    return url


@pytest.fixture
def staff(db_url):
    auth = StaffAuth(db_url)
    return {"asha": auth.create_user("asha", "Asha", PASSWORD, "counsellor"),
            "bina": auth.create_user("bina", "Bina", PASSWORD, "counsellor"),
            "sup": auth.create_user("sup", "Supervisor Sita", PASSWORD, "supervisor"),
            "meera": auth.create_user("meera", "Officer Meera", PASSWORD, "officer"),
            "rekha": auth.create_user("rekha", "Officer Rekha", PASSWORD, "officer")}


@pytest_asyncio.fixture
async def fake_rasa():
    fake = FakeRasa()
    server = TestServer(fake.app())
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


@pytest_asyncio.fixture
async def console(db_url, fake_rasa, staff):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    app = make_app(rasa, db_url)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await rasa.close()
    await client.close()


async def login(client: TestClient, username: str, password: str = PASSWORD):
    """Logs in through the form (with its CSRF cookie); returns the response and the session CSRF token."""
    page = await client.get("/login")
    html = await page.text()
    token = html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = await client.post("/login", data={"username": username, "password": password, "csrf": token},
                                 allow_redirects=False)
    csrf = None
    if response.status == 302:
        page = await client.get("/dashboard")  # a page every role may open
        csrf = (await page.text()).split('data-csrf="', 1)[1].split('"', 1)[0]
    return response, csrf
