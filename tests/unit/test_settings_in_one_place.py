"""Every environment variable is read in bot/settings.py: a setting read anywhere else is one the
next engineer cannot find. Copying the whole environment into a child process's is not reading a
setting; the dev tools that do it are named below."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "bot/settings.py"
# Files that copy os.environ (dict(os.environ) or {**os.environ, ...}) for a child process.
CHILD_ENVIRONMENT_COPIES = {"bot/devtools/serve.py", "bot/devtools/train.py", "bot/devtools/mutants.py",
                            "bot/devtools/production.py"}


def _parents(tree: ast.AST) -> dict:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_environment(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
            and node.attr in ("environ", "environb", "getenv", "getenvb"))


def _is_whole_copy(node: ast.AST, parent: ast.AST) -> bool:
    """dict(os.environ), or os.environ spread into a dict literal ({**os.environ, "X": "1"})."""
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "dict":
        return parent.args == [node] and not parent.keywords
    if isinstance(parent, ast.Dict):
        return any(key is None and value is node for key, value in zip(parent.keys, parent.values))
    return False


def environment_reads(source: str, copies_allowed: bool = False) -> list:
    """Line numbers where `source` reads the environment (copies count unless allowed)."""
    tree = ast.parse(source)
    parents = _parents(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            lines += [node.lineno for alias in node.names if alias.name in ("environ", "environb", "getenv", "getenvb")]
        elif _is_environment(node):
            if copies_allowed and node.attr == "environ" and _is_whole_copy(node, parents.get(node)):
                continue
            lines.append(node.lineno)
    return lines


def _modules():
    for folder in ("bot", "actions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name != SETTINGS:
                yield name


@pytest.mark.parametrize("name", list(_modules()))
def test_only_settings_reads_the_environment(name):
    source = (ROOT / name).read_text(encoding="utf-8")
    reads = environment_reads(source, copies_allowed=name in CHILD_ENVIRONMENT_COPIES)
    assert not reads, f"{name} reads the environment on line(s) {reads}: add a setting to {SETTINGS}"


@pytest.mark.parametrize("source", [
    'import os\nx = os.environ.get("X")',
    'import os\nx = os.environ["X"]',
    'import os\nx = os.getenv("X", "1")',
    'from os import environ',
    'from os import getenv as g',
    'import os\nx = "X" in os.environ',
    'import os\nenv = os.environ\nx = env.get("X")',
])
def test_the_check_sees_each_way_of_reading_the_environment(source):
    assert environment_reads(source)
    assert environment_reads(source, copies_allowed=True)


@pytest.mark.parametrize("source", ['import os\nenv = dict(os.environ)', 'import os\nenv = {**os.environ, "A": "1"}'])
def test_a_whole_copy_for_a_child_process_passes_only_where_allowed(source):
    assert environment_reads(source)
    assert not environment_reads(source, copies_allowed=True)


def test_the_named_exceptions_still_exist_and_still_copy():
    for name in CHILD_ENVIRONMENT_COPIES:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert environment_reads(source), f"{name} no longer copies the environment: drop it from the list"
