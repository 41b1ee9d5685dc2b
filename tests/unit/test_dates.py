from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.dates import When, describe_when, parse_when

TODAY = date(2026, 11, 30)   # a Monday
YESTERDAY, TOMORROW = date(2026, 11, 29), date(2026, 12, 1)
DAY_BEFORE, DAY_AFTER = date(2026, 11, 28), date(2026, 12, 2)


def when(text, direction="past", today=TODAY):
    return parse_when(text, today, direction)


@pytest.mark.parametrize("text", ["कल शाम 5 बजे।", "कल शाम 5 बजे"])
def test_a_sentence_ending_danda_does_not_hide_the_time(text):
    found = when(text)
    assert (found.start, found.time_of_day, found.hour) == (YESTERDAY, "evening", 17)


def test_parso_with_a_danda_is_still_parso():
    assert when("परसों।", "future").start == DAY_AFTER


def test_today_is_a_monday():
    assert TODAY.weekday() == 0


# ------------------------------------------------------------ relative days -------------------

@pytest.mark.parametrize("text", ["aaj", "aj subah", "आज", "today", "Today!", "tonight"])
def test_today(text):
    result = when(text)
    assert result.start == TODAY and result.end is None
    assert result.relative and result.ambiguous_word is None


@pytest.mark.parametrize("text, direction, expected, word", [
    ("kal", "past", YESTERDAY, "kal"),
    ("kal", "future", TOMORROW, "kal"),
    ("kl", "past", YESTERDAY, "kal"),
    ("Kal", "future", TOMORROW, "kal"),
    ("कल", "past", YESTERDAY, "कल"),
    ("कल", "future", TOMORROW, "कल"),
    ("parso", "past", DAY_BEFORE, "parso"),
    ("parso", "future", DAY_AFTER, "parso"),
    ("parson", "past", DAY_BEFORE, "parso"),
    ("परसों", "past", DAY_BEFORE, "परसों"),
    ("परसों", "future", DAY_AFTER, "परसों"),
    ("परसो", "future", DAY_AFTER, "परसों"),
])
def test_kal_and_parso_follow_direction_and_are_flagged(text, direction, expected, word):
    result = when(text, direction)
    assert result.start == expected
    assert result.ambiguous_word == word
    assert result.relative


@pytest.mark.parametrize("text, expected", [
    ("yesterday", YESTERDAY),
    ("tomorrow", TOMORROW),
    ("the day before yesterday", DAY_BEFORE),
    ("day after tomorrow", DAY_AFTER),
    ("last night", YESTERDAY),
])
def test_english_relative_days_are_not_ambiguous(text, expected):
    for direction in ("past", "future"):
        result = when(text, direction)
        assert result.start == expected
        assert result.ambiguous_word is None and result.relative


@pytest.mark.parametrize("text, direction, expected", [
    # past markers override a "future" caller
    ("kal usne mujhe maara tha", "future", YESTERDAY),
    ("kal kuch hua", "future", YESTERDAY),
    ("kal wo ghar aa gaya", "future", YESTERDAY),
    ("kal gayi thi", "future", YESTERDAY),
    ("kal uske ghar pe the", "future", YESTERDAY),
    ("kal shikayat ki thi", "future", YESTERDAY),
    ("कल उसने मारा था", "future", YESTERDAY),
    ("कल हुआ", "future", YESTERDAY),
    ("कल वो आया और गया", "future", YESTERDAY),
    ("kal yesterday", "future", YESTERDAY),
    ("parso hui baat", "future", DAY_BEFORE),
    ("परसों झगड़ा हुई", "future", DAY_BEFORE),
    # future markers override a "past" caller
    ("kal aaunga", "past", TOMORROW),
    ("kal milegi", "past", TOMORROW),
    ("kal hoga", "past", TOMORROW),
    ("kal thane jaungi", "past", TOMORROW),
    ("kal next hearing hai", "past", TOMORROW),
    ("kal, tomorrow", "past", TOMORROW),
    ("कल आऊंगी", "past", TOMORROW),
    ("कल मिलेंगे", "past", TOMORROW),
    ("कल होगा", "past", TOMORROW),
    ("parso aayega", "past", DAY_AFTER),
    ("परसों आएगा", "past", DAY_AFTER),
])
def test_tense_in_the_sentence_overrides_direction(text, direction, expected):
    assert when(text, direction).start == expected


def test_english_the_before_a_noun_is_not_a_past_marker():
    assert when("kal the police station jaana hai", "future").start == TOMORROW


def test_the_tense_nearest_after_the_word_wins():
    assert when("kal usne kaha tha ki parso aayega").start == YESTERDAY
    assert when("kal aaungi. usne maara tha", "past").start == TOMORROW


def test_words_that_only_look_future_do_not_count():
    assert when("kal usne yoga kiya", "future").start == YESTERDAY
    assert when("kal ko dar laga", "future").start == TOMORROW  # "laga" is not future, no marker: direction


# ------------------------------------------------------------ spans of days --------------------

@pytest.mark.parametrize("text, start", [
    ("5 din se", date(2026, 11, 25)),
    ("5 din se pareshan kar raha hai", date(2026, 11, 25)),
    ("5din se", date(2026, 11, 25)),
    ("5 दिन से", date(2026, 11, 25)),
    ("५ दिन से", date(2026, 11, 25)),
    ("for 5 days", date(2026, 11, 25)),
    ("since 5 days", date(2026, 11, 25)),
    ("pichle 3 din se", date(2026, 11, 27)),
    ("last 3 days", date(2026, 11, 27)),
    ("for the past 2 weeks", date(2026, 11, 16)),
    ("2 hafte se", date(2026, 11, 16)),
    ("do mahine se", date(2026, 9, 30)),
    ("ek saal se", date(2025, 11, 30)),
    ("एक साल से", date(2025, 11, 30)),
    ("for a year", date(2025, 11, 30)),
    ("mere pati 2 saal se maar rahe hain", date(2024, 11, 30)),
])
def test_since_n_units_is_a_range_until_today(text, start):
    result = when(text)
    assert (result.start, result.end) == (start, TODAY)
    assert result.relative


@pytest.mark.parametrize("text, expected", [
    ("3 din pehle", date(2026, 11, 27)),
    ("3 din pahle", date(2026, 11, 27)),
    ("3 दिन पहले", date(2026, 11, 27)),
    ("3 days ago", date(2026, 11, 27)),
    ("2 mahine pehle", date(2026, 9, 30)),
    ("2 महीने पहले", date(2026, 9, 30)),
    ("2 months ago", date(2026, 9, 30)),
    ("a week ago", date(2026, 11, 23)),
    ("ek hafte pehle", date(2026, 11, 23)),
    ("1 saal pehle", date(2025, 11, 30)),
    ("a year ago", date(2025, 11, 30)),
])
def test_n_units_ago_is_one_day(text, expected):
    result = when(text)
    assert result.start == expected and result.end is None and result.relative


def test_months_ago_clamps_to_the_end_of_a_shorter_month():
    assert when("1 mahine pehle", today=date(2026, 3, 31)).start == date(2026, 2, 28)
    assert when("2 months ago", today=date(2024, 4, 30)).start == date(2024, 2, 29)


@pytest.mark.parametrize("text, expected", [
    ("3 din baad", date(2026, 12, 3)),
    ("3 दिन बाद", date(2026, 12, 3)),
    ("in 3 days", date(2026, 12, 3)),
    ("after 2 weeks", date(2026, 12, 14)),
])
def test_n_units_later_is_in_the_future(text, expected):
    assert when(text).start == expected


@pytest.mark.parametrize("number, words", [
    (1, ["ek", "one", "एक"]),
    (2, ["do", "two", "दो"]),
    (3, ["teen", "three", "तीन"]),
    (4, ["char", "chaar", "four", "चार"]),
    (5, ["paanch", "panch", "five", "पांच", "पाँच"]),
    (6, ["chhe", "six", "छह"]),
    (7, ["saat", "seven", "सात"]),
    (8, ["aath", "eight", "आठ"]),
    (9, ["nau", "nine", "नौ"]),
    (10, ["das", "ten", "दस"]),
])
def test_number_words(number, words):
    expected = date(2026, 11, 30 - number)
    for word in words:
        assert when(f"{word} din pehle").start == expected, word
        assert when(f"{word} दिन पहले").start == expected, word
        assert when(f"{word} days ago").start == expected, word


# ------------------------------------------------------------ weeks, months, years -------------

@pytest.mark.parametrize("text", ["pichle hafte", "pichhle hafte", "पिछले हफ्ते", "पिछले हफ़्ते", "last week"])
def test_last_week_is_monday_to_sunday(text):
    result = when(text)
    assert (result.start, result.end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert result.relative


@pytest.mark.parametrize("text", ["is hafte", "इस हफ्ते", "this week"])
def test_this_week(text):
    thursday = date(2026, 12, 3)
    past = when(text, today=thursday)
    assert (past.start, past.end) == (date(2026, 11, 30), thursday)
    future = when(text, "future", today=thursday)
    assert (future.start, future.end) == (thursday, date(2026, 12, 6))
    # On a Monday "this week so far" is just today.
    assert when(text) == When(start=TODAY, relative=True)


@pytest.mark.parametrize("text", ["agle hafte", "अगले हफ्ते", "next week"])
def test_next_week(text):
    result = when(text)
    assert (result.start, result.end) == (date(2026, 12, 7), date(2026, 12, 13))


@pytest.mark.parametrize("text", ["pichle mahine", "पिछले महीने", "last month"])
def test_last_month(text):
    result = when(text)
    assert (result.start, result.end) == (date(2026, 10, 1), date(2026, 10, 31))


def test_last_month_in_january_is_december():
    result = when("last month", today=date(2027, 1, 15))
    assert (result.start, result.end) == (date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize("text, start, end", [
    ("is mahine", date(2026, 11, 1), TODAY),
    ("agle mahine", date(2026, 12, 1), date(2026, 12, 31)),
    ("pichle saal", date(2025, 1, 1), date(2025, 12, 31)),
    ("is saal", date(2026, 1, 1), TODAY),
    ("next year", date(2027, 1, 1), date(2027, 12, 31)),
])
def test_other_periods(text, start, end):
    result = when(text)
    assert (result.start, result.end) == (start, end)


@pytest.mark.parametrize("text, start", [
    ("kal se pareshan kar raha hai", YESTERDAY),
    ("since yesterday", YESTERDAY),
    ("somvar se", date(2026, 11, 23)),
    ("since last week", date(2026, 11, 23)),
    ("पिछले महीने से", date(2026, 10, 1)),
    ("12 oct se", date(2026, 10, 12)),
])
def test_a_past_day_followed_by_se_runs_until_today(text, start):
    result = when(text)
    assert (result.start, result.end) == (start, TODAY)


def test_future_kal_se_stays_one_day():
    result = when("kal se aaungi")
    assert (result.start, result.end) == (TOMORROW, None)


# ------------------------------------------------------------ weekdays ------------------------

WEEKDAYS = [
    ("somvar", "सोमवार", "monday"),
    ("mangalvar", "मंगलवार", "tuesday"),
    ("budhvar", "बुधवार", "wednesday"),
    ("guruvar", "गुरुवार", "thursday"),
    ("shukravar", "शुक्रवार", "friday"),
    ("shanivar", "शनिवार", "saturday"),
    ("ravivar", "रविवार", "sunday"),
]


@pytest.mark.parametrize("index, names", list(enumerate(WEEKDAYS)))
def test_bare_weekdays_follow_direction(index, names):
    # Today is a Monday: the last Monday is a week ago, the next one a week ahead.
    last = date(2026, 11, 23 + index)
    following = date(2026, 12, 7) if index == 0 else date(2026, 12, index)
    for name in names + (names[2].capitalize(),):
        assert when(name).start == last, name
        assert when(name + " ko", "future").start == following, name
        assert when(name).relative


@pytest.mark.parametrize("text", ["next Monday", "agle somvar", "अगले सोमवार", "coming monday", "agle somwar"])
def test_next_monday(text):
    assert when(text).start == date(2026, 12, 7)


@pytest.mark.parametrize("text", ["last Friday", "pichle shukravar", "पिछले शुक्रवार", "pichle shukrawar"])
def test_last_friday(text):
    assert when(text, "future").start == date(2026, 11, 27)


def test_weekday_with_tense():
    assert when("ravivar ko aaunga").start == date(2026, 12, 6)
    assert when("shukravar ko hua tha", "future").start == date(2026, 11, 27)


def test_weekday_alternative_spellings():
    assert when("itwar").start == date(2026, 11, 29)
    assert when("इतवार").start == date(2026, 11, 29)
    assert when("brihaspativar").start == date(2026, 11, 26)
    assert when("shaniwar").start == date(2026, 11, 28)


# ------------------------------------------------------------ absolute dates ------------------

@pytest.mark.parametrize("text, expected", [
    ("12/10/2025", date(2025, 10, 12)),
    ("12-10-2025", date(2025, 10, 12)),
    ("12.10.2025", date(2025, 10, 12)),
    ("12/10/25", date(2025, 10, 12)),
    ("2025-10-12", date(2025, 10, 12)),
    ("१२/१०/२०२५", date(2025, 10, 12)),
    ("12 October 2025", date(2025, 10, 12)),
    ("12 october, 2025", date(2025, 10, 12)),
    ("12th Oct 2025", date(2025, 10, 12)),
    ("October 12, 2025", date(2025, 10, 12)),
    ("12 अक्टूबर 2025", date(2025, 10, 12)),
    ("१२ अक्टूबर २०२५", date(2025, 10, 12)),
    ("12 aktubar 2025", date(2025, 10, 12)),
])
def test_absolute_dates_with_year(text, expected):
    result = when(text)
    assert result.start == expected and result.end is None
    assert not result.relative and result.ambiguous_word is None


@pytest.mark.parametrize("text", ["12 oct", "12 Oct", "12 october", "12th of october", "१२ अक्टूबर", "12 अक्टूबर",
                                  "12/10", "12-10"])
def test_absolute_dates_without_year_follow_direction(text):
    assert when(text).start == date(2026, 10, 12)
    assert when(text, "future").start == date(2027, 10, 12)


def test_date_without_year_and_tense():
    assert when("12 dec ko aaunga").start == date(2026, 12, 12)


@pytest.mark.parametrize("month, names", [
    (1, ["जनवरी", "janvari", "january", "jan"]),
    (2, ["फरवरी", "फ़रवरी", "farvari", "february", "feb"]),
    (3, ["मार्च", "march"]),
    (4, ["अप्रैल", "aprail", "april"]),
    (5, ["मई", "may"]),
    (6, ["जून", "joon", "june"]),
    (7, ["जुलाई", "julai", "july"]),
    (8, ["अगस्त", "agast", "august"]),
    (9, ["सितंबर", "सितम्बर", "sitambar", "september"]),
    (10, ["अक्टूबर", "aktubar", "october"]),
    (11, ["नवंबर", "नवम्बर", "navambar", "november"]),
    (12, ["दिसंबर", "disambar", "december"]),
])
def test_month_names(month, names):
    for name in names:
        assert when(f"5 {name} 2025").start == date(2025, month, 5), name
        assert when(f"5 {name}").start == date(2026 if month <= 11 else 2025, month, 5), name


@pytest.mark.parametrize("text", ["12 mai ko", "12 mai 2026", "12 mai.", "12 mei ko"])
def test_romanized_may(text):
    assert when(text).start == date(2026, 5, 12)


def test_mai_as_i_is_not_may():
    assert when("kal 5 mai ghar gayi thi").start == YESTERDAY
    assert when("12 mai ne dekha") is None


def test_mar_is_march_only_with_a_year():
    assert when("usne 5 maar maari") is None
    assert when("5 mar 2025").start == date(2025, 3, 5)


def test_day_of_month_only():
    assert when("12 tarikh ko").start == date(2026, 11, 12)
    assert when("12 तारीख को", "future").start == date(2026, 12, 12)
    assert when("31 tarikh").start == date(2026, 10, 31)


def test_month_and_year_is_the_whole_month():
    result = when("october 2025")
    assert (result.start, result.end) == (date(2025, 10, 1), date(2025, 10, 31))


def test_leap_day_without_year():
    assert when("29 feb").start == date(2024, 2, 29)
    assert when("29/02", "future").start == date(2028, 2, 29)


# ------------------------------------------------------------ times ---------------------------

@pytest.mark.parametrize("text, time_of_day, hour", [
    ("kal shaam 5 baje", "evening", 17),
    ("kal sham 5 baje", "evening", 17),
    ("kal shaam ko 5 bje", "evening", 17),
    ("कल शाम 5 बजे", "evening", 17),
    ("yesterday evening at 5", "evening", None),
    ("aaj subah 9 baje", "morning", 9),
    ("aaj subha 9 baje", "morning", 9),
    ("आज सुबह 9 बजे", "morning", 9),
    ("kal subah 5 baje", "morning", 5),
    ("kal dopahar 2 baje", "afternoon", 14),
    ("कल दोपहर 2 बजे", "afternoon", 14),
    ("kal raat 10 baje", "night", 22),
    ("कल रात 10 बजे", "night", 22),
    ("कल रात दस बजे", "night", 22),
    ("kal rat ko 2 baje", "night", 2),
    ("kal raat 12 baje", "night", 0),
    ("kal saat baje shaam", "evening", 19),
    ("yesterday morning", "morning", None),
    ("kal raat", "night", None),
    ("last night", "night", None),
    ("this morning", "morning", None),
])
def test_time_of_day_and_hour(text, time_of_day, hour):
    result = when(text)
    assert (result.time_of_day, result.hour) == (time_of_day, hour)


@pytest.mark.parametrize("text, hour, minute", [
    ("kal 5 pm", 17, None),
    ("kal 5pm", 17, None),
    ("yesterday 5:30 pm", 17, 30),
    ("yesterday at 5.30 p.m.", 17, 30),
    ("kal 10 am", 10, None),
    ("kal 12 am", 0, None),
    ("kal 12 pm", 12, None),
    ("kal 17:30", 17, 30),
    ("kal 5:30 baje shaam", 17, 30),
    ("kal 9 baje", 9, None),     # no part of day: waking hours, 9 am
    ("kal 5 baje", 17, None),    # ... and 5 pm
    ("kal paanch baje", 17, None),
])
def test_clock_times(text, hour, minute):
    result = when(text)
    assert (result.hour, result.minute) == (hour, minute)


def test_impossible_clock_times_are_ignored():
    assert when("kal 25 baje").hour is None
    assert when("kal 13 pm").hour is None


# ------------------------------------------------------------ no date -------------------------

@pytest.mark.parametrize("text", [
    "",
    "   ",
    "hello ji",
    "mujhe madad chahiye",
    "shaam 5 baje",          # a time without a day
    "5 pm",
    "31/02/2025",            # impossible dates
    "30 feb 2025",
    "32 oct",
    "12/13/2025",
    "00/10/2025",
    "12 oct 2200",
    "24/7 pareshan karta hai",
    "9876543210",
    "98765-43210",
    "9999 saal pehle",
    "kuch din se",
])
def test_no_date(text):
    assert when(text) is None
    assert when(text, "future") is None


def test_bad_arguments_do_not_raise():
    assert parse_when(None, TODAY) is None
    assert parse_when("kal", None) is None
    assert parse_when("kal", TODAY, "sideways").start == YESTERDAY
    assert parse_when("kal", datetime(2026, 11, 30, 15, 0)).start == YESTERDAY


def test_first_date_wins_and_long_input_is_capped():
    assert when("kal hua, aur 3 din pehle bhi").start == YESTERDAY
    assert when("x " * 2000 + "kal") is None


def test_calendar_edges_do_not_raise():
    assert when("kal", today=date.max).start == date(9999, 12, 30)
    assert when("kal", "future", today=date.max) is None
    assert when("pichle hafte", today=date.min) is None
    assert when("parso", today=date.min) is None


# ------------------------------------------------------------ describe_when -------------------

def test_describe_the_spec_example_in_three_languages():
    result = parse_when("kal shaam 5 baje", date(2025, 11, 30))
    assert describe_when(result, "hi") == "कल, 29 नवंबर (शनिवार), शाम 5 बजे"
    assert describe_when(result, "hi-Latn") == "kal, 29 November (Shanivar), shaam 5 baje"
    assert describe_when(result, "en") == "yesterday, Saturday 29 November, 5 pm"


@pytest.mark.parametrize("text, direction, hi, latn, en", [
    ("kal", "future", "कल, 1 दिसंबर (मंगलवार)", "kal, 1 December (Mangalvar)", "tomorrow, Tuesday 1 December"),
    ("aaj subah 9 baje", "past", "आज, 30 नवंबर (सोमवार), सुबह 9 बजे", "aaj, 30 November (Somvar), subah 9 baje",
     "today, Monday 30 November, 9 am"),
    ("parso raat 10 baje", "past", "परसों, 28 नवंबर (शनिवार), रात 10 बजे",
     "parso, 28 November (Shanivar), raat 10 baje", "the day before yesterday, Saturday 28 November, 10 pm"),
    ("3 din pehle", "past", "27 नवंबर (शुक्रवार)", "27 November (Shukravar)", "Friday 27 November"),
    ("kal 5:30 pm", "past", "कल, 29 नवंबर (रविवार), शाम 5:30 बजे", "kal, 29 November (Ravivar), shaam 5:30 baje",
     "yesterday, Sunday 29 November, 5:30 pm"),
    ("last night", "past", "कल, 29 नवंबर (रविवार), रात", "kal, 29 November (Ravivar), raat",
     "yesterday, Sunday 29 November, at night"),
    ("12/10/2025", "past", "12 अक्टूबर 2025 (रविवार)", "12 October 2025 (Ravivar)", "Sunday 12 October 2025"),
])
def test_describe_days(text, direction, hi, latn, en):
    result = when(text, direction)
    assert describe_when(result, "hi") == hi
    assert describe_when(result, "hi-Latn") == latn
    assert describe_when(result, "en") == en


@pytest.mark.parametrize("text, hi, latn, en", [
    ("5 din se", "25 से 30 नवंबर तक", "25 se 30 November tak", "from 25 to 30 November"),
    ("pichle hafte", "23 से 29 नवंबर तक", "23 se 29 November tak", "from 23 to 29 November"),
    ("pichle mahine", "1 से 31 अक्टूबर तक", "1 se 31 October tak", "from 1 to 31 October"),
    ("2 hafte se", "16 से 30 नवंबर तक", "16 se 30 November tak", "from 16 to 30 November"),
    ("12 oct se", "12 अक्टूबर से 30 नवंबर तक", "12 October se 30 November tak", "from 12 October to 30 November"),
    ("ek saal se", "30 नवंबर 2025 से 30 नवंबर 2026 तक", "30 November 2025 se 30 November 2026 tak",
     "from 30 November 2025 to 30 November 2026"),
    ("5 din se raat ko", "25 से 30 नवंबर तक, रात", "25 se 30 November tak, raat", "from 25 to 30 November, at night"),
])
def test_describe_ranges(text, hi, latn, en):
    result = when(text)
    assert describe_when(result, "hi") == hi
    assert describe_when(result, "hi-Latn") == latn
    assert describe_when(result, "en") == en


def test_describe_spec_range_example():
    result = When(start=date(2025, 11, 24), end=date(2025, 11, 29), reference=date(2025, 11, 30))
    assert describe_when(result, "hi") == "24 से 29 नवंबर तक"
    assert describe_when(result, "hi-Latn") == "24 se 29 November tak"
    assert describe_when(result, "en") == "from 24 to 29 November"


def test_describe_without_reference_always_gives_the_year():
    result = When(start=date(2026, 11, 29), hour=17)
    assert describe_when(result, "hi") == "29 नवंबर 2026 (रविवार), शाम 5 बजे"
    assert describe_when(result, "en", today=TODAY) == "yesterday, Sunday 29 November, 5 pm"


def test_describe_unknown_language_falls_back_to_english_and_never_raises():
    result = when("kal")
    assert describe_when(result, "fr") == "yesterday, Sunday 29 November"
    assert describe_when(result, "HI-latn") == "kal, 29 November (Ravivar)"
    assert describe_when(None, "hi") == ""
    odd = When(start=TODAY, hour=99, minute=-1, time_of_day="dusk")
    assert describe_when(odd, "hi") == "30 नवंबर 2026 (सोमवार)"


# ------------------------------------------------------------ properties ----------------------

@settings(max_examples=400, deadline=None)
@given(st.text(), st.dates(), st.sampled_from(["past", "future"]))
def test_parse_when_never_raises(text, today, direction):
    result = parse_when(text, today, direction)
    if result is not None:
        assert isinstance(result.start, date)
        assert result.end is None or result.end > result.start
        assert result.hour is None or 0 <= result.hour <= 23
        assert result.time_of_day in (None, "morning", "afternoon", "evening", "night")
        for language in ("hi", "hi-Latn", "en"):
            assert describe_when(result, language)


_VOCABULARY = ("kal parso aaj 5 12 din se pehle ago hafte pichle last next agle somvar friday oct अक्टूबर कल "
               "परसों दिन से पहले baje shaam raat 10 pm : / - . 2025 31 02 tha aayega ek do mahine saal "
               "tarikh main ko since for in baad 9999 0").split()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=8), st.dates(), st.sampled_from(["past", "future"]))
def test_parse_when_never_raises_on_date_words(words, today, direction):
    result = parse_when(" ".join(words), today, direction)
    if result is not None:
        assert result.end is None or result.end > result.start
        for language in ("hi", "hi-Latn", "en"):
            assert describe_when(result, language)
