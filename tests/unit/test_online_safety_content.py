"""Issue 5's promises about the online-safety advice: every number, address and menu path is in
data/sources.md; short answers have at most 5 steps; no blame and no "confront him"; each
topic has both versions in three scripts, enough training questions and held-out questions."""
import re
from collections import Counter

import pytest
import yaml

from bot.lang.script import detect_language
from tests.conftest import ROOT
from tests.domain_files import full_domain

LANGUAGES = ("hi", "hi-Latn", "en")
RESPONSES = full_domain()["responses"]
SHORT = "utter_online_safety/"
MORE = "utter_online_safety_more_"
TOPICS = sorted(name[len(SHORT):] for name in RESPONSES if name.startswith(SHORT))
# Everything the online-safety flow says: the advice and the menus and offers around it.
ONLINE_SAFETY_RESPONSES = sorted(n for n in RESPONSES if n.startswith((SHORT, MORE)) or n in (
    "utter_online_safety_topics", "utter_online_safety_followup", "utter_online_safety_after_more"))

NUMBER = re.compile(r"(?<![\w.])\d{3,}(?![\w])")
URL = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:gov\.in|org\.in|org|com|in|net)(?:/[\w\-./]*[\w/])?)",
                 re.IGNORECASE)
STEP = re.compile(r"^\s*\d+\.\s", re.MULTILINE)


def load_sources(text):
    """The backticked first cell of each table row in sources.md, by section."""
    sections, current = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip().lower()
            sections[current] = set()
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*$", line)
        if match and current:
            sections[current].add(match.group(1))
    return sections


SOURCES = load_sources((ROOT / "data" / "sources.md").read_text(encoding="utf-8"))


def unlisted(text, sources=SOURCES):
    """Numbers, web addresses and menu paths in `text` that sources.md does not list."""
    problems = []
    for path in sorted(sources["menu paths"], key=len, reverse=True):
        text = text.replace(path, " ")
    problems += [f"menu path near {m.group(0)!r}" for m in re.finditer(r"\S*\s>\s\S*", text)]
    for match in URL.finditer(text):
        address = match.group(1).lower().rstrip("/")
        if address not in {u.lower() for u in sources["web addresses"]}:
            problems.append(f"address {address}")
    text = URL.sub(" ", text)
    problems += [f"number {n}" for n in NUMBER.findall(text) if n not in sources["phone numbers"]]
    return problems


def _variants(name):
    return {c["value"]: v for v in RESPONSES[name] for c in v.get("condition", []) if c["name"] == "language"}


def _texts(name):
    for language, variant in _variants(name).items():
        yield language, variant["text"] + "\n" + "\n".join(b["title"] for b in variant.get("buttons", []))


def test_there_are_at_least_18_topics():
    assert len(TOPICS) >= 18, TOPICS


def test_every_source_entry_has_a_source_and_a_date():
    assert all(SOURCES.get(s) for s in ("phone numbers", "web addresses", "menu paths"))
    for line in (ROOT / "data" / "sources.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert len(cells) == 4 and cells[2] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[3]), line


@pytest.mark.parametrize("name", ONLINE_SAFETY_RESPONSES)
def test_every_number_address_and_menu_path_is_in_sources(name):
    for language, text in _texts(name):
        assert unlisted(text) == [], f"{name} ({language})"


@pytest.mark.parametrize("text, problem", [
    ("Call 1091 now", "number 1091"),
    ("See example.com/help", "address example.com/help"),
    ("Open Settings > Secret > Menu", "menu path"),
    ("Visit https://evil.org.in", "address evil.org.in"),
])
def test_the_sources_check_catches_what_is_not_listed(text, problem):
    assert any(p.startswith(problem) for p in unlisted(text)), unlisted(text)


def test_the_sources_check_accepts_what_is_listed():
    assert unlisted("Call 1930 or go to https://www.cybercrime.gov.in; Settings > Privacy > Groups.") == []


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_a_short_and_a_longer_answer_in_three_scripts(topic):
    for name in (SHORT + topic, MORE + topic):
        assert sorted(_variants(name)) == sorted(LANGUAGES), name


@pytest.mark.parametrize("topic", TOPICS)
def test_short_answers_have_one_to_five_steps_the_same_in_every_script(topic):
    counts = {lang: len(STEP.findall(v["text"])) for lang, v in _variants(SHORT + topic).items()}
    assert all(1 <= c <= 5 for c in counts.values()), counts
    assert len(set(counts.values())) == 1, counts
    # Readable on a phone in two minutes.
    assert all(len(v["text"]) <= 800 for v in _variants(SHORT + topic).values())


BLAME = {
    "en": [r"why (did|would) you", r"you should(n't| not) have", r"(?<!not )your (own )?fault", r"\bcareless",
           r"\bconfront", r"\bface him\b", r"go (and )?(talk|speak) to him", r"\bwhy\b.*\bshare"],
    "hi-Latn": [r"kyun (bheji|bheja|share|di)", r"kyon (bheji|bheja|share)", r"aapki (hi )?galti (hai|thi)",
                r"saamna kar", r"usse mil( ?)kar baat", r"usse milne jayein"],
    "hi": [r"क्यों (भेजी|भेजा|शेयर|दी)", r"आपकी (ही )?ग़?ग?लती (है|थी)", r"सामना कर", r"उससे मिलकर बात", r"उससे मिलने जाएँ"],
}


@pytest.mark.parametrize("name", ONLINE_SAFETY_RESPONSES)
def test_no_blame_and_no_confronting_him(name):
    for language, text in _texts(name):
        for pattern in BLAME[language]:
            assert not re.search(pattern, text, re.IGNORECASE), f"{name} ({language}): {pattern}"


@pytest.mark.parametrize("topic", ["sextortion", "intimate_images", "deepfakes", "blackmail_money"])
def test_topics_where_shame_hurts_say_it_is_not_her_fault(topic):
    for language in LANGUAGES:
        text = _variants(SHORT + topic)[language]["text"] + _variants(MORE + topic)[language]["text"]
        assert re.search(r"not your fault|ग़लती नहीं|galti nahi", text), (topic, language)


def test_the_no_blame_patterns_do_catch_blame():
    assert re.search(BLAME["en"][0], "Why did you share photos?", re.IGNORECASE)
    assert re.search(BLAME["en"][2], "It is your fault", re.IGNORECASE)
    assert not re.search(BLAME["en"][2], "it is not your fault", re.IGNORECASE)
    assert re.search(BLAME["hi"][2], "उसका सामना करें")


def _examples(path):
    by_topic = {}
    for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        if item.get("intent", "").startswith("online_safety/"):
            by_topic.setdefault(item["intent"].split("/")[1], []).extend(
                l[2:].strip() for l in item["examples"].splitlines() if l.strip())
    return by_topic


TRAINING = _examples(ROOT / "data" / "nlu" / "online_safety.yml")


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_at_least_12_training_questions_per_script(topic):
    counts = Counter(detect_language(e) for e in TRAINING.get(topic, []))
    assert all(counts[lang] >= 12 for lang in LANGUAGES), counts


def test_every_trained_topic_has_an_answer_and_all_online_safety_examples_live_in_one_file():
    assert set(TRAINING) == set(TOPICS)
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        if path.name != "online_safety.yml":
            assert _examples(path) == {}, path


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_at_least_5_held_out_questions_per_script(topic):
    from bench.nlu_eval import ONLINE_SAFETY_HELDOUT, load_heldout

    scripts = Counter(s for _, intent, s in load_heldout(ONLINE_SAFETY_HELDOUT) if intent == f"online_safety/{topic}")
    assert all(scripts[lang] >= 5 for lang in LANGUAGES), scripts


def test_held_out_and_dev_questions_are_never_trained_on():
    trained = {re.sub(r"\s+", " ", e.lower()) for examples in TRAINING.values() for e in examples}
    for name in ("heldout/online_safety_heldout.yml", "dev/online_safety_dev.yml"):
        for examples in _examples(ROOT / "bench" / name).values():
            assert not trained & {re.sub(r"\s+", " ", e.lower()) for e in examples}, name


def test_topic_buttons_fit_a_phone_and_lead_to_real_topics():
    for name in ("utter_online_safety_topics", "utter_online_safety_more_which"):
        for variant in _variants(name).values():
            payloads = [b["payload"] for b in variant["buttons"]]
            assert len(payloads) <= 8
            for payload in payloads:
                topic = re.search(r'"online_safety_topic":"([a-z0-9_]+)"', payload).group(1)
                assert topic in TOPICS, payload


def test_the_offer_is_complaint_more_and_counsellor():
    for variant in _variants("utter_online_safety_followup").values():
        assert [b["payload"] for b in variant["buttons"]] == [
            "/report_harassment", "/online_safety_more", "/request_human"]
        assert "1090" in variant["text"]


def test_test_stories_reach_every_topic_in_every_script():
    stories = yaml.safe_load((ROOT / "tests" / "stories" / "test_online_safety.yml").read_text(encoding="utf-8"))
    reached = {(step["intent"].split("/")[1], detect_language(step["user"]))
               for story in stories["stories"] for step in story["steps"]
               if step.get("intent", "").startswith("online_safety/")}
    assert {(t, lang) for t in TOPICS for lang in LANGUAGES} <= reached
