"""The dashboard's map in headless Chromium with the demo data: each tile is painted in the shade of
its count (no stylesheet repaints them), the legend matches, and the map fits a tablet without a
horizontal scroll. The console runs as its own process; screenshots land in test-artifacts/."""
import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from PIL import Image

from bot import settings
from bot.console import district_map
from bot.devtools.demo_data import load_demo_data
from bot.devtools.servers import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (/usr/bin/chromium): the test command must install it")
        pytest.skip("Chromium is not installed (/usr/bin/chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("district-map")
    database_url = f"sqlite:///{tmp / 'hamari.db'}"
    demo = load_demo_data(database_url, now=datetime.now(timezone.utc), complaints=80)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HS_VAR_DIR": str(settings.VAR_DIR),
           "CONSOLE_PORT": str(port), "CONSOLE_HOST": "127.0.0.1",
           "RASA_API_URL": f"http://127.0.0.1:{free_port()}", "RASA_API_TOKEN": "not-used-here",
           "PYTHONPATH": str(ROOT)}
    log_path = tmp / "console.log"
    with open(log_path, "wb") as log:
        console = subprocess.Popen([sys.executable, "-m", "bot.console"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if console.poll() is not None:
                raise RuntimeError(log_path.read_text(errors="replace")[-3000:])
            subprocess.run(["sleep", "0.5"], check=True)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield {"url": url, "browser": browser, "password": demo.passwords["demo.supervisor"][1]}
            browser.close()
    finally:
        console.terminate()
        console.wait(timeout=20)


def _open(dashboard, width: int):
    page = dashboard["browser"].new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(dashboard["url"] + "/login")
    page.fill("#username", "demo.supervisor")
    page.fill("#password", dashboard["password"])
    page.click("#login")
    page.wait_for_load_state()
    page.goto(dashboard["url"] + "/dashboard")
    page.wait_for_selector("#district-map svg.district-map")
    return page


def _hex(rgb) -> str:
    return "#%02x%02x%02x" % rgb[:3]


def test_each_tile_is_painted_in_the_shade_of_its_count(dashboard):
    page = _open(dashboard, 1280)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#district-map").screenshot(path=str(ARTIFACTS / "dashboard-map-1280.png"))
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    seen = set()
    for tile in page.locator("#district-map g.tile").all():
        shown = tile.get_attribute("data-shown")
        count = 0 if shown == "0" else 1 if shown == "<5" else int(shown)
        box = tile.locator("rect").bounding_box()
        scroll = page.evaluate("window.scrollY")
        # A pixel inside the tile, left of its text: the tile's own fill.
        pixel = shot.getpixel((int(box["x"] + 4), int(box["y"] + scroll + 4)))
        expected = district_map.BUCKETS[district_map.bucket(count)][1]
        assert _hex(pixel) == expected, (tile.get_attribute("data-district"), shown, _hex(pixel), expected)
        seen.add(expected)
    assert len(seen) >= 3, "the demo data gives light and dark districts"


def test_the_map_fits_a_tablet(dashboard):
    page = _open(dashboard, 768)
    page.locator("#district-map").screenshot(path=str(ARTIFACTS / "dashboard-map-768.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("#district-map svg.district-map").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 768
