"""The console in Hindi and English: every page with the demo data present, in both languages, with
no English left on a Hindi page and no Hindi on an English one (outside data marked translate="no");
the language a staff member chooses is kept on her account (survives logout and login); the login
page follows ?lang= and the browser's Accept-Language; the switch is a CSRF-checked POST that only
goes back to a page of the console."""
import re

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.console.app import make_app
from bot.rasa_api import RasaClient
from bot.store.db import session_factory
from bot.store.models import StaffUser
from tests.console.console_pages import COUNSELLOR, PASSWORD, SUPERVISOR, fill
from tests.console.untranslated import english_runs, visible_texts

DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F]+")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('languages') / 'hamari.db'}"
    return url, fill(url)


@pytest_asyncio.fixture
async def client(demo, fake_rasa):
    rasa = RasaClient(fake_rasa.url, fake_rasa.token)
    client = TestClient(TestServer(make_app(rasa, demo[0])))
    await client.start_server()
    yield client
    await rasa.close()
    await client.close()


async def _login(client, username: str, **query) -> str:
    page = await client.get("/login", params=query)
    token = (await page.text()).split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = await client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token},
                                 allow_redirects=False)
    assert response.status == 302
    return (await (await client.get("/dashboard")).text()).split('data-csrf="', 1)[1].split('"', 1)[0]


async def _choose(client, csrf: str, lang: str, back: str = "/dashboard"):
    return await client.post("/language", data={"csrf": csrf, "lang": lang, "next": back}, allow_redirects=False)


async def _logout(client, csrf: str):
    await client.post("/logout", data={"csrf": csrf}, allow_redirects=False)


def _stored_language(url: str, username: str):
    with session_factory(url)() as session:
        return session.execute(select(StaffUser.language).where(StaffUser.username == username)).scalar_one()


def _hindi_words(html: str):
    """Devanagari outside data, on an English page (the switch's own "हिन्दी" aside)."""
    return [w for piece in visible_texts(html) for w in DEVANAGARI_WORD.findall(piece) if w != "हिन्दी"]


@pytest.mark.asyncio
async def test_every_page_in_both_languages_with_nothing_left_untranslated(demo, client):
    _, pages = demo
    sessions = {}
    checked = 0
    for lang in ("hi", "en"):
        for page in pages:
            if page.who not in sessions:
                sessions[page.who] = await _login(client, page.who)
            csrf = sessions[page.who]
            # One client, one cookie jar: log in as whoever the page is for.
            if sessions.get("current") != page.who:
                if "current" in sessions:
                    await _logout(client, sessions[sessions["current"]])
                sessions[page.who] = csrf = await _login(client, page.who)
                sessions["current"] = page.who
            assert (await _choose(client, csrf, lang)).status == 302
            if page.method == "POST":
                response = await client.post(page.path, data={"csrf": csrf, **(page.form or {})})
            else:
                response = await client.get(page.path)
            html = await response.text()
            assert response.status == page.status, (page.name, lang, html[-600:])
            assert f'<html lang="{lang}">' in html, page.name
            if lang == "hi":
                assert not english_runs(html), (page.name, english_runs(html))
            else:
                assert not _hindi_words(html), (page.name, _hindi_words(html))
            checked += 1
    assert checked == 2 * len(pages) >= 44


@pytest.mark.asyncio
async def test_her_choice_is_kept_on_her_account_and_survives_logout_and_login(demo, client):
    url, _ = demo
    csrf = await _login(client, COUNSELLOR)
    response = await _choose(client, csrf, "hi", "/callbacks?x=1")
    assert response.status == 302 and response.headers["Location"] == "/callbacks?x=1"
    assert _stored_language(url, COUNSELLOR) == "hi"
    assert "कॉल-बैक अनुरोध" in await (await client.get("/callbacks")).text()
    await _logout(client, csrf)
    client.session.cookie_jar.clear()   # another browser: only her account remembers
    csrf = await _login(client, COUNSELLOR)
    assert '<html lang="hi">' in await (await client.get("/dashboard")).text()
    await _choose(client, csrf, "en")
    assert _stored_language(url, COUNSELLOR) == "en"
    assert "Callback requests" in await (await client.get("/callbacks")).text()


@pytest.mark.asyncio
async def test_her_stored_choice_wins_over_the_browser(demo, client):
    csrf = await _login(client, SUPERVISOR)
    await _choose(client, csrf, "en")
    page = await client.get("/dashboard", headers={"Accept-Language": "hi-IN,hi;q=0.9"})
    assert '<html lang="en">' in await page.text()


@pytest.mark.asyncio
async def test_the_login_page_follows_the_browser_then_her_choice(client):
    hindi = await (await client.get("/login", headers={"Accept-Language": "hi-IN,hi;q=0.9,en;q=0.8"})).text()
    assert '<html lang="hi">' in hindi and "यूज़रनेम" in hindi and not english_runs(hindi)
    english = await (await client.get("/login", headers={"Accept-Language": "en-GB,en"})).text()
    assert '<html lang="en">' in english and "Username" in english
    assert '<html lang="en">' in await (await client.get("/login")).text()   # nothing said: English
    chosen = await client.get("/login?lang=hi", headers={"Accept-Language": "en"})
    assert '<html lang="hi">' in await chosen.text()
    # The choice is remembered (a cookie) until she logs in: the next visit is in Hindi too.
    assert '<html lang="hi">' in await (await client.get("/login", headers={"Accept-Language": "en"})).text()
    wrong = await client.get("/login?lang=fr")
    assert wrong.status == 200


@pytest.mark.asyncio
async def test_a_failed_login_answers_in_her_language(client):
    page = await client.get("/login?lang=hi")
    token = (await page.text()).split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = await client.post("/login", data={"username": SUPERVISOR, "password": "wrong password!", "csrf": token})
    html = await response.text()
    assert response.status == 401 and "यूज़रनेम या पासवर्ड गलत है" in html and not english_runs(html)


@pytest.mark.asyncio
async def test_the_switch_needs_her_session_and_its_csrf_token_and_goes_back_only_inside_the_console(demo, client):
    url, _ = demo
    assert (await client.post("/language", data={"lang": "hi"}, allow_redirects=False)).status == 401
    csrf = await _login(client, SUPERVISOR)
    before = _stored_language(url, SUPERVISOR)
    forged = await client.post("/language", data={"csrf": "not-the-token", "lang": "hi"}, allow_redirects=False)
    assert forged.status == 403 and _stored_language(url, SUPERVISOR) == before
    assert (await _choose(client, csrf, "fr")).status == 400
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        response = await _choose(client, csrf, "hi", elsewhere)
        assert response.headers["Location"] == "/", elsewhere


@pytest.mark.asyncio
async def test_the_switch_on_a_page_made_by_a_form_comes_back_to_a_page_that_opens(demo, client):
    _, pages = demo
    number = next(p for p in pages if p.name == "callback-number")
    csrf = await _login(client, SUPERVISOR)
    html = await (await client.post(number.path, data={"csrf": csrf})).text()
    back = html.split('name="next" value="', 1)[1].split('"', 1)[0]
    assert back == "/"
    assert 'name="next" value="/callbacks?x=1"' in await (await client.get("/callbacks?x=1")).text()


@pytest.mark.asyncio
async def test_the_queue_api_gives_the_time_as_staff_write_it(demo, client):
    csrf = await _login(client, SUPERVISOR)
    await _choose(client, csrf, "hi")
    cases = (await (await client.get("/api/queue")).json())["cases"]
    assert cases and all(re.fullmatch(r"\d{1,2} [\u0900-\u097F]+ \d{4}, \d\d:\d\d", c["waiting_since"]) for c in cases)
