"""The emoji in the bot's replies are drawn in Chromium (a colour emoji font is installed with the
browser packages: scripts/browser-deps.sh), so the screenshots show what she sees, not a tofu box.

The widget renders the bot's real replies (from domain.yml) through its own code: they are put in
its sessionStorage history, as after a reload mid-conversation, so no server is needed. Each emoji's
area is cut out of a screenshot and must hold coloured pixels; a character no font has (the control)
must not, which shows the check can tell a drawn emoji from a missing one."""
import io
import json
import re

import yaml
from PIL import Image

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.conftest import ROOT

WIDGET = "#hamari-suraksha-widget"
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
MISSING = "\U0010FFFD"   # a private-use character: no font draws it
SAMPLES = {"when": "Friday 5 December, 11:00", "counsellor": "Priya", "code": "CB-7KX4-92QF"}
COLOURED_MIN = 25        # pixels clearly not grey (a drawn colour emoji has hundreds at this size)


def replies_with_emoji() -> dict:
    """Every emoji in the bot's responses -> the English text of one response that has it."""
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    found = {}
    for variants in responses.values():
        for variant in variants:
            condition = variant.get("condition") or []
            english = any(c.get("name") == "language" and c.get("value") == "en" for c in condition)
            for emoji in EMOJI.findall(variant.get("text") or ""):
                if english or emoji not in found:
                    found[emoji] = re.sub(r"\{(\w+)\}", lambda m: SAMPLES.get(m.group(1), "…"), variant["text"])
    return found


def coloured_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.getdata() if max(r, g, b) - min(r, g, b) > 60)


def glyph_box(page, char: str):
    """The on-screen box of the first `char` in the widget's bot messages (a DOM Range over it)."""
    return page.evaluate("""([selector, ch]) => {
        for (const element of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.data.indexOf(ch);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + ch.length);
                const box = range.getBoundingClientRect();
                return {x: box.x, y: box.y, width: box.width, height: box.height};
            }
        }
        return null;
    }""", [f"{WIDGET} .hs-bot .hs-text", char])


def test_the_emoji_in_bot_replies_are_drawn_in_colour(new_page, web_port):
    found = replies_with_emoji()
    assert "🙏" in found and "✅" in found, found.keys()
    history = [{"id": f"b{i}", "from": "bot", "text": text} for i, text in enumerate(found.values())]
    history.append({"id": "control", "from": "bot", "text": f"control {MISSING} control"})
    page, _ = new_page(1280, 900)
    stored = {"history": json.dumps(history), "open": "1", "noteSeen": "1", "lang": "en"}
    page.add_init_script("(stored => { if (sessionStorage.getItem('hamari.history')) return;"
                         " for (const [key, value] of Object.entries(stored))"
                         " sessionStorage.setItem('hamari.' + key, value);"
                         f" }})({json.dumps(stored)});")
    # No chat server behind it: the widget shows the history and tries to connect (to a closed port).
    page.goto(f"http://127.0.0.1:{web_port}/?server=http://127.0.0.1:9&lang=en")
    page.locator(f"{WIDGET} .hs-bot .hs-text").first.wait_for()
    page.evaluate("document.fonts.ready")
    screenshot(page, "emoji-in-bot-replies")
    measured = {}
    for char in [*found, MISSING]:
        box = glyph_box(page, char)
        assert box and box["width"] > 4 and box["height"] > 4, (char, box)
        page.locator(f"{WIDGET} .hs-bot .hs-text", has_text=char).first.scroll_into_view_if_needed()
        box = glyph_box(page, char)
        png = page.screenshot(clip=box)
        (ARTIFACTS / f"emoji-{ord(char[0]):x}.png").write_bytes(png)
        measured[char] = coloured_pixels(png)
    assert measured[MISSING] < COLOURED_MIN, measured     # the check sees a missing glyph as missing
    for char in found:
        assert measured[char] >= COLOURED_MIN, f"{char!r} is not drawn in colour: {measured}"
