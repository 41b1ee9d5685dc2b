"""docs/threat-model.md stays true: the six threats of issue 16 are there, each with mitigations, and
every test it (or docs/privacy.md) cites exists: the file, and the test function when one is named
(`file.py::test_name`, or `::test_name` for the file named before it on the same line)."""
import re

import pytest

from tests.conftest import ROOT

THREATS = ["abusive partner holding her phone", "harasser probing the bot", "curious or malicious staff member",
           "network attacker", "stolen database backup", "counsellor's lost laptop"]


def cited(document: str):
    for line in (ROOT / "docs" / document).read_text(encoding="utf-8").splitlines():
        current = None
        for file, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", line):
            if file:
                current = file
            if (file or name) and current:
                yield current, name or None


@pytest.mark.parametrize("document", ["threat-model.md", "privacy.md"])
def test_every_cited_test_exists(document):
    citations = list(cited(document))
    assert len(citations) > 10
    for file, name in citations:
        path = ROOT / file
        assert path.is_file(), f"{document} cites {file}, which does not exist"
        if name:
            assert re.search(rf"def {name}\(", path.read_text(encoding="utf-8")), f"{document}: {file}::{name}"


def test_each_threat_has_a_section_with_mitigations_and_tests():
    text = (ROOT / "docs" / "threat-model.md").read_text(encoding="utf-8")
    sections = re.split(r"\n## ", text)[1:]
    assert len(sections) == len(THREATS)
    for threat, section in zip(THREATS, sections, strict=True):
        assert threat in section.splitlines()[0].lower()
        assert "| mitigation | test |" in section and "Residual:" in section
