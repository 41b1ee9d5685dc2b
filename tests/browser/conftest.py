"""The widget in headless Chromium (Debian's `chromium`, driven by Playwright) against the real
servers: the session's shared action server and Rasa server (`servers`, tests/shared_servers.py) and
the run command's page server."""
import json
import time
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import sync_playwright

from bot.devtools.serve import _serve_web
from tests.conftest import ROOT
from tests.e2e.servers import free_port

CHROMIUM = "/usr/bin/chromium"  # scripts/browser-deps.sh installs it; never `playwright install`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def record_metric(name: str, value) -> None:
    """Measured numbers (bundle size, first-message latency) kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics[name] = value
    path.write_text(json.dumps(metrics, indent=2))


@pytest.fixture(scope="package")
def web_port():
    """The run command's page server (web/ on its own port, like WEB_PORT)."""
    port = free_port()
    server = _serve_web(port)
    yield port
    server.shutdown()


@pytest.fixture(scope="package")
def demo_url(servers, web_port):
    def url(**params) -> str:
        query = urlencode({"server": f"http://127.0.0.1:{servers.rasa_port}", **params})
        return f"http://127.0.0.1:{web_port}/?{query}"
    return url


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Requests(list):
    """Every URL the page asked for."""

    def off_host(self):
        return [url for url in self if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def new_page(browser):
    """new_page(width, height) -> (page, requests); a fresh browser context (its own sessionStorage)."""
    contexts = []

    def make(width: int = 1280, height: int = 800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="hi-IN")
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        seen = Requests()
        page.on("request", lambda request: seen.append(request.url))
        page.on("websocket", lambda ws: seen.append(ws.url))
        return page, seen

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def bot_texts(page):
    return page.locator("#hamari-suraksha-widget .hs-bot:not(.hs-welcome) .hs-text").all_inner_texts()


def say(page, text: str, replies: int = 1, timeout: float = 30) -> list:
    """Types a message and presses Enter; returns the bot texts that arrived after it (waits for
    `replies` of them and for the server's acknowledgement, i.e. the end of the turn)."""
    before = len(bot_texts(page))
    box = page.get_by_role("textbox")
    box.fill(text)
    box.press("Enter")
    return wait_for_replies(page, before, replies, timeout)


def wait_for_replies(page, before: int, replies: int = 1, timeout: float = 30) -> list:
    page.wait_for_function(
        "([n, k]) => document.querySelectorAll('#hamari-suraksha-widget .hs-bot:not(.hs-welcome)').length >= n + k"
        " && !document.querySelector('#hamari-suraksha-widget .hs-user[data-state=pending]')",
        arg=[before, replies], timeout=timeout * 1000)
    return bot_texts(page)[before:]


def our_storage(page) -> dict:
    return page.evaluate("""() => {
        const out = {};
        for (const [name, area] of [["session", sessionStorage], ["local", localStorage]])
            for (let i = 0; i < area.length; i++) out[name + ":" + area.key(i)] = area.getItem(area.key(i));
        return out;
    }""")


def open_widget(page, url: str, dismiss_note: bool = True):
    page.goto(url)
    page.locator("#hamari-suraksha-widget .hs-launcher").click()
    if dismiss_note:
        page.locator("#hamari-suraksha-widget .hs-note-ok").click()
    return page


def wait_seconds(seconds: float) -> None:
    time.sleep(seconds)
