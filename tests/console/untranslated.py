"""Finds English left on a Hindi console page: runs of two or more English words in what staff see
or hear (text, and the aria-label, placeholder, title and alt attributes), outside what is data
(elements marked translate="no": names, districts, her words, codes; and <code>, <script>, <style>).

Proper names and codes that are written in Latin letters in Hindi too (1090, PIN, WhatsApp, IST,
https...) are in ALLOWED and break a run like any Hindi word. Used by the page tests
(test_console_languages.py) and the Chromium tests (test_console_i18n_browser.py) alike."""
import re
from html.parser import HTMLParser
from typing import List

# Written in Latin letters by Hindi-speaking staff too: the helpline, platforms, codes, keys.
ALLOWED = {"1090", "112", "pin", "whatsapp", "ist", "https", "http", "wcso", "in", "enter", "shift", "hi", "en",
           "english", "s", "hh", "mm", "xxxx", "hs", "demo", "sho", "fir", "ok"}
SKIPPED_TAGS = {"script", "style", "code", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
CODE = re.compile(r"\b[A-Z]{2}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")   # reference and booking codes: not words
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|[\u0900-\u097F]+|\d+")


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: List[bool] = []   # per open element: inside something skipped?
        self.pieces: List[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skip = self._skipping() or tag in SKIPPED_TAGS or values.get("translate") == "no"
        if not skip:
            self.pieces.extend(str(values[name]) for name in SPOKEN_ATTRIBUTES if values.get(name))
            if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
                self.pieces.append(str(values["value"]))
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.pieces.append(data)


def visible_texts(html: str) -> List[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return [piece for piece in parser.pieces if piece.strip()]


def english_runs(html: str) -> List[str]:
    """Every run of 2+ English words (not in ALLOWED) in the page's visible and spoken texts."""
    found = []
    for piece in visible_texts(html):
        run: List[str] = []
        for word in WORD.findall(CODE.sub(" 0 ", piece)) + [""]:
            if word and word[0].isascii() and word[0].isalpha() and word.lower() not in ALLOWED:
                run.append(word)
                continue
            if len(run) >= 2:
                found.append(" ".join(run))
            run = []
    return found
