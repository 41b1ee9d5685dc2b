"""Fails (exit 1) when `rasa test core` found a story it could not follow, and prints which, or
when no story ran at all.

Rasa's own --fail-on-prediction-errors stops at the first failure without a report; this runs after
the full evaluation so every failing story is listed.
"""
import json
import sys
from pathlib import Path

import yaml


def main(results_dir: str) -> int:
    results = Path(results_dir)
    failed = yaml.safe_load((results / "failed_test_stories.yml").read_text()) or {}
    stories = failed.get("stories") or []
    report = json.loads((results / "story_report.json").read_text())
    total = report.get("conversation_accuracy", {}).get("total", "?")
    for story in stories:
        print(f"FAILED story: {story['story']}")
    print(f"Rasa test stories: {total - len(stories) if isinstance(total, int) else '?'} passed, "
          f"{len(stories)} failed")
    if not isinstance(total, int) or total <= 0:
        # No story ran (an empty or misnamed stories folder, a report without a count): nothing
        # was checked, which must not read as success.
        print("Rasa test stories: no story ran")
        return 1
    return 1 if stories else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
