import json
import re
import uuid

import pytest

from tests.conftest import ROOT
from tests.domain_files import full_domain
from tests.e2e.servers import Servers

ARTIFACTS = ROOT / "test-artifacts"
# With the responses Rasa merges in from data files (the online-safety advice), to recognise them.
DOMAIN = full_domain()


def record_metric(name: str, value) -> None:
    """Numbers for the issue notes (start time, latency), kept as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics[name] = value
    path.write_text(json.dumps(metrics, indent=2))


def _variants():
    known, templates = {}, []
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            if not variant.get("condition"):
                continue  # the fallback repeats the hi-Latn text, which is already known
            language = next(c["value"] for c in variant["condition"] if c["name"] == "language")
            text = variant["text"].strip()
            if re.search(r"{\w+}", text):
                pattern = re.escape(text)
                pattern = re.sub(r"\\{(\w+)\\}", lambda m: f"(?P<{m.group(1)}>.+?)", pattern)
                templates.append((re.compile(pattern + "$", re.S), (name, language)))
            else:
                known[text] = (name, language)
    return known, templates


KNOWN_TEXTS, TEMPLATES = _variants()


def identify(message: dict):
    """(response name, language) of a bot message, by its text in domain.yml (placeholders too)."""
    text = (message.get("text") or "").strip()
    if text in KNOWN_TEXTS:
        return KNOWN_TEXTS[text]
    for pattern, found in TEMPLATES:
        if pattern.match(text):
            return found
    return ("<unknown>", text)


def placeholders(message: dict) -> dict:
    """The values a templated response was filled with, e.g. the reference code and PIN."""
    text = (message.get("text") or "").strip()
    for pattern, _ in TEMPLATES:
        match = pattern.match(text)
        if match:
            return match.groupdict()
    return {}


class Chat:
    """One conversation over the REST webhook, as a fresh (pseudonymous) sender."""

    def __init__(self, servers: Servers):
        self.servers = servers
        self.sender = "e2e-" + uuid.uuid4().hex[:12]

    def say(self, text: str):
        return self.servers.say(self.sender, text)

    def replies(self, text: str):
        return [identify(m) for m in self.say(text)]


@pytest.fixture
def chat(servers):
    return Chat(servers)


DEVANAGARI = re.compile("[\u0900-\u097f]")
