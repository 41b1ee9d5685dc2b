"""The gate every public message passes before Rasa sees it: a length limit per channel and quotas
per sender and per source address, with a kind "please wait" in her language.

Why here: Rasa parses every message it is handed (one 500,000-character message kept the tokenizer
busy for most of a second) and a script can invent a new sender id for every message, so the limits
must act before the NLU pipeline and count source addresses too (web chat and REST, where the
client chooses the sender id; Telegram and WhatsApp ids are real accounts and their webhooks all come
from the platform's servers, so there the sender is counted and not the address).

What it never does: hold back a message that reads as an emergency (bot.lang.danger). Such a message
always goes through, quota or not, so the bot answers with 112/1090 (14416) first. An over-long
message is not dropped either: she gets the first part answered and is told to send the rest in
another message (the platforms' own limits are 4096 characters; the web widget's is 20,000, as
here). The cut message carries CUT_MARK in its metadata, and the complaint form joins the parts of a
long account (actions/report.py), up to the 50,000 characters of a narrative.

No Rasa import: channels/guarded.py and our own channels wrap their on_new_message with `guard`.
"""
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Optional, OrderedDict

from bot.lang.danger import detect_danger
from bot.lang.script import detect_language
from bot.lang.translated import Translated

CHANNEL_MAX_CHARS = {"socketio": 20_000, "rest": 20_000, "telegram": 4096, "whatsapp": 4096}
DEFAULT_MAX_CHARS = 4096
CUT_MARK = "hs_cut"  # in a message's metadata: the gate cut it (actions/report.py joins what follows)
WINDOW_SECONDS = 60.0
MAX_TRACKED = 50_000  # senders and addresses remembered at most (the least recent are forgotten)

PLEASE_WAIT = Translated(
    hi="कृपया थोड़ा रुकिए: आपके संदेश बहुत जल्दी-जल्दी आ रहे हैं। एक मिनट बाद फिर लिखिए, हम यहीं हैं। "
       "खतरे में हों तो अभी 112 पर कॉल करें।",
    hi_latn="Kripya thoda rukiye: aapke sandesh bahut jaldi-jaldi aa rahe hain. Ek minute baad phir likhiye, "
            "hum yahin hain. Khatre mein hon to abhi 112 par call karein.",
    en="Please wait a moment: your messages are arriving very quickly. Write again in a minute, we are "
       "here. If you are in danger, call 112 now.")
TOO_LONG = Translated(
    hi="आपका संदेश बहुत लंबा था: मुझे उसके पहले {chars} अक्षर मिले हैं। बाकी बात अगले संदेश में भेजिए।",
    hi_latn="Aapka sandesh bahut lamba tha: mujhe uske pehle {chars} akshar mile hain. Baaki baat agle "
            "sandesh mein bhejiye.",
    en="Your message was very long: I received its first {chars} characters. Please send the rest in "
       "another message.")


@dataclass(frozen=True)
class Verdict:
    passes: bool
    text: str                      # what Rasa gets: her text, cut at the channel's limit when too long
    notice: Optional[str] = None   # to send her first, in her language, or None
    reason: str = "ok"             # ok | too_long | sender_quota | address_quota | emergency


class _Windows:
    """Timestamps per key within the last WINDOW_SECONDS, for a bounded number of keys."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.seen: OrderedDict[str, Deque[float]] = OrderedDict()

    def count_and_add(self, key: str) -> int:
        now = self.clock()
        times = self.seen.setdefault(key, deque())
        self.seen.move_to_end(key)
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        before = len(times)
        times.append(now)
        while len(self.seen) > MAX_TRACKED:
            self.seen.popitem(last=False)
        return before


class InputGate:
    def __init__(self, per_sender: int, per_address: int, clock: Callable[[], float] = time.monotonic):
        self.per_sender = per_sender
        self.per_address = per_address
        self._senders = _Windows(clock)
        self._addresses = _Windows(clock)
        self._told: _Windows = _Windows(clock)  # "please wait" once a minute per sender, not per message

    def check(self, channel: str, sender: str, address: Optional[str], text: Optional[str]) -> Verdict:
        text = text or ""
        limit = CHANNEL_MAX_CHARS.get(channel, DEFAULT_MAX_CHARS)
        cut = len(text) > limit
        if cut:
            head = text[:limit]
            space = head.rfind(" ", limit - 200)
            text = head[:space] if space > 0 else head
        language = detect_language(text[:2000])
        sender_key = f"{channel}:{sender}"
        sender_count = self._senders.count_and_add(sender_key)
        address_count = self._addresses.count_and_add(address) if address else 0
        if detect_danger(text):
            return Verdict(True, text, None, "emergency")  # never held back, never delayed by a notice
        over = ("sender_quota" if sender_count >= self.per_sender
                else "address_quota" if address and address_count >= self.per_address else None)
        if over:
            told_lately = self._told.count_and_add(sender_key) > 0
            return Verdict(False, text, None if told_lately else PLEASE_WAIT.pick(language), over)
        if cut:
            return Verdict(True, text, TOO_LONG.pick(language).format(chars=f"{len(text):,}"), "too_long")
        return Verdict(True, text)
