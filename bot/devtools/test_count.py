"""How many tests there are, told apart by what they check (the numbers in the README).

A test count says little when a third of it reads YAML: "every response has three variants" is
checked once per response. This splits pytest's collected tests into
- content checks: tests that read project files (domain.yml, data/*.yml, the README, requirements,
  the widget's files) and check what they say, without running our code on a message;
- behaviour tests: tests that run our code (the danger detector, actions, stores, channels, the
  servers end to end), with the end-to-end ones (real Rasa and action servers) counted apart;
and counts the Rasa test stories (tests/stories/*.yml, run by `rasa test core`) on their own.

`python -m bot.devtools.test_count` (collects only: runs no test; about half a minute).
"""
import subprocess
import sys
from collections import Counter
from typing import Dict, Iterable

import yaml

from bot.settings import PROJECT_ROOT

CONTENT_MODULES = {
    "tests/unit/test_domain.py", "tests/unit/test_training_data.py", "tests/unit/test_online_safety_content.py",
    "tests/unit/test_readme_layout.py", "tests/unit/test_requirements.py",
    "tests/unit/test_settings_in_one_place.py", "tests/unit/test_translated.py", "tests/unit/test_widget_files.py",
}
SERVER_FOLDERS = ("tests/e2e/", "tests/browser/", "tests/console/")


def classify(node_ids: Iterable[str]) -> Dict[str, int]:
    counts: Counter = Counter()
    for node_id in node_ids:
        module = node_id.split("::")[0]
        if module in CONTENT_MODULES:
            counts["content checks"] += 1
        elif module.startswith(SERVER_FOLDERS):
            counts["behaviour, end to end"] += 1
        else:
            counts["behaviour, unit and integration"] += 1
    return dict(counts)


def stories() -> int:
    return sum(len(yaml.safe_load(path.read_text(encoding="utf-8")).get("stories") or [])
               for path in sorted((PROJECT_ROOT / "tests" / "stories").glob("*.yml")))


def main() -> int:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True)
    node_ids = [line for line in done.stdout.splitlines() if "::" in line]
    if done.returncode != 0 or not node_ids:
        print(done.stdout[-2000:] + done.stderr[-2000:])
        return 1
    counts = classify(node_ids)
    for name in ("content checks", "behaviour, unit and integration", "behaviour, end to end"):
        print(f"{name}: {counts.get(name, 0)}")
    print(f"pytest total: {len(node_ids)}")
    print(f"Rasa test stories (YAML, rasa test core): {stories()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
