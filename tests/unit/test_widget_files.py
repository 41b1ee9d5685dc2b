"""The widget's files, without a browser: what it loads, its interface strings, the demo page."""
import json
import re
import shutil
import subprocess

import pytest

from bot.devtools.widget_size import WIDGET_DIR, WIDGET_FILES, bundle_sizes
from tests.conftest import ROOT
from tests.domain_files import full_domain

WIDGET_JS = (WIDGET_DIR / "hamari-widget.js").read_text(encoding="utf-8")


def _strings(language: str) -> dict:
    key = f'"{language}"' if "-" in language else language
    block = re.search(r"\n    " + key + r": \{\n(.*?)\n    \}", WIDGET_JS, re.S).group(1)
    return dict(re.findall(r'^\s+(\w+): "((?:[^"\\]|\\.)*)",?$', block, re.M))


def test_every_interface_string_exists_in_hindi_and_english():
    hindi, english = _strings("hi"), _strings("en")
    assert len(hindi) >= 20 and set(hindi) == set(english)
    devanagari = re.compile("[\u0900-\u097f]")
    # The language switch names the other language in its own script; everything else is translated.
    for key in set(hindi) - {"switchLang", "switchLabel", "title"}:
        assert devanagari.search(hindi[key]), f"hi.{key} is not in Hindi"
        assert not devanagari.search(english[key]), f"en.{key} is not in English"


def test_every_interface_string_exists_in_romanized_hindi():
    romanized, english = _strings("hi-Latn"), _strings("en")
    assert set(romanized) == set(english)
    same_in_both = {"title", "switchLang", "switchLabel", "bot"}  # names, and the switch to English
    for key in set(romanized) - same_in_both:
        assert not re.search("[\u0900-\u097f]", romanized[key]), f"hi-Latn.{key} is in Devanagari"
        assert romanized[key] != english[key], f"hi-Latn.{key} is still English"
    assert romanized["placeholder"] == "Yahan likhein…"


def _reply_language(texts):
    """The widget's own replyLanguage() run by node on `texts`."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (tests/browser checks the same in Chromium)")
    code = WIDGET_JS[WIDGET_JS.index("  var HINGLISH_WORDS"):WIDGET_JS.index("  var lang = store.get")]
    script = code + ("\nconst texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
                     "\nconsole.log(JSON.stringify(texts.map(replyLanguage)));")
    done = subprocess.run([node, "-e", script], input=json.dumps(texts), capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


def bot_reply_texts():
    """(language, text) of every reply the bot can send: domain.yml's variants and our Python texts,
    cut at blank lines as Rasa's socket.io channel sends them."""
    from bot.lang.translated import Translated
    import gc
    import importlib
    import pkgutil

    import actions
    import bot
    for package in (bot, actions):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    pairs = [(c["value"], v["text"]) for variants in full_domain()["responses"].values() for v in variants
             for c in v.get("condition", []) if c["name"] == "language"]
    pairs += [(lang, text) for o in gc.get_objects() if isinstance(o, Translated)
              for lang, text in (("hi", o.hi), ("hi-Latn", o.hi_latn), ("en", o.en))]
    return [(lang, part) for lang, text in pairs for part in re.split(r"\n\s*\n", (text or "").strip()) if part]


def test_the_widget_reads_the_language_of_every_bot_reply_right():
    """The interface follows the replies' language: no reply may be read as another language
    (short labels such as "Screenshot" may stay undecided; they never switch it)."""
    replies = bot_reply_texts()
    read = _reply_language([text for _, text in replies])
    wrong = [(lang, text, got) for (lang, text), got in zip(replies, read) if got not in (None, lang)]
    assert wrong == []
    decided = {lang: sum(1 for (l, _), got in zip(replies, read) if l == lang and got == lang) for lang in
               ("hi", "hi-Latn", "en")}
    assert all(count >= 140 for count in decided.values()), decided


def test_reply_language_on_examples():
    assert _reply_language(["Main inmein madad kar sakti hoon.", "How can I help you?", "मैं मदद करूँगी",
                            "Screenshot", "112"]) == ["hi-Latn", "en", "hi", None, None]


def test_the_first_open_note_says_how_to_leave_and_that_nothing_is_kept():
    for strings in (_strings("hi"), _strings("hi-Latn"), _strings("en")):
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
