"""When something happened (or should happen), from her words, in Hindi, Hinglish or English.

"kal shaam 5 baje", "5 दिन से", "pichle hafte", "last Friday", "12/10/2025", "१२ अक्टूबर".

Hindi "kal" means both yesterday and tomorrow and "parso" both the day before yesterday and the
day after tomorrow. `parse_when` resolves them from the tense of the sentence, else from the
caller's `direction` ("past" for incidents, "future" for appointments), and always reports the
word in `When.ambiguous_word` so the bot confirms the date back to her with `describe_when`,
which always spells out the absolute date.

Only the first date expression in the message is used, with the first time of day and clock time.
A time without a day ("shaam 5 baje") gives None: there is no date to confirm.
All functions accept any Unicode string, never raise, and read at most the first MAX_CHARS.
"""
import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Dict, Iterator, List, Optional, Tuple

from bot.lang.hinglish import HINGLISH_MARKERS
from bot.lang.normalise import DEVANAGARI_WORD_CHARS, normalise
from bot.lang.translated import ENGLISH, HINDI, HINGLISH, Translated

MAX_CHARS = 2000
PAST, FUTURE = "past", "future"
MORNING, AFTERNOON, EVENING, NIGHT = "morning", "afternoon", "evening", "night"


@dataclass(frozen=True)
class When:
    start: date
    end: Optional[date] = None  # set for ranges ("5 din se", "pichle hafte"), inclusive
    time_of_day: Optional[str] = None  # morning / afternoon / evening / night, when she said it
    hour: Optional[int] = None  # 0-23
    relative: bool = False  # came from kal/aaj/"3 din pehle"/weekdays, not from a written date
    ambiguous_word: Optional[str] = None  # "kal", "कल", "parso" or "परसों": confirm it with her
    minute: Optional[int] = None
    # The day the words were resolved against, so describe_when can say "kal"/"yesterday".
    reference: Optional[date] = field(default=None, compare=False, repr=False)

    @property
    def is_range(self) -> bool:
        return self.end is not None and self.end != self.start


# ---------------------------------------------------------------- vocabulary -----------------

# Word boundaries that know Devanagari vowel signs are part of a word ("कल" is not in "कला").
# Word edges (a danda "।" is one).
_L = r"(?<![\w" + DEVANAGARI_WORD_CHARS + "])"
_R = r"(?![\w" + DEVANAGARI_WORD_CHARS + "])"


def _alt(words: str) -> str:
    """Regex alternation of space-separated words; "_" inside a word stands for any spaces."""
    items = sorted(set(words.split()), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace("_", r"\s+") for w in items) + ")"


def _lookup(table: Dict[int, str]) -> Dict[str, int]:
    return {word.replace("_", " "): value for value, words in table.items() for word in words.split()}


# Text is prepared with normalise() plus nukta and chandrabindu dropped, so "पाँच"/"पांच",
# "हफ़्ते"/"हफ्ते" are one spelling; normalise folds "sham" to "shaam", "subha" to "subah".
_NUMBER_WORDS = {
    1: "ek one a an एक", 2: "do two दो", 3: "teen tin three तीन", 4: "char chaar four चार",
    5: "paanch panch pach five पांच", 6: "chhe chhah chah che chheh six छह छः छे",
    7: "saat sat seven सात", 8: "aath ath eight आठ", 9: "nau nine नौ", 10: "das dus ten दस",
}
# Hours have no "a"/"an" ("a baje" is nothing) but go up to twelve.
_HOUR_WORDS = {**_NUMBER_WORDS, 1: "ek one एक", 11: "gyarah gyara eleven ग्यारह", 12: "barah bara twelve बारह"}
_NUMBER_OF = _lookup(_NUMBER_WORDS)
_HOUR_OF = _lookup(_HOUR_WORDS)

_DAY, _WEEK, _MONTH, _YEAR = "day", "week", "month", "year"
_UNITS = {
    _DAY: "din dino dinon dinn day days दिन दिनों",
    _WEEK: "hafte hafta hafton hafto haftey week weeks wk wks हफ्ते हफ्ता हफ्तों सप्ताह",
    _MONTH: "mahine mahina mahino mahinon mahiney mahene mahena month months mnth महीने महीना महीनों माह",
    _YEAR: "saal sal saalon salon varsh baras year years yr yrs साल सालों वर्ष बरस",
}
_UNIT_OF = {word: unit for unit, words in _UNITS.items() for word in words.split()}
_UNIT = "(" + _alt(" ".join(_UNITS.values())) + ")"
# Singular period words for "pichle hafte", "is mahine", "next year".
_PERIOD_UNIT = "(" + _alt("hafte hafta week हफ्ते हफ्ता सप्ताह mahine mahina month महीने महीना माह "
                          "saal sal year varsh साल वर्ष") + ")"
_NUM = "(\\d{1,4}\\s*|" + _alt(" ".join(_NUMBER_WORDS.values())) + "\\s+)"

_LAST = "pichle pichhle pichla pichhla pichli pichhli picchle pichale पिछले पिछला पिछली last previous prev"
_THIS = "is iss isi इस इसी this current"
_NEXT = "agle agla agli aglay अगले अगला अगली next coming aane_wale aane_vale aanewale आने_वाले"
_MODIFIER = "(" + "|".join(_alt(words) for words in (_LAST, _THIS, _NEXT)) + ")"
_MODIFIER_KIND = {**{w.replace("_", " "): "last" for w in _LAST.split()},
                  **{w.replace("_", " "): "this" for w in _THIS.split()},
                  **{w.replace("_", " "): "next" for w in _NEXT.split()}}

_WEEKDAY_WORDS = {
    0: "somvar somwar somvaar somwaar monday mon सोमवार",
    1: "mangalvar mangalwar mangalvaar mangalwaar tuesday tue tues मंगलवार",
    2: "budhvar budhwar budhvaar budhwaar wednesday wed बुधवार",
    3: "guruvar guruwar gurvar gurwar brihaspativar brihaspatiwar veervar veerwar thursday thu thur "
       "thurs गुरुवार बृहस्पतिवार वीरवार",
    4: "shukravar shukrawar shukrvar sukravar sukrawar shukarvar friday fri शुक्रवार",
    5: "shanivar shaniwar shanivaar shaniwaar sanivar saniwar saturday शनिवार",
    6: "ravivar raviwar itvar itwar itwaar etvar etwar sunday रविवार इतवार",
}
_WEEKDAY_OF = _lookup(_WEEKDAY_WORDS)
_WEEKDAY = "(" + _alt(" ".join(_WEEKDAY_WORDS.values())) + ")"

# "mai"/"mei" (May) are folded by normalise into "main" ("I"), so May in Hinglish is matched
# separately, only where "main" cannot be the pronoun.
_MONTH_WORDS = {
    1: "january jan janvari janwari janvary जनवरी",
    2: "february feb febuary farvari farwari pharvari farvary फरवरी",
    3: "march mar maarch मार्च",
    4: "april apr aprail aprel aprial अप्रैल अप्रेल",
    5: "may मई",
    6: "june jun joon jyun जून",
    7: "july jul julai julaai जुलाई",
    8: "august aug agast agust augast अगस्त",
    9: "september sep sept sitambar sitamber sitmbar सितंबर सितम्बर",
    10: "october oct aktubar aktoobar aktubr अक्टूबर अक्तूबर",
    11: "november nov navambar navamber nawambar नवंबर नवम्बर",
    12: "december dec disambar disamber dismbar दिसंबर दिसम्बर",
}
_MONTH_OF = _lookup(_MONTH_WORDS)
_MONTH_NAME = "(" + _alt(" ".join(_MONTH_WORDS.values())) + ")"
_ORDINAL = r"(?:st|nd|rd|th|ta|tarikh|tareekh|taarikh|तारीख|तारिख)?"

_TIME_OF_DAY_WORDS = {
    MORNING: "subah subh savere sawere savera morning सुबह सवेरे सवेरा प्रातः",
    AFTERNOON: "dopahar dopehar dupahar dophar dopaher dupehar afternoon noon दोपहर",
    EVENING: "shaam saanjh evening शाम सायं",
    NIGHT: "raat ratri night tonight tonite रात रात्रि",
}

# ---------------------------------------------------------------- patterns -------------------

_P = re.compile
_RELATIVE_DAY = [
    (_P(_L + _alt("day_before_yesterday") + _R), -2, None),
    (_P(_L + _alt("day_after_tomorrow") + _R), 2, None),
    (_P(_L + _alt("yesterday yday ystrdy yesterdy last_night last_evening") + _R), -1, None),
    (_P(_L + _alt("tomorrow tmrw tmr tomorow tommorow tommorrow tomoro") + _R), 1, None),
    (_P(_L + _alt("today tday 2day tonight tonite this_morning this_afternoon this_evening aaj aj आज") + _R), 0, None),
    (_P(_L + _alt("kal kl") + _R), 1, "kal"),
    (_P(_L + "कल" + _R), 1, "कल"),
    (_P(_L + _alt("parso parson parsoo parsoon parsu parsun") + _R), 2, "parso"),
    (_P(_L + _alt("परसों परसो") + _R), 2, "परसों"),
]
_AGO = _P(_L + _NUM + _UNIT + r"\s+" + _alt("pehle pahle phle pehele pahele ago back before पहले पूर्व") + _R)
_SINCE_SUFFIX = _P(_L + "(?:" + _alt(_LAST) + r"\s+)?" + _NUM + _UNIT + r"\s+" + _alt("se sey से") + _R)
_SINCE_PREFIX = _P(_L + _alt("since for from last past " + _LAST) + r"(?:\s+(?:the|last|past)){0,2}\s+"
                   + _NUM + _UNIT + _R)
_LATER = _P(_L + "(?:" + _NUM + _UNIT + r"\s+" + _alt("baad bad बाद later") + "|"
            + _alt("in after") + r"\s+" + _NUM + _UNIT + ")" + _R)
_PERIOD = _P(_L + _MODIFIER + r"\s+" + _PERIOD_UNIT + _R)
_WEEKDAY_RE = _P(_L + "(?:" + _MODIFIER + r"\s+)?" + _WEEKDAY + _R)
_ISO = _P(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![/.-]?\d)")
_DMY = _P(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![/.-]?\d)")
_DM = _P(r"(?<![\d/.:-])(\d{1,2})[/-](\d{1,2})(?![/.:-]?\d)")
_D_MONTH = _P(_L + r"(\d{1,2})\s*" + _ORDINAL + r"\s*(?:of\s+)?" + _MONTH_NAME + r"(?:\s*,?\s*(\d{4}))?" + _R)
# "October 12" but not "march 5 baje" / "jun 2 din".
_MONTH_D = _P(_L + _MONTH_NAME + r"\s+(\d{1,2})" + _ORDINAL + r"(?:\s*,?\s*(\d{4}))?" + _R
              + r"(?!\s*(?:[:.]\d|am|pm|baje|bje|बजे|o'clock|" + _UNIT + r"))")
_MONTH_YEAR = _P(_L + _MONTH_NAME + r"\s*,?\s*(\d{4})" + _R)
_MAY_HINGLISH = _P(_L + r"(\d{1,2})\s*main(?:\s*,?\s*(\d{4})" + _R + r"|(?=\s+(?:ko|tak|se)" + _R
                   + r"|\s*[.,!?।]|\s*$))")
_DAY_ONLY = _P(_L + r"(\d{1,2})\s*" + _alt("tarikh tareekh taarikh tarik तारीख तारिख") + _R)
# "se" after a past date: "kal se", "12 oct se", "somvar se" mean "since then, until today".
_SINCE_AFTER = _P(r"\s*" + _alt("se sey से") + _R + r"(?!\s*" + _alt("pehle pahle पहले") + ")")
_SINCE_BEFORE = _P(_alt("since from") + r"\s+$")

_TIME_OF_DAY = [(tod, _P(_L + _alt(words) + _R)) for tod, words in _TIME_OF_DAY_WORDS.items()]
# "rat" is also an animal: it is night only next to a day word, "ko" or a clock time.
_RAT = _P(_L + r"(?:(?:aaj|aj|kal|kl|parso)\s+rat|rat(?=\s+(?:ko|bhar|\d)))" + _R)
_HOUR_NUM = "(\\d{1,2}|" + _alt(" ".join(_HOUR_WORDS.values())) + ")"
_CLOCK_AMPM = _P(_L + _HOUR_NUM + r"(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])")
_CLOCK_BAJE = _P(_L + _HOUR_NUM + r"(?:[:.](\d{2}))?\s*(?:baje|bje|bajey|bajay|baj|बजे|o'clock|oclock)" + _R)
_CLOCK_24 = _P(r"(?<![\d/.:-])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")

# Tense markers. "the" is past only at the end of a clause ("ghar pe the"), not "the police".
_PAST_WORDS = frozenset(["tha", "thi", "hua", "hui", "hue", "huwa", "gaya", "gayi", "gaye", "gai", "kiya", "kiye", "diya", "liya", "aaya", "aayi", "aya", "ayi", "aaye", "mila", "mili", "bola", "boli", "kaha", "maara", "mara", "bheja", "bheji", "pakda", "pakdi", "chheda", "cheda", "yesterday", "was", "were", "did", "had", "happened", "ago", "last", "था", "थी", "थे", "हुआ", "हुई", "हुए", "गया", "गई", "गयी", "गए", "गये", "किया", "किये", "दिया", "लिया", "आया", "आई", "आये", "मिला", "मिली", "बोला", "कहा", "मारा", "पिछले"])
_FUTURE_WORDS = frozenset(["will", "shall", "tomorrow", "next", "gonna", "agle", "agla", "agli", "अगले", "अगला", "अगली"])
# Future verb endings: aaunga, hoga, milegi, karenge, aaoge / आऊंगा, होगा, मिलेगी, करेंगे.
_FUTURE_LATIN = _P(r"[a-z]+(?:e|o|u)n?g(?:a|i|e|aa|ii|ee)")
# The vowel before "गा/गी/गे" is e/o/u (matra or letter), so "लगा" and "आगे" are not future.
_FUTURE_DEVANAGARI = _P("[\u0900-\u097f]*[\u0947\u094b\u0942\u0941\u090f\u0913\u090a\u0909]\u0902?ग[\u093e\u0940\u0947]")
_NOT_FUTURE = frozenset(["yoga", "yogi", "jogi", "rogi", "bhogi", "mega", "omega", "vega", "toga", "tonga", "doge", "lunge", "plunge", "lounge", "sponge", "challenge", "revenge", "avenge", "योगी", "रोगी", "भोगी"])
_WORD = _P(r"[\w" + DEVANAGARI_WORD_CHARS + "']+")
_CLAUSE_END = _P(r"[.!?।,;\n]")
_SENTENCE_END = _P(r"[.!?।\n]")


# ---------------------------------------------------------------- helpers --------------------

def _prepare(text: str) -> str:
    # Nukta and chandrabindu are spelled both ways; dropping them makes one spelling.
    prepared = normalise(text[:MAX_CHARS])
    return prepared.replace("\u093c", "").replace("\u0901", "\u0902")


def _number(word: str) -> Optional[int]:
    word = re.sub(r"\s+", " ", word.strip())
    return int(word) if word.isdecimal() else _NUMBER_OF.get(word)


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _add_days(day: date, days: int) -> Optional[date]:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _add_months(day: date, months: int) -> Optional[date]:
    # "2 mahine pehle" on 31 December is 31 October; on 30 April it is 28/29 February.
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


def _shift(today: date, amount: int, unit: str) -> Optional[date]:
    # Caps keep "9999 saal pehle" from overflowing the calendar; nobody means those.
    if abs(amount) > {_DAY: 3660, _WEEK: 520, _MONTH: 240, _YEAR: 50}[unit]:
        return None
    if unit == _DAY:
        return _add_days(today, amount)
    if unit == _WEEK:
        return _add_days(today, 7 * amount)
    return _add_months(today, amount if unit == _MONTH else 12 * amount)


def _year(text: Optional[str]) -> Optional[int]:
    """The year written as "2025" or "25"; -1 for one nobody means (a typo or not a year at all)."""
    if text is None:
        return None
    year = int(text) + (2000 if len(text) == 2 else 0)
    return year if 1900 <= year <= 2100 else -1


# ---------------------------------------------------------------- tense ----------------------

def _tense_markers(text: str) -> List[Tuple[int, str]]:
    """(position, "past"/"future") for every word that shows the tense of its sentence."""
    markers = []
    matches = list(_WORD.finditer(text))
    for i, match in enumerate(matches):
        word = match.group()
        tense = None
        if word in _PAST_WORDS:
            tense = PAST
        elif word == "the":
            following = matches[i + 1] if i + 1 < len(matches) else None
            if (following is None or _CLAUSE_END.search(text, match.end(), following.start())
                    or following.group() in HINGLISH_MARKERS):
                tense = PAST
        elif word in _FUTURE_WORDS or word.endswith("'ll") or (word not in _NOT_FUTURE and (_FUTURE_LATIN.fullmatch(word) or _FUTURE_DEVANAGARI.fullmatch(word))):
            tense = FUTURE
        if tense:
            markers.append((match.start(), tense))
    return markers


def _tense_at(text: str, markers: List[Tuple[int, str]], start: int, end: int, default: str) -> str:
    """Tense for a date word: the nearest marker after it in its sentence (Hindi puts the verb
    last), else the nearest before it, else the caller's direction."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    boundary = _SENTENCE_END.search(text, end)
    sentence_end = boundary.start() if boundary else len(text)
    after = [tense for pos, tense in markers if end <= pos < sentence_end]
    if after:
        return after[0]
    before = [tense for pos, tense in markers if sentence_start <= pos < start]
    return before[-1] if before else default


# ---------------------------------------------------------------- date expressions -----------

# A found date: (start, end, relative, ambiguous_word) with end None for a single day.
_Found = Tuple[date, Optional[date], bool, Optional[str]]


def _weekday_date(today: date, weekday: int, kind: str) -> Optional[date]:
    if kind == "this":
        return _add_days(today, weekday - today.weekday())
    if kind == "last":
        return _add_days(today, -((today.weekday() - weekday - 1) % 7 + 1))
    return _add_days(today, (weekday - today.weekday() - 1) % 7 + 1)


def _period(today: date, unit: str, kind: str, tense: str) -> Optional[Tuple[date, date]]:
    """First and last day of last/this/next week, month or year; "this" stops at today."""
    if unit == _WEEK:
        monday = _add_days(today, -today.weekday())
        first = _add_days(monday, {"last": -7, "this": 0, "next": 7}[kind]) if monday else None
        last = _add_days(first, 6) if first else None
    elif unit == _MONTH:
        first = _add_months(today.replace(day=1), {"last": -1, "this": 0, "next": 1}[kind])
        last = first.replace(day=_days_in_month(first.year, first.month)) if first else None
    else:
        year = today.year + {"last": -1, "this": 0, "next": 1}[kind]
        first, last = _safe_date(year, 1, 1), _safe_date(year, 12, 31)
    if first is None or last is None:
        return None
    if kind == "this":
        return (first, today) if tense == PAST else (today, last)
    return first, last


def _nearest(candidates: Iterator[Optional[date]], today: date, tense: str) -> Optional[date]:
    """The first candidate on the right side of today: not after it for past, not before for future."""
    for day in candidates:
        if day is not None and ((day <= today) if tense == PAST else (day >= today)):
            return day
    return None


def _day_month(today: date, day: int, month: int, year: Optional[int], tense: str) -> Optional[date]:
    # Without a year, "12 oct" is the last 12 October for an incident, the next one for an appointment.
    if year == -1 or not 1 <= month <= 12:
        return None
    if year is not None:
        return _safe_date(year, month, day)
    step = -1 if tense == PAST else 1
    return _nearest((_safe_date(today.year + step * k, month, day) for k in range(9)), today, tense)


def _day_only(today: date, day: int, tense: str) -> Optional[date]:
    # "12 tarikh" is this month's 12th, or the previous (next) month's when that is in the future (past).
    step = -1 if tense == PAST else 1
    candidates = []
    for k in range(4):
        first = _add_months(today.replace(day=1), step * k)
        candidates.append(_safe_date(first.year, first.month, day) if first else None)
    return _nearest(iter(candidates), today, tense)


def _blow_not_march(month_word: str, year: Optional[str]) -> bool:
    # normalise folds "maar" (a blow) into "mar": "5 mar" is March only with a year ("5 mar 2025").
    return month_word == "mar" and year is None


class _Finder:
    """Finds date expressions in prepared text, resolved against `today` and the tense."""

    def __init__(self, text: str, today: date, direction: str):
        self.text, self.today, self.direction = text, today, direction
        self.markers = _tense_markers(text)

    def tense(self, match: "re.Match") -> str:
        return _tense_at(self.text, self.markers, match.start(), match.end(), self.direction)

    def candidates(self) -> Iterator[Tuple[int, int, Optional[_Found]]]:
        yield from self._relative_days()
        yield from self._amounts()
        yield from self._periods()
        yield from self._weekdays()
        yield from self._absolute()

    def _relative_days(self):
        for pattern, offset, ambiguous in _RELATIVE_DAY:
            for match in pattern.finditer(self.text):
                sign = 1
                if ambiguous:
                    sign = -1 if self.tense(match) == PAST else 1
                day = _add_days(self.today, sign * offset)
                yield match.start(), match.end(), (day, None, True, ambiguous) if day else None

    def _amounts(self):
        for pattern, kind in ((_AGO, "ago"), (_SINCE_SUFFIX, "since"), (_SINCE_PREFIX, "since"), (_LATER, "later")):
            for match in pattern.finditer(self.text):
                groups = [g for g in match.groups() if g is not None]
                amount, unit = _number(groups[0]), _UNIT_OF.get(re.sub(r"\s+", " ", groups[1]))
                found = None
                if amount is not None and unit is not None and amount > 0:
                    day = _shift(self.today, amount if kind == "later" else -amount, unit)
                    if day is not None:
                        found = (day, self.today if kind == "since" else None, True, None)
                yield match.start(), match.end(), found

    def _periods(self):
        for match in _PERIOD.finditer(self.text):
            kind = _MODIFIER_KIND.get(re.sub(r"\s+", " ", match.group(1)))
            unit = _UNIT_OF.get(match.group(2))
            span = _period(self.today, unit, kind, self.tense(match)) if kind and unit else None
            yield match.start(), match.end(), (span[0], span[1], True, None) if span else None

    def _weekdays(self):
        for match in _WEEKDAY_RE.finditer(self.text):
            weekday = _WEEKDAY_OF.get(match.group(2))
            kind = _MODIFIER_KIND.get(re.sub(r"\s+", " ", match.group(1))) if match.group(1) else None
            if kind is None:
                kind = "last" if self.tense(match) == PAST else "next"
            day = _weekday_date(self.today, weekday, kind) if weekday is not None else None
            yield match.start(), match.end(), (day, None, True, None) if day else None

    def _absolute(self):
        for match in _ISO.finditer(self.text):
            day, month, year = int(match.group(3)), int(match.group(2)), _year(match.group(1))
            yield self._single(match, _day_month(self.today, day, month, year, PAST))
        for match in _DMY.finditer(self.text):
            day, month, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
            yield self._single(match, _day_month(self.today, day, month, year, self.tense(match)))
        for match in _DM.finditer(self.text):
            if match.group() != "24/7":  # "24/7 pareshan karta hai" is not 24 July
                day, month = int(match.group(1)), int(match.group(2))
                yield self._single(match, _day_month(self.today, day, month, None, self.tense(match)))
        for match in _D_MONTH.finditer(self.text):
            if _blow_not_march(match.group(2), match.group(3)):
                continue
            named_month = _MONTH_OF.get(match.group(2))
            found = _day_month(self.today, int(match.group(1)), named_month or 0, _year(match.group(3)),
                               self.tense(match))
            yield self._single(match, found)
        for match in _MONTH_D.finditer(self.text):
            if _blow_not_march(match.group(1), match.group(3)):
                continue
            named_month = _MONTH_OF.get(match.group(1))
            found = _day_month(self.today, int(match.group(2)), named_month or 0, _year(match.group(3)),
                               self.tense(match))
            yield self._single(match, found)
        for match in _MAY_HINGLISH.finditer(self.text):
            yield self._single(match, _day_month(self.today, int(match.group(1)), 5, _year(match.group(2)),
                                                 self.tense(match)))
        for match in _MONTH_YEAR.finditer(self.text):
            named_month, year = _MONTH_OF.get(match.group(1)), _year(match.group(2))
            first = _safe_date(year, named_month, 1) if named_month and year and year > 0 else None
            last = first.replace(day=_days_in_month(first.year, first.month)) if first else None
            yield match.start(), match.end(), (first, last, False, None) if first else None
        for match in _DAY_ONLY.finditer(self.text):
            yield self._single(match, _day_only(self.today, int(match.group(1)), self.tense(match)), relative=True)

    @staticmethod
    def _single(match: "re.Match", day: Optional[date], relative: bool = False):
        return match.start(), match.end(), (day, None, relative, None) if day else None


def _first_date(finder: _Finder) -> Optional[Tuple[int, int, _Found]]:
    """The earliest valid date expression; at one position the longest ("12 oct 2025", not "12 oct")."""
    candidates = list(finder.candidates())
    # An impossible date ("30 feb 2025") hides what it contains: "feb 2025" is not what she meant.
    invalid = [(start, end) for start, end, found in candidates if found is None]
    best = None
    for start, end, found in candidates:
        if found is None or any(s <= start and end <= e and e - s > end - start for s, e in invalid):
            continue
        if best is None or (start, -end) < (best[0], -best[1]):
            best = (start, end, found)
    return best


def _extend_since(text: str, start: int, end: int, found: _Found, today: date) -> _Found:
    # "kal se", "since Monday", "pichle hafte se": from that day until today.
    first, last, relative, ambiguous = found
    said_since = _SINCE_AFTER.match(text, end) or _SINCE_BEFORE.search(text[max(0, start - 10):start])
    if said_since and first < today and (last is None or last < today):
        return first, today, relative, ambiguous
    return found


# ---------------------------------------------------------------- times ----------------------

def _time_of_day(text: str) -> Optional[str]:
    best = None
    for tod, pattern in _TIME_OF_DAY + [(NIGHT, _RAT)]:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), tod)
    return best[1] if best else None


def _hour_of(word: str) -> Optional[int]:
    word = re.sub(r"\s+", " ", word.strip())
    return int(word) if word.isdecimal() else _HOUR_OF.get(word)


def _to_24h(hour: int, ampm: Optional[str], tod: Optional[str]) -> Optional[int]:
    """24-hour clock from "5 baje" and the part of day she named."""
    if ampm:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        return None
    if hour == 0 or hour >= 13:
        return hour
    if tod == MORNING:
        return hour
    if tod == AFTERNOON:
        return hour + 12 if hour <= 7 else hour
    if tod == EVENING:
        return hour + 12 if hour < 12 else hour
    if tod == NIGHT:
        return hour + 12 if 6 <= hour <= 11 else (0 if hour == 12 else hour)
    # No part of day: read it in waking hours (7 -> 7 am, 5 -> 5 pm); describe_when says it back.
    return hour + 12 if hour <= 6 else hour


def _clock(text: str, tod: Optional[str]) -> Tuple[Optional[int], Optional[int]]:
    """(hour, minute) of the first clock time in the text."""
    found = []
    for pattern, has_ampm in ((_CLOCK_AMPM, True), (_CLOCK_BAJE, False), (_CLOCK_24, False)):
        for match in pattern.finditer(text):
            found.append((match.start(), -match.end(), match, has_ampm))
    for _, _, match, has_ampm in sorted(found, key=lambda item: item[:2]):
        hour = _hour_of(match.group(1))
        minute = int(match.group(2)) if match.group(2) else None
        if hour is None or (minute is not None and minute > 59):
            continue
        hour = _to_24h(hour, match.group(3) if has_ampm else None, tod)
        if hour is not None:
            return hour, minute
    return None, None


# ---------------------------------------------------------------- public API -----------------

def parse_when(text: str, today: date, direction: str = PAST) -> Optional[When]:
    """The first date (or date range) in `text` with its time of day, or None.

    `direction` resolves "kal"/"parso" and bare weekdays when the sentence has no tense:
    "past" for incidents, "future" for appointments.
    """
    if not isinstance(text, str) or not isinstance(today, date):
        return None
    if isinstance(today, datetime):
        today = today.date()
    direction = FUTURE if direction == FUTURE else PAST
    prepared = _prepare(text)
    if not prepared:
        return None
    first = _first_date(_Finder(prepared, today, direction))
    if first is None:
        return None
    start, end, found = first
    day, last, relative, ambiguous = _extend_since(prepared, start, end, found, today)
    tod = _time_of_day(prepared)
    hour, minute = _clock(prepared, tod)
    return When(
        start=day, end=last if last != day else None, time_of_day=tod, hour=hour, relative=relative,
        ambiguous_word=ambiguous, minute=minute, reference=today,
    )


# ---------------------------------------------------------------- describe_when --------------

_MONTHS = tuple(Translated(hi=hi, hi_latn=en, en=en) for hi, en in zip(
    ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"],
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], strict=True))
_WEEKDAYS = tuple(Translated(hi=hi, hi_latn=hi_latn, en=en) for hi, hi_latn, en in zip(
    ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"],
    ["Somvar", "Mangalvar", "Budhvar", "Guruvar", "Shukravar", "Shanivar", "Ravivar"],
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], strict=True))
# By days from today.
_DAY_LABELS = {
    0: Translated(hi="आज", hi_latn="aaj", en="today"),
    -1: Translated(hi="कल", hi_latn="kal", en="yesterday"),
    1: Translated(hi="कल", hi_latn="kal", en="tomorrow"),
    -2: Translated(hi="परसों", hi_latn="parso", en="the day before yesterday"),
    2: Translated(hi="परसों", hi_latn="parso", en="the day after tomorrow"),
}
_PARTS_OF_DAY = {
    MORNING: Translated(hi="सुबह", hi_latn="subah", en="in the morning"),
    AFTERNOON: Translated(hi="दोपहर", hi_latn="dopahar", en="in the afternoon"),
    EVENING: Translated(hi="शाम", hi_latn="shaam", en="in the evening"),
    NIGHT: Translated(hi="रात", hi_latn="raat", en="at night"),
}
_RANGE = Translated(hi="{} से {} तक", hi_latn="{} se {} tak", en="from {} to {}")
_DAY_AND_WEEKDAY = Translated(hi="{day} ({weekday})", hi_latn="{day} ({weekday})", en="{weekday} {day}")
# Hindi says the part of the day with a clock time ("shaam 5 baje"); English says am or pm.
_CLOCK_TIME = Translated(hi="{part} {hour}{minute} बजे", hi_latn="{part} {hour}{minute} baje",
                         en="{hour}{minute} {am_pm}")


def _language(language: str) -> str:
    code = language.lower() if isinstance(language, str) else ""
    if code in ("hi-latn", "hinglish") or code.startswith("hi-latn"):
        return HINGLISH
    return HINDI if code.startswith("hi") else ENGLISH


def _part_of_day(hour: int) -> str:
    if 4 <= hour <= 11:
        return MORNING
    if 12 <= hour <= 15:
        return AFTERNOON
    if 16 <= hour <= 19:
        return EVENING
    return NIGHT


def _day_month_text(day: date, language: str, with_month: bool = True, with_year: bool = False) -> str:
    text = str(day.day)
    if with_month:
        text += " " + _MONTHS[day.month - 1].pick(language)
    if with_year:
        text += " " + str(day.year)
    return text


def _describe_range(first: date, last: date, language: str, reference: Optional[date]) -> str:
    with_year = reference is None or first.year != last.year or last.year != reference.year
    same_month = (first.year, first.month) == (last.year, last.month)
    start_text = _day_month_text(first, language, not same_month, with_year and first.year != last.year)
    end_text = _day_month_text(last, language, True, with_year)
    return _RANGE.pick(language).format(start_text, end_text)


def _describe_day(when: When, language: str, reference: Optional[date]) -> str:
    day = when.start
    with_year = reference is None or day.year != reference.year
    text = _DAY_AND_WEEKDAY.pick(language).format(day=_day_month_text(day, language, True, with_year),
                                                  weekday=_WEEKDAYS[day.weekday()].pick(language))
    label = _DAY_LABELS.get((day - reference).days) if reference else None
    return label.pick(language) + ", " + text if label else text


def _describe_time(when: When, language: str) -> Optional[str]:
    hour = when.hour if isinstance(when.hour, int) and 0 <= when.hour <= 23 else None
    if hour is None:
        part = _PARTS_OF_DAY.get(when.time_of_day or "")
        return part.pick(language) if part else None
    minute = f":{when.minute:02d}" if isinstance(when.minute, int) and 0 < when.minute <= 59 else ""
    twelve = hour % 12 or 12
    part = _PARTS_OF_DAY.get(when.time_of_day or "") or _PARTS_OF_DAY[_part_of_day(hour)]
    return _CLOCK_TIME.pick(language).format(part=part.pick(language), hour=twelve, minute=minute,
                                             am_pm="am" if hour < 12 else "pm")


def describe_when(when: When, language: str, today: Optional[date] = None) -> str:
    """A short phrase to confirm `when` back to her: "कल, 29 नवंबर (शनिवार), शाम 5 बजे".

    `language` is "hi", "hi-Latn" or "en". The absolute date is always there, so "kal" is never
    left ambiguous. `today` defaults to the day `when` was parsed on.
    """
    if not isinstance(when, When) or not isinstance(when.start, date):
        return ""
    language = _language(language)
    reference = today if isinstance(today, date) else when.reference
    if isinstance(reference, datetime):
        reference = reference.date()
    if when.is_range and isinstance(when.end, date):
        parts = [_describe_range(when.start, when.end, language, reference)]
    else:
        parts = [_describe_day(when, language, reference)]
    time_text = _describe_time(when, language)
    if time_text:
        parts.append(time_text)
    return ", ".join(parts)
