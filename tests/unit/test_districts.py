import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.districts import UP_DISTRICTS, District, DistrictMatch, describe, match_district
from bot.lang.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
BY_NAME = {d.name_en: d for d in UP_DISTRICTS}


def _matched(text):
    m = match_district(text)
    return None if m is None else m.district.name_en


# --- the data -------------------------------------------------------------------------------

def test_there_are_75_districts_with_unique_names():
    assert len(UP_DISTRICTS) == 75
    assert len({d.name_en for d in UP_DISTRICTS}) == 75
    assert len({normalise(d.name_hi) for d in UP_DISTRICTS}) == 75


def test_no_spelling_belongs_to_two_districts():
    owner = {}
    for d in UP_DISTRICTS:
        for spelling in (d.name_en, d.name_hi) + d.aliases:
            key = normalise(spelling)
            assert owner.setdefault(key, d.name_en) == d.name_en, spelling


def test_current_official_names_are_used():
    for name in ("Prayagraj", "Ayodhya", "Gautam Buddh Nagar", "Sant Ravidas Nagar", "Kanpur Nagar",
                 "Kanpur Dehat", "Lakhimpur Kheri", "Amethi", "Hapur", "Sambhal", "Shamli", "Kasganj",
                 "Siddharthnagar", "Sant Kabir Nagar", "Shravasti", "Ambedkar Nagar", "Amroha",
                 "Kushinagar", "Maharajganj", "Chandauli", "Sonbhadra", "Mirzapur", "Jhansi",
                 "Lalitpur", "Jalaun", "Hamirpur", "Mahoba", "Banda", "Chitrakoot", "Hathras"):
        assert name in BY_NAME, name
    for old in ("Allahabad", "Faizabad", "Noida", "Bhadohi", "Jyotiba Phule Nagar", "Kanshiram Nagar",
                "Mahamaya Nagar", "Chhatrapati Shahuji Maharaj Nagar", "Ramabai Nagar"):
        assert old not in BY_NAME, old


def test_names_are_in_the_right_script():
    for d in UP_DISTRICTS:
        assert d.name_en.isascii() and d.name_en.strip() == d.name_en
        assert all("\u0900" <= c <= "\u097f" or c == " " for c in d.name_hi), d.name_hi
        assert isinstance(d.aliases, tuple)


def test_district_and_match_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BY_NAME["Agra"].name_en = "Agra Fort"
    with pytest.raises(dataclasses.FrozenInstanceError):
        match_district("agra").score = 0.5


# --- exact matches --------------------------------------------------------------------------

@pytest.mark.parametrize("district", UP_DISTRICTS, ids=lambda d: d.name_en)
def test_every_official_name_matches_exactly_in_both_scripts(district):
    for spelling in (district.name_en, district.name_hi, district.name_en.upper()):
        m = match_district(spelling)
        assert m == DistrictMatch(district, 1.0, True), spelling


@pytest.mark.parametrize("district", UP_DISTRICTS, ids=lambda d: d.name_en)
def test_every_alias_matches_its_own_district(district):
    for alias in district.aliases:
        m = match_district(alias)
        assert m is not None and m.district is district and m.exact, alias


@pytest.mark.parametrize("text, expected", [
    ("Allahabad", "Prayagraj"), ("prayag", "Prayagraj"), ("इलाहाबाद", "Prayagraj"),
    ("prayagraj", "Prayagraj"), ("Faizabad", "Ayodhya"), ("फ़ैज़ाबाद", "Ayodhya"),
    ("Noida", "Gautam Buddh Nagar"), ("Greater Noida", "Gautam Buddh Nagar"),
    ("नोएडा", "Gautam Buddh Nagar"), ("Banaras", "Varanasi"), ("Benares", "Varanasi"),
    ("Kashi", "Varanasi"), ("बनारस", "Varanasi"), ("काशी", "Varanasi"),
    ("Kanpur", "Kanpur Nagar"), ("कानपुर", "Kanpur Nagar"), ("Bhadohi", "Sant Ravidas Nagar"),
    ("Lakhimpur", "Lakhimpur Kheri"), ("Kheri", "Lakhimpur Kheri"), ("Lko", "Lucknow"),
    ("Lakhnau", "Lucknow"), ("लखनऊ", "Lucknow"), ("Ghaziabad", "Ghaziabad"),
    ("gaziabad", "Ghaziabad"), ("गाजियाबाद", "Ghaziabad"),  # nukta left out
    ("Jyotiba Phule Nagar", "Amroha"), ("Kanshiram Nagar", "Kasganj"),
    ("Mahamaya Nagar", "Hathras"), ("Chhatrapati Shahuji Maharaj Nagar", "Amethi"),
    ("Ramabai Nagar", "Kanpur Dehat"), ("Panchsheel Nagar", "Hapur"), ("Bhim Nagar", "Sambhal"),
    ("Prabuddh Nagar", "Shamli"), ("mirzapur", "Mirzapur"), ("bareli", "Bareilly"),
    ("aligarh", "Aligarh"), ("mathura", "Mathura"), ("jhansi", "Jhansi"), ("agra", "Agra"),
    ("meerut", "Meerut"), ("merath", "Meerut"), ("मेरठ", "Meerut"), ("badaun", "Budaun"),
    ("mahrajganj", "Maharajganj"), ("siddharth nagar", "Siddharthnagar"),
    ("rae bareli", "Raebareli"), ("सम्भल", "Sambhal"), ("संभल", "Sambhal"),  # half nasal = anusvara
    ("झांसी", "Jhansi"), ("झाँसी", "Jhansi"),  # anusvara = chandrabindu
])
def test_aliases_old_names_and_cities(text, expected):
    m = match_district(text)
    assert (m.district.name_en, m.exact, m.score) == (expected, True, 1.0)


@pytest.mark.parametrize("text", ["lucknow", "लखनऊ", "Lucknow ", "LKO", "  LUCKNOW!!", "lucknow.",
                                  "लखनऊ।", "Lucknow, UP", "lucknow uttar pradesh", "lucknowww"])
def test_bare_answers(text):
    assert match_district(text) == DistrictMatch(BY_NAME["Lucknow"], 1.0, True)


@pytest.mark.parametrize("text, expected", [
    ("main gorakhpur me rehti hu", "Gorakhpur"),
    ("mai prayagraj se hu", "Prayagraj"),
    ("mera ghar jhansi me hai, jaldi madad chahiye", "Jhansi"),
    ("abhi noida sector 18 me hu", "Gautam Buddh Nagar"),
    ("मैं प्रयागराज से हूँ", "Prayagraj"),
    ("मेरा घर वाराणसी में है", "Varanasi"),
    ("लखनऊ चारबाग के पास दो लड़के पीछे पड़े हैं", "Lucknow"),
    ("I live in Noida sector 62", "Gautam Buddh Nagar"),
    ("My sister is being harassed by her in-laws in Bareilly.", "Bareilly"),
    ("We moved to Allahabad last year", "Prayagraj"),
])
def test_sentences_in_all_three_scripts(text, expected):
    m = match_district(text)
    assert m is not None and (m.district.name_en, m.exact) == (expected, True), text


# --- multi-word names -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("kanpur dehat", "Kanpur Dehat"), ("Kanpur Dehat", "Kanpur Dehat"),
    ("कानपुर देहात", "Kanpur Dehat"), ("main kanpur dehat me rehti hu", "Kanpur Dehat"),
    ("मैं कानपुर देहात से हूँ", "Kanpur Dehat"), ("kanpurdehat", "Kanpur Dehat"),
    ("kanpur nagar", "Kanpur Nagar"), ("कानपुर नगर", "Kanpur Nagar"), ("kanpur", "Kanpur Nagar"),
    ("main kanpur se hoon", "Kanpur Nagar"), ("kanpur city me", "Kanpur Nagar"),
])
def test_kanpur_nagar_and_kanpur_dehat_are_told_apart(text, expected):
    assert _matched(text) == expected


def test_a_typo_in_kanpur_dehat_still_beats_the_kanpur_inside_it():
    m = match_district("kanpur dihat")
    assert (m.district.name_en, m.exact) == ("Kanpur Dehat", False)


@pytest.mark.parametrize("text, expected", [
    ("gautam buddh nagar", "Gautam Buddh Nagar"), ("Gautam Budh Nagar me", "Gautam Buddh Nagar"),
    ("गौतम बुद्ध नगर", "Gautam Buddh Nagar"), ("sant kabir nagar", "Sant Kabir Nagar"),
    ("main sant kabir nagar se hu", "Sant Kabir Nagar"), ("santkabirnagar", "Sant Kabir Nagar"),
    ("sant ravidas nagar", "Sant Ravidas Nagar"), ("ambedkar nagar", "Ambedkar Nagar"),
    ("lakhimpur kheri", "Lakhimpur Kheri"), ("rae bareli se hu", "Raebareli"),
    ("राय बरेली", "Raebareli"), ("bareilly se hu", "Bareilly"),
])
def test_multi_word_names(text, expected):
    m = match_district(text)
    assert (m.district.name_en, m.exact) == (expected, True), text


def test_exact_match_is_preferred_over_a_fuzzy_one():
    m = match_district("pehle lucknw me thi, ab kanpur me hoon")
    assert (m.district.name_en, m.exact) == ("Kanpur Nagar", True)


# --- typos ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("lucknw", "Lucknow"), ("gorakpur", "Gorakhpur"), ("varansi", "Varanasi"),
    ("कानपूर", "Kanpur Nagar"), ("alahbad", "Prayagraj"), ("mirzpur", "Mirzapur"),
    ("ghaziabd", "Ghaziabad"), ("gautm budh nagar", "Gautam Buddh Nagar"),
    ("muzafarngr", "Muzaffarnagar"), ("लखनउ", "Lucknow"), ("गोरखपूर", "Gorakhpur"),
    ("main gorakpur me rehti hu", "Gorakhpur"), ("I live in Varansi", "Varanasi"),
    ("मैं कानपूर से हूँ", "Kanpur Nagar"),
])
def test_typos_match_fuzzily(text, expected):
    m = match_district(text)
    assert m is not None, text
    assert (m.district.name_en, m.exact) == (expected, False)
    assert 0.8 <= m.score < 1.0


# --- names that are also everyday words --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ek banda mera picha kar raha hai", None), ("banda", "Banda"), ("main banda se hoon", "Banda"),
    ("banda district", "Banda"), ("hamari basti me log ghoorte hai", None), ("basti", "Basti"),
    ("जिला बस्ती", "Basti"), ("sambhal ke rehna", None), ("sambhal", "Sambhal"),
    ("मैं बाँदा से हूँ", "Banda"), ("bandaa", None),  # no fuzzy matching for these names
])
def test_names_that_are_everyday_words_need_an_answer_or_a_cue(text, expected):
    assert _matched(text) == expected


# --- not a district -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "   ", "hello", "mera naam", "ok", "🙏", "🙏🙏😭😭", "Hi", "help", "haan", "nahi", "1090",
    "'; DROP TABLE users; --", "1 OR 1=1; SELECT * FROM users WHERE name=''",
    "<script>alert('hi')</script>", "<b>hello</b><img src=x onerror=alert(1)>",
    "usne mujhe jhansa diya", "I barely sleep", "kaisi ho", "agar wo aaye to", "mera ghar",
    "gunda peeche pada hai", "ganda message bhejta hai", "करवाना है", "नमस्ते", "मदद चाहिए",
    "mujhe koi stalk kr rha h", "my husband beats me",
])
def test_non_districts_return_none(text):
    assert match_district(text) is None


def test_non_string_input_returns_none():
    assert match_district(None) is None
    assert match_district(b"lucknow") is None


def _long_message():
    words = ("mujhe bahut pareshan kar raha hai ek ladka roz college ke bahar khada rehta hai "
             "and keeps following me home he sends messages at night please help ").split()
    text, i = [], 0
    while sum(len(w) + 1 for w in text) < 10_000:
        text.append(words[i % len(words)])
        i += 1
    return " ".join(text)[:10_000]


def test_a_long_district_free_message_returns_none_quickly():
    text = _long_message()
    assert len(text) == 10_000
    start = time.perf_counter()
    assert match_district(text) is None
    assert time.perf_counter() - start < 1.0  # ~1 ms normally; generous for a busy machine


def test_only_the_first_500_characters_are_read():
    assert _matched("lucknow " + "x" * 10_000) == "Lucknow"
    assert match_district("a " * 300 + "lucknow") is None


# --- describe -------------------------------------------------------------------------------

@pytest.mark.parametrize("language, expected", [
    ("hi", "प्रयागराज"), ("en", "Prayagraj"), ("hi-Latn", "Prayagraj"), ("", "Prayagraj"),
])
def test_describe_uses_the_script_of_the_conversation(language, expected):
    assert describe(BY_NAME["Prayagraj"], language) == expected


def test_describe_every_district():
    for d in UP_DISTRICTS:
        assert describe(d, "hi") == d.name_hi and describe(d, "en") == d.name_en


# --- robustness -----------------------------------------------------------------------------

def test_does_not_import_rasa():
    code = ("import sys, bot.lang.districts as m; m.match_district('lucknow'); "
            "sys.exit(any(n == 'rasa' or n.startswith('rasa.') for n in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def _check(text):
    m = match_district(text)
    assert m is None or (isinstance(m.district, District) and 0.0 < m.score <= 1.0
                         and m.exact == (m.score == 1.0))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_match_district_never_raises(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["kanpur", "dehat", "nagar", "sant", "लखनऊ", "से", "main", "me",
                                 "banda", "noida", "\u200b", "।", "🙏", "gorakpur", "कानपूर"])
                | st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F)),
                max_size=12).map(" ".join))
def test_match_district_never_raises_on_name_fragments(text):
    _check(text)
