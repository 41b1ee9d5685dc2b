"""The story check fails when a story failed, and when no story ran at all."""
import json

import pytest

from bot.devtools import check_story_results


def _results(tmp_path, total, failed=()):
    (tmp_path / "failed_test_stories.yml").write_text(
        "stories:\n" + "".join(f"- story: {name}\n  steps: []\n" for name in failed) if failed else "")
    report = {"conversation_accuracy": {"total": total}} if total is not None else {}
    (tmp_path / "story_report.json").write_text(json.dumps(report))
    return str(tmp_path)


def test_all_stories_passed(tmp_path):
    assert check_story_results.main(_results(tmp_path, 12)) == 0


def test_a_failed_story_fails(tmp_path, capsys):
    assert check_story_results.main(_results(tmp_path, 12, ["greet in Hindi"])) == 1
    assert "FAILED story: greet in Hindi" in capsys.readouterr().out


@pytest.mark.parametrize("total", [0, None, "?"])
def test_no_story_ran_fails(tmp_path, total, capsys):
    assert check_story_results.main(_results(tmp_path, total)) == 1
    assert "no story ran" in capsys.readouterr().out
