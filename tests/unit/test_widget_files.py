"""The widget's files, without a browser: what it loads, its interface strings, the demo page."""
import re

from bot.devtools.widget_size import WIDGET_DIR, WIDGET_FILES, bundle_sizes
from tests.conftest import ROOT

WIDGET_JS = (WIDGET_DIR / "hamari-widget.js").read_text(encoding="utf-8")


def _strings(language: str) -> dict:
    block = re.search(r"\n    " + language + r": \{\n(.*?)\n    \}", WIDGET_JS, re.S).group(1)
    return dict(re.findall(r'^\s+(\w+): "((?:[^"\\]|\\.)*)",?$', block, re.M))


def test_every_interface_string_exists_in_hindi_and_english():
    hindi, english = _strings("hi"), _strings("en")
    assert len(hindi) >= 20 and set(hindi) == set(english)
    devanagari = re.compile("[\u0900-\u097f]")
    # The language switch names the other language in its own script; everything else is translated.
    for key in set(hindi) - {"switchLang", "switchLabel", "title"}:
        assert devanagari.search(hindi[key]), f"hi.{key} is not in Hindi"
        assert not devanagari.search(english[key]), f"en.{key} is not in English"


def test_the_first_open_note_says_how_to_leave_and_that_nothing_is_kept():
    for strings in (_strings("hi"), _strings("en")):
        assert "Esc" in strings["note"] and strings["exit"] in strings["note"]
    assert "not stored on your device" in _strings("en")["note"]


def test_the_widget_loads_only_its_own_files():
    for name in WIDGET_FILES:
        assert (WIDGET_DIR / name).stat().st_size > 0
    assert (WIDGET_DIR / "socket.io.LICENSE").read_text().startswith("The MIT License")
    css = (WIDGET_DIR / "hamari-widget.css").read_text()
    assert "@import" not in css and "url(" not in css
    # The one absolute URL is the default neutral page Quick exit goes to (configurable).
    assert re.findall(r"https?://[^\s\"']+", WIDGET_JS.split("*/", 1)[1]) == ["https://mausam.imd.gov.in/"]


def test_the_bundle_is_small():
    sizes = bundle_sizes()
    total = sum(packed for _, packed in sizes.values())
    print(f"\nwidget bundle gzipped: {total / 1024:.1f} KiB ({', '.join(f'{k} {v[1]} B' for k, v in sizes.items())})")
    assert 0 < total < 60 * 1024


def test_the_demo_page_embeds_the_widget_with_one_script_tag():
    page = (ROOT / "web" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<script src=\"widget/hamari-widget\.js\"", page)) == 1
    assert "neutralUrl" in page and "socketUrl" in page
    assert not re.search(r'(src|href)="https?://', page)
    assert (ROOT / "web" / "neutral.html").exists()
