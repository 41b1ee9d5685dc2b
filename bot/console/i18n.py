"""The console's own words in Hindi and English, from one place: every *.yml under texts/ holds
`key: {en: ..., hi: ...}` (merged; a key may be defined once only). Templates call `t("key", n=3)`;
`{name}` in a text is filled from the keyword arguments.

Which language a request gets (language_of): the logged-in staff member's stored choice; before she
has one (and on the login page), a ?lang= choice, then the language cookie, then the browser's
Accept-Language; English when nothing says otherwise.

Messages the services raise in English (PanelError, AuthError, password rules) are translated by
matching them against the catalogue's `msg.*` texts (translate_message), so those modules stay
free of presentation.
"""
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml
from aiohttp import web

TEXTS = Path(__file__).parent / "texts"
LANGUAGES = ("hi", "en")
DEFAULT = "en"
COOKIE = "hs_lang"
NAMES = {"hi": "हिन्दी", "en": "English"}  # each in its own language, for the switch


class CatalogueError(ValueError):
    pass


@lru_cache(maxsize=1)
def catalogue() -> Dict[str, Dict[str, str]]:
    """Every key of every texts/*.yml (another file may be added beside console.yml: all are read)."""
    merged: Dict[str, Dict[str, str]] = {}
    for path in sorted(TEXTS.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise CatalogueError(f"{path.name}: expected a mapping of keys to {{en, hi}}")
        for key, variants in data.items():
            if key in merged:
                raise CatalogueError(f"{path.name}: {key} is defined twice")
            if not isinstance(variants, dict):
                raise CatalogueError(f"{path.name}: {key} must map languages to texts")
            merged[str(key)] = {str(lang): str(value) for lang, value in variants.items()}
    return merged


def text(lang: str, key: str, **params) -> str:
    """The text of `key` in `lang` (English if that language lacks it; the key itself if unknown,
    which the catalogue tests catch before it reaches staff)."""
    variants = catalogue().get(key)
    if variants is None:
        return key
    template = variants.get(lang) or variants.get(DEFAULT) or key
    return template.format(**params) if params else template


def translator(lang: str):
    def t(key: str, **params) -> str:
        return text(lang, key, **params)
    return t


def pick(value: Optional[str]) -> Optional[str]:
    return value if value in LANGUAGES else None


def from_accept_language(header: str) -> Optional[str]:
    """The first of our languages the browser prefers ("hi-IN,hi;q=0.9,en;q=0.8" -> "hi")."""
    ranked: List[Tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and quality > 0:
            ranked.append((-quality, index, base))
    return min(ranked)[2] if ranked else None


def language_of(request: web.Request) -> str:
    if "lang" in request:
        return request["lang"]
    login = request.get("login")
    chosen = pick(getattr(login.user, "language", None)) if login else None
    chosen = (chosen or pick(request.query.get("lang")) or pick(request.cookies.get(COOKIE))
              or from_accept_language(request.headers.get("Accept-Language", "")) or DEFAULT)
    request["lang"] = chosen
    return chosen


def t_request(request: web.Request, key: str, **params) -> str:
    """A text in the language of this request (for messages made in the views)."""
    return text(language_of(request), key, **params)


@lru_cache(maxsize=1)
def _message_patterns() -> List[Tuple[Pattern, str]]:
    patterns = []
    for key, variants in catalogue().items():
        if key.startswith("msg.") and "en" in variants:
            source = re.escape(variants["en"])
            source = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", source)
            patterns.append((re.compile(source, re.S), key))
    return patterns


def translate_message(lang: str, message: str, depth: int = 0) -> str:
    """An English message from a service in `lang`: matched against the msg.* texts (their {parts}
    are translated in turn when they are catalogue texts too); unchanged when nothing matches."""
    if lang == DEFAULT or depth > 2:
        return message
    for pattern, key in _message_patterns():
        match = pattern.fullmatch(message)
        if match:
            parts = {name: translate_message(lang, value, depth + 1) for name, value in match.groupdict().items()}
            return text(lang, key, **parts)
    return message
