"""The README's layout table matches the tree: every path it names exists, and every folder of bot/ and
every top-level folder of the project is named in it."""
import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
TABLE = README[README.index("## Layout"):README.index("## Embed the widget")]
NAMED = {path.rstrip("/") for cell in re.findall(r"^\| (.+?) \|", TABLE, re.M)
         for path in re.findall(r"`([^`]+)`", cell)}
NOT_IN_GIT = {".git", ".venv", ".venv-console", "var", "models", "test-artifacts", "results", ".rasa", "__pycache__", ".ci",
              ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def test_every_named_path_exists():
    missing = sorted(p for p in NAMED if not (ROOT / p).exists())
    assert not missing, f"README layout names paths that do not exist: {missing}"


def test_every_bot_folder_is_named():
    folders = {f"bot/{p.name}" for p in (ROOT / "bot").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= NAMED, f"bot folders missing from the README layout: {sorted(folders - NAMED)}"


def test_every_top_level_folder_is_named():
    top = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in NOT_IN_GIT}
    named_tops = {p.split("/")[0] for p in NAMED}
    assert top <= named_tops, f"top-level folders missing from the README layout: {sorted(top - named_tops)}"
