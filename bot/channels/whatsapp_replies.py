"""Turning the bot's replies into WhatsApp message bodies within the platform's limits.

Up to 3 choices: reply buttons. Up to 10: a list. More (or titles that cannot be told apart once
shortened, or a body too long for an interactive message): the text with numbered options, and a
typed number maps back to the choice (see `choice_for_typed_number`). Limits count characters,
not bytes, so Devanagari titles get the same room as Latin ones. Plain Python, no network.
"""
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from bot.lang.script import HINDI, detect_language
from bot.lang.translated import Translated

TEXT_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
MAX_BUTTONS, BUTTON_TITLE_MAX, BUTTON_ID_MAX = 3, 20, 256
MAX_ROWS, ROW_TITLE_MAX, ROW_DESCRIPTION_MAX, ROW_ID_MAX = 10, 24, 72, 200
LIST_BUTTON_MAX = 20
# Reply id used when a payload is longer than the platform allows: resolved via the offer.
OPTION_ID_PREFIX = "hs-opt:"

# Words the channel adds itself, in her language (decided from the reply's own text).
LIST_BUTTON_LABEL = Translated(hi="विकल्प चुनें", hi_latn="Vikalp chunein", en="Choose an option")
NUMBER_HINT = Translated(hi="जवाब में विकल्प का नंबर लिखिए, जैसे 1", hi_latn="Jawab mein vikalp ka number likhiye, jaise 1",
                         en="Reply with the number of your choice, e.g. 1")


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


@dataclass
class Reply:
    bodies: List[dict]  # message objects without `messaging_product` / `to`
    offered: List[Option]  # choices she can pick by number (empty: none on offer)


def language_of(text: str) -> str:
    return detect_language(text or "") or HINDI


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word or at least a letter boundary, with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = limit - 1
    space = text.rfind(" ", 0, cut + 1)
    if space >= limit // 2:
        cut = space
    # Never split a Devanagari letter from its vowel sign or virama (they belong to the letter before).
    while cut > 0 and unicodedata.category(text[cut]) in ("Mn", "Mc"):
        cut -= 1
    while cut > 0 and text[cut - 1] == "\u094d":  # a dangling virama joins the next consonant
        cut -= 1
    return text[:cut].rstrip() + "…"


def split_text(text: str, limit: int = TEXT_MAX) -> List[str]:
    """Pieces of at most `limit` characters, split at paragraph, line or word boundaries."""
    text = text or ""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip() or not pieces:
        pieces.append(text)
    return [p for p in pieces if p.strip()] or [""]


def text_bodies(text: str) -> List[dict]:
    # Nothing to send for an empty text (the platform refuses empty bodies).
    return [{"type": "text", "text": {"body": piece, "preview_url": False}}
            for piece in split_text(text) if piece.strip()]


def options_from(buttons: Sequence[dict]) -> List[Option]:
    options = []
    for button in buttons or []:
        if not isinstance(button, dict):
            continue
        title = " ".join(str(button.get("title") or "").split())
        payload = str(button.get("payload") or "").strip() or title
        if title or payload:
            options.append(Option(title or shorten(payload, 60), payload))
    return options


def _reply_id(option: Option, index: int, limit: int) -> str:
    return option.payload if len(option.payload) <= limit else f"{OPTION_ID_PREFIX}{index}"


def _unique(titles: List[str]) -> bool:
    return len(set(titles)) == len(titles) and all(titles)


def reply_with_choices(text: str, buttons: Sequence[dict]) -> Reply:
    options = options_from(buttons)
    if not options:
        return Reply(text_bodies(text), [])
    language = language_of(text)
    body = text.strip() or "…"
    if len(body) <= INTERACTIVE_BODY_MAX and len(options) <= MAX_BUTTONS:
        titles = [shorten(o.title, BUTTON_TITLE_MAX) for o in options]
        if _unique(titles):
            return Reply([{"type": "interactive", "interactive": {
                "type": "button", "body": {"text": body},
                "action": {"buttons": [{"type": "reply", "reply": {"id": _reply_id(o, i, BUTTON_ID_MAX),
                                                                   "title": t}}
                                       for i, (o, t) in enumerate(zip(options, titles, strict=True))]}}}], options)
    if len(body) <= INTERACTIVE_BODY_MAX and len(options) <= MAX_ROWS:
        titles = [shorten(o.title, ROW_TITLE_MAX) for o in options]
        if _unique(titles):
            rows = []
            for i, (option, title) in enumerate(zip(options, titles, strict=True)):
                row = {"id": _reply_id(option, i, ROW_ID_MAX), "title": title}
                if title != " ".join(option.title.split()):  # shortened: the full words go below
                    row["description"] = shorten(option.title, ROW_DESCRIPTION_MAX)
                rows.append(row)
            return Reply([{"type": "interactive", "interactive": {
                "type": "list", "body": {"text": body},
                "action": {"button": shorten(LIST_BUTTON_LABEL.pick(language), LIST_BUTTON_MAX),
                           "sections": [{"rows": rows}]}}}], options)
    numbered = "\n".join(f"{i}. {o.title}" for i, o in enumerate(options, start=1))
    return Reply(text_bodies(f"{text.strip()}\n\n{numbered}\n\n{NUMBER_HINT.pick(language)}"), options)


_NUMBER = re.compile(r"^\s*(?:no\.?|number|नंबर)?\s*(\d{1,2})\s*[.)]?\s*$", re.I)


def typed_number(text: str) -> Optional[int]:
    """1-99 when the message is just a number ("2", "२", "2.", " 2 "), else None."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in (text or ""))
    match = _NUMBER.match(digits)
    return int(match.group(1)) if match else None


def choice_for_typed_number(text: str, offered: Sequence[Option]) -> Optional[str]:
    number = typed_number(text)
    if number is None or not 1 <= number <= len(offered):
        return None
    return offered[number - 1].payload


def choice_for_reply_id(reply_id: str, offered: Sequence[Option]) -> Optional[str]:
    """The payload behind a button/row id: the id itself, or the offer's entry for a short id."""
    if reply_id.startswith(OPTION_ID_PREFIX):
        index = reply_id[len(OPTION_ID_PREFIX):]
        if index.isdigit() and int(index) < len(offered):
            return offered[int(index)].payload
        return None
    return reply_id or None


class Offers:
    """The choices last offered to each person (by pseudonym), bounded in memory (oldest dropped).

    Per process: behind a load balancer her typed number may reach another instance, which then
    passes it on as text (taps on buttons and list rows carry their payload and always work)."""

    def __init__(self, capacity: int = 10000) -> None:
        self._offers: Dict[str, list] = {}
        self._capacity = capacity

    def set(self, sender_id: str, options: list) -> None:
        self._offers.pop(sender_id, None)
        if options:
            if len(self._offers) >= self._capacity:
                self._offers.pop(next(iter(self._offers)))
            self._offers[sender_id] = list(options)

    def get(self, sender_id: str) -> list:
        return self._offers.get(sender_id, [])


# A picture or file she sent: we cannot look at it here, and we say so honestly.
MEDIA_RECEIVED = Translated(
    hi="आपने तस्वीर या फ़ाइल भेजी है, पर मैं उसे यहाँ खोल नहीं पाती। उसे संभालकर रखिए, वह सबूत के काम आ सकती है। "
       "जो हुआ वह लिखकर बताइए। ख़तरे में हों तो अभी 112 या 1090 पर कॉल करें।",
    hi_latn="Aapne photo ya file bheji hai, par main use yahan khol nahi paati. Use sambhal kar rakhiye, woh "
            "saboot ke kaam aa sakti hai. Jo hua woh likh kar bataiye. Khatre mein hon to abhi 112 ya 1090 "
            "par call karein.",
    en="You sent a picture or a file, but I cannot open it here. Please keep it safe: it can be useful "
       "as evidence. Tell me in words what happened. If you are in danger, call 112 or 1090 now.",
)
