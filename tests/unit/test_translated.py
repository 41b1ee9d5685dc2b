"""One shape for texts in her three languages (bot/lang/translated.py), and every table uses it."""
import ast
import importlib
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from bot.lang.translated import LANGUAGES, Translated, label

ROOT = Path(__file__).resolve().parents[2]
# Modules whose texts our Python code says itself (the rest live in domain.yml).
TEXT_MODULES = ("bot.complaints.labels", "bot.counselling.wording", "bot.channels.telegram_texts",
                "bot.channels.whatsapp_replies", "bot.lang.dates", "bot.jobs.wording")
DEVANAGARI = re.compile("[\u0900-\u097F]")
SAMPLE = Translated(hi="नमस्ते", hi_latn="Namaste", en="Hello")


@pytest.mark.parametrize("language, expected", [
    ("hi", "नमस्ते"), ("hi-Latn", "Namaste"), ("en", "Hello"),
    (None, "Namaste"), ("", "Namaste"), ("fr", "Namaste"), ("EN", "Namaste"),
])
def test_pick_by_language_code_with_romanized_hindi_as_default(language, expected):
    assert SAMPLE.pick(language) == expected


def test_variants_are_named_never_positional_and_fixed():
    with pytest.raises(TypeError):
        Translated("नमस्ते", "Namaste", "Hello")
    with pytest.raises(FrozenInstanceError):
        SAMPLE.en = "Hi"
    assert SAMPLE.by_language() == {"hi": "नमस्ते", "hi-Latn": "Namaste", "en": "Hello"}
    assert tuple(SAMPLE.by_language()) == LANGUAGES


def test_label_reads_a_table_a_single_text_and_shows_an_unknown_key_as_it_is():
    table = {"stalking": SAMPLE}
    assert label(table, "stalking", "en") == "Hello"
    assert label(SAMPLE, None, "hi") == "नमस्ते"
    assert label(table, "unknown", "hi") == "unknown"
    assert label(table, None, "hi") == "None"


def test_the_complaints_labels_module_still_offers_label():
    from bot.complaints import labels
    assert labels.label(labels.STATUS_LABELS, "closed", "hi") == "बंद"


def _texts(value, where):
    if isinstance(value, Translated):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}[{key!r}]")
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index}]")


def _module_texts(name):
    module = importlib.import_module(name)
    return [found for attribute, value in vars(module).items() if not attribute.startswith("__")
            for found in _texts(value, f"{name}.{attribute}")]


@pytest.mark.parametrize("name", TEXT_MODULES)
def test_every_table_has_all_three_variants(name):
    texts = _module_texts(name)
    assert texts, f"{name} has no Translated texts any more: drop it from TEXT_MODULES"
    for where, text in texts:
        assert all(isinstance(v, str) and v.strip() for v in text.by_language().values()), where
        # Swapped variants: romanized Hindi and English are never in Devanagari.
        assert not DEVANAGARI.search(text.hi_latn) and not DEVANAGARI.search(text.en), where


def _old_shapes(source: str) -> list:
    """Dicts keyed by language code, and 3-tuples of strings that read like (hi, hi-Latn, en)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {k.value if isinstance(k, ast.Constant) else getattr(k, "id", None) for k in node.keys}
            if {"hi-Latn", "en"} <= keys or {"HINGLISH", "ENGLISH"} <= keys:
                found.append(node.lineno)
        elif isinstance(node, ast.Tuple) and len(node.elts) == 3:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(values) == 3 and DEVANAGARI.search(values[0]) and not DEVANAGARI.search(values[1] + values[2]):
                found.append(node.lineno)
    return found


def test_the_old_shapes_can_be_found():
    assert _old_shapes('X = {"hi": "क", "hi-Latn": "k", "en": "k"}')
    assert _old_shapes('X = {HINDI: "क", HINGLISH: "k", ENGLISH: "k"}')
    assert _old_shapes('X = {"a": ("क", "k", "k")}')
    assert not _old_shapes('X = Translated(hi="क", hi_latn="k", en="k")')


# Not replies of the bot: the class itself, and the demo data's fictional accounts as she would write them
# in each script (bot/devtools/demo_content.py), which become complaint narratives, never messages to her.
NOT_REPLIES = {"bot/lang/translated.py", "bot/devtools/demo_content.py"}


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix() for folder in ("bot", "actions")
                                        for p in (ROOT / folder).rglob("*.py")
                                        if p.relative_to(ROOT).as_posix() not in NOT_REPLIES))
def test_no_module_keeps_texts_in_the_old_shapes(path):
    assert not _old_shapes((ROOT / path).read_text(encoding="utf-8")), f"{path}: use bot.lang.translated.Translated"
