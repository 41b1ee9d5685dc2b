"""The dependency audit (bot/devtools/dependency_audit.py): it finds affected pins, passes only the findings
that docs/dependency-audit.md lists with a reason, and fails on a new one; the real run passes on both
lock files (the test command runs it too)."""
import os
import subprocess

import pytest

from bot.devtools.dependency_audit import audit, judge, known_findings, pins
from bot.devtools.serve import CONSOLE_PYTHON
from tests.conftest import ROOT

DATABASE = {"aiohttp": [{"id": "GHSA-aaaa", "v": "<3.10.11", "fixed_in": "3.10.11"},
                        {"id": "GHSA-bbbb", "v": ">=3.0,<3.8", "fixed_in": "3.8.0"},
                        {"id": "GHSA-bbbb", "v": ">=3.9,<3.9.4", "fixed_in": "3.9.4"}],
            "Jinja2": [{"id": "GHSA-cccc", "v": "<3.1.4", "fixed_in": "3.1.4"}]}
LOCK = "# header\naiohttp==3.9.2\n    # via rasa\njinja2==3.1.6\nSQLAlchemy==2.0.58\n"
DOC = """| Environment | Package | Version | Advisory | Fixed in | Why it stays |
| --- | --- | --- | --- | --- | --- |
| rasa | aiohttp | 3.9.2 | GHSA-aaaa | 3.10.11 | R1 |
| rasa | jinja2 | 3.1.2 | GHSA-cccc | 3.1.4 | fixed meanwhile |
"""


def _audit(env: str = "rasa") -> list:
    return audit(env, pins(LOCK), DATABASE)


def test_the_affected_pins_are_found_once_per_advisory():
    assert pins(LOCK) == {"aiohttp": "3.9.2", "jinja2": "3.1.6", "sqlalchemy": "2.0.58"}
    assert [(f.package, f.advisory, f.fixed_in) for f in _audit()] == [("aiohttp", "GHSA-aaaa", "3.10.11"),
                                                                      ("aiohttp", "GHSA-bbbb", "3.9.4")]


def test_listed_findings_pass_new_or_unexplained_ones_fail_and_gone_ones_are_only_reported():
    known = known_findings(DOC)
    verdict = judge(_audit(), known)
    assert [f.advisory for f in verdict.new] == ["GHSA-bbbb"] and verdict.failed
    assert verdict.gone == {("rasa", "jinja2", "3.1.2", "GHSA-cccc")}
    assert not judge(_audit()[:1], known).failed
    assert judge(_audit()[:1], known_findings(DOC.replace("| R1 |", "|  |"))).unexplained
    # the same advisory in the other environment is a new finding there
    assert judge(_audit("console")[:1], known).new


def test_every_row_of_the_document_is_read():
    rows = known_findings((ROOT / "docs" / "dependency-audit.md").read_text(encoding="utf-8"))
    assert len(rows) >= 50 and all(reason for reason in rows.values())
    assert ("rasa", "aiohttp", "3.9.5", "GHSA-6mq8-rvhq-8wgg") in rows
    assert not [key for key in rows if key[0] == "console"]  # the console's lock file has no known advisory


def _run(*args: str) -> subprocess.CompletedProcess:
    if not CONSOLE_PYTHON.exists():
        pytest.fail(f"{CONSOLE_PYTHON} is missing: scripts/setup.sh makes it")
    return subprocess.run([str(CONSOLE_PYTHON), "-m", "bot.devtools.dependency_audit", *args], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)


def test_both_lock_files_pass_the_audit_with_the_bundled_snapshot():
    result = _run()
    assert result.returncode == 0, result.stdout[-3000:]
    assert "constraints.txt, constraints-console.txt" in result.stdout and "snapshot of 2026-07-07" in result.stdout


def test_the_console_back_on_rasas_aiohttp_fails_the_audit(tmp_path):
    lock = tmp_path / "constraints-console.txt"
    lock.write_text((ROOT / "constraints-console.txt").read_text().replace("aiohttp==3.14.5", "aiohttp==3.9.5"))
    result = _run("--lock", f"console={lock}")
    assert result.returncode == 1
    assert "NEW findings" in result.stdout
    assert "| console | aiohttp | 3.9.5 | GHSA-6mq8-rvhq-8wgg | 3.13.3 | REASON |" in result.stdout
