import json
import re
import uuid
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.e2e.servers import Servers, free_port, local_endpoints

ARTIFACTS = ROOT / "test-artifacts"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def record_metric(name: str, value) -> None:
    """Numbers for the issue notes (start time, latency), kept as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics[name] = value
    path.write_text(json.dumps(metrics, indent=2))


def _variants():
    known = {}
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            language = next(c["value"] for c in variant["condition"] if c["name"] == "language")
            known[variant["text"].strip()] = (name, language)
    return known


KNOWN_TEXTS = _variants()


def identify(message: dict):
    """(response name, language) of a bot message, by its exact text in domain.yml."""
    return KNOWN_TEXTS.get((message.get("text") or "").strip(), ("<unknown>", message.get("text")))


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
    instance = Servers(rasa_port, action_port, tmp, local_endpoints(tmp, action_port))
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
