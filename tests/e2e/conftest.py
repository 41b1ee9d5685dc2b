import json
import re
import uuid
from pathlib import Path

import pytest

from bot.store.init_db import init_db
from tests.conftest import ROOT
from tests.domain_files import full_domain
from tests.e2e.servers import Servers, free_port, local_endpoints

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


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("servers")
    rasa_port, action_port = free_port(), free_port()
    database_url = f"sqlite:///{tmp / 'hamari.db'}"
    init_db(database_url)
    instance = Servers(rasa_port, action_port, tmp, local_endpoints(tmp, action_port),
                       extra_env={"DATABASE_URL": database_url, "HS_VAR_DIR": str(ROOT / "var"),
                                  # the handoff asks for summary consent at any hour of the test run
                                  "COUNSELLOR_HOURS": "00:00-24:00"})
    instance.database_url = database_url
    instance.start()
    record_metric("rasa_and_action_server_start_seconds", round(instance.started_seconds, 1))
    yield instance
    instance.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("rasa", "actions"):
        (ARTIFACTS / f"e2e-{name}.log").write_text(instance.log(name))


@pytest.fixture
def chat(servers):
    return Chat(servers)


DEVANAGARI = re.compile("[\u0900-\u097f]")
