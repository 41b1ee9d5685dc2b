"""The console's catalogue (bot/console/texts/*.yml): every key in Hindi and English, the same {parts}
in both, Hindi in Devanagari, every key the templates, views and console.js use defined; the loader
reads every *.yml of the folder; languages from the browser; dates as staff write them."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from bot.console import i18n
from bot.console.dates import format_moment
from tests.console.untranslated import english_runs

CONSOLE = Path(i18n.__file__).parent
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# Keys whose Hindi is rightly written in Latin letters or digits only (a platform's own name).
LATIN_HINDI = {"channel.whatsapp"}


def test_every_key_has_hindi_and_english_and_nothing_else():
    catalogue = i18n.catalogue()
    assert len(catalogue) > 300
    for key, variants in catalogue.items():
        assert set(variants) == {"hi", "en"}, key
        assert variants["hi"].strip() and variants["en"].strip(), key


def test_hindi_is_devanagari_and_not_a_copy_of_the_english():
    for key, variants in i18n.catalogue().items():
        if key in LATIN_HINDI:
            continue
        assert DEVANAGARI.search(variants["hi"]), f"{key}: no Devanagari in {variants['hi']!r}"
        without_parts = re.sub(r"\{\w+\}", "", variants["hi"])
        assert not english_runs(f"<p>{without_parts}</p>"), f"{key}: English left in {variants['hi']!r}"


def test_both_languages_have_the_same_parts_to_fill_in():
    for key, variants in i18n.catalogue().items():
        parts = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in variants.items()}
        assert parts["hi"] == parts["en"], key


def _used_keys():
    """Literal keys in t("..."), t_request(request, "...") and console.js's t("...")."""
    used = {}
    sources = list((CONSOLE / "templates").glob("*.html")) + list(CONSOLE.rglob("*.py")) + [CONSOLE / "static/console.js"]
    for path in sources:
        for key in re.findall(r"""\bt(?:_request)?\((?:request, )?["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']""", path.read_text()):
            used.setdefault(key, path.name)
    return used


def test_every_key_used_in_the_console_is_in_the_catalogue():
    used = _used_keys()
    assert len(used) > 200
    missing = {key: name for key, name in used.items() if key not in i18n.catalogue()}
    assert not missing


def test_the_views_keep_their_keys_in_the_catalogue():
    from bot.console.views import auth
    for key in (auth.WRONG, auth.WAIT):
        assert key in i18n.catalogue()


def test_the_loader_reads_every_yml_in_the_folder_and_refuses_a_key_twice(tmp_path, monkeypatch):
    (tmp_path / "console.yml").write_text('a.one: {en: "One", hi: "एक"}\n', encoding="utf-8")
    (tmp_path / "map.yml").write_text('map.title: {en: "Map", hi: "नक्शा"}\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "TEXTS", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.text("hi", "map.title") == "नक्शा" and i18n.text("en", "a.one") == "One"
        (tmp_path / "other.yml").write_text('a.one: {en: "Again", hi: "फिर"}\n', encoding="utf-8")
        i18n.catalogue.cache_clear()
        with pytest.raises(i18n.CatalogueError):
            i18n.catalogue()
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
    assert "nav.queue" in i18n.catalogue()


def test_parts_are_filled_in():
    assert i18n.text("hi", "case.title", id=7) == "केस #7"
    assert i18n.text("en", "complaints.overdue_means", hours=48) == "no action taken 48 hours after filing."


@pytest.mark.parametrize("header, expected", [
    ("hi-IN,hi;q=0.9,en;q=0.8", "hi"), ("en-GB,en;q=0.9,hi;q=0.8", "en"), ("en;q=0.2,hi;q=0.9", "hi"),
    ("fr-FR,fr;q=0.9", None), ("", None), ("hi;q=0", None), ("hi;q=abc,en", "en"),
])
def test_the_browser_language(header, expected):
    assert i18n.from_accept_language(header) == expected


def test_service_messages_are_translated_with_their_parts():
    assert i18n.translate_message("hi", "The start must be a time like 09:30 (24-hour clock).") == \
        "शुरू का समय 09:30 जैसा होना चाहिए (24 घंटे की घड़ी)।"
    assert i18n.translate_message("hi", "new password: at least 12 characters") == "नया पासवर्ड: कम से कम 12 अक्षर"
    assert i18n.translate_message("en", "username taken") == "username taken"
    assert i18n.translate_message("hi", "something new") == "something new"


def test_every_password_and_panel_message_has_its_hindi():
    """The messages the password rules and the panel raise, as staff meet them."""
    from bot.console.passwords import password_problem
    from bot.counselling import panel_admin
    problems = [password_problem(p, "meera") for p in ("short", "aaaaaaaaaaaaaaaa", "meera-garden-lamp", "password123456")]
    messages = [f"password: {p}" for p in problems if p]
    for bad in (lambda: panel_admin.parse_time("25:00", "start"), lambda: panel_admin.parse_weekday("9"),
                lambda: panel_admin.parse_day("soon"), lambda: panel_admin.parse_languages(["fr"]),
                lambda: panel_admin.clean_name("", "first name"), lambda: panel_admin.clean_name("x" * 80, "first name"),
                lambda: panel_admin.clean_name("<b>", "Devanagari name")):
        with pytest.raises(panel_admin.PanelError) as error:
            bad()
        messages.append(str(error.value))
    assert len(messages) == 11
    for message in messages:
        hindi = i18n.translate_message("hi", message)
        assert hindi != message and not english_runs(f"<p>{hindi}</p>"), (message, hindi)


def test_dates_as_staff_write_them_in_india_time():
    moment = datetime(2026, 12, 5, 8, 35, tzinfo=timezone.utc)   # 14:05 in India
    assert format_moment(moment, "en") == "5 Dec 2026, 14:05"
    assert format_moment(moment, "hi") == "5 दिसंबर 2026, 14:05"
    assert format_moment(moment, "hi", "day") == "शनिवार, 5 दिसंबर 2026"
    assert format_moment(date(2026, 12, 7), "en", "short_day") == "Mon 7 Dec"
    assert format_moment(moment, "en", "long_datetime") == "5 December 2026, 14:05"
    assert format_moment(None, "hi") == ""


def test_the_language_check_finds_english_and_leaves_data_alone():
    page = ('<main><h1>शिकायतें</h1><p>No complaints match.</p><p translate="no">Gautam Buddh Nagar</p>'
            '<button aria-label="Remove this leave day">हटाएँ</button><code>HS-ABCD-EFGH</code>'
            '<p>1090 PIN WhatsApp</p><script>var x = "not shown here";</script></main>')
    assert english_runs(page) == ["No complaints match", "Remove this leave day"]
