"""The staff console runs apart from Rasa: its import graph reaches no Rasa, and the running console,
started with the command the run command and the shared test servers use, is Python 3.12 from
.venv-console with an aiohttp that has the fixes of docs/dependency-audit.md, on SQLAlchemy 2.0.
"""
import json
import os
import re
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest
import requests

from bot import settings
from bot.devtools.serve import CONSOLE_PYTHON, server_commands
from bot.devtools.servers import free_port
from tests.conftest import ROOT
from tests.unit.test_requirements import imported_modules, requirement_names, unlisted

# Rasa and what only Rasa's side needs: none of it may be imported by the console.
RASA_SIDE = {"rasa", "rasa_sdk", "tensorflow", "sanic", "spacy", "socketio", "bot.rasa_server",
             "bot.channels.telegram", "bot.channels.whatsapp", "bot.nlu", "bot.policies", "actions"}
# The oldest aiohttp without the advisories that 3.9.5 (Rasa's pin) carries: docs/dependency-audit.md.
FIXED_AIOHTTP = (3, 14, 1)
PASSWORD = "runtime check password"

# Imports every module of bot/console (and the entry point) and prints what got imported.
IMPORT_ALL = """
import importlib, pkgutil, sys
import bot.console
for module in pkgutil.walk_packages(bot.console.__path__, "bot.console."):
    importlib.import_module(module.name)
print("\\n".join(sorted(sys.modules)))
"""


@lru_cache(maxsize=2)
def _imported_by_the_console(python: str) -> frozenset:
    result = subprocess.run([python, "-c", IMPORT_ALL], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    return frozenset(result.stdout.split())


def _rasa_side(modules: set) -> set:
    return {m for m in modules if any(m == name or m.startswith(name + ".") for name in RASA_SIDE)}


def test_the_console_imports_nothing_of_rasa_even_where_rasa_is_installed():
    """In Rasa's environment (.venv, where every Rasa module would import) nothing of Rasa's side is loaded."""
    modules = _imported_by_the_console(sys.executable)
    assert "bot.console.__main__" in modules and "bot.console.relay" in modules
    assert _rasa_side(modules) == set()


def test_every_console_module_imports_in_the_console_environment():
    """.venv-console has no Rasa at all: an import of it anywhere in the graph fails here."""
    modules = _imported_by_the_console(str(CONSOLE_PYTHON))
    assert "bot.console.__main__" in modules and "aiohttp" in modules
    assert _rasa_side(modules) == set()


def test_requirements_console_in_names_every_package_the_console_imports():
    """Every third-party import in the source of the console's modules (lazy ones too, such as the
    normaliser's indicnlp) is listed in requirements-console.in, so .venv-console has it."""
    sources = []
    for module in _imported_by_the_console(str(CONSOLE_PYTHON)):
        if module == "bot" or module.startswith("bot."):
            path = ROOT.joinpath(*module.split("."))
            sources.append(path / "__init__.py" if path.is_dir() else path.with_suffix(".py"))
    imports: dict = {}
    for source in sources:
        for name in imported_modules(source.read_text(encoding="utf-8")) - set(sys.stdlib_module_names) - {"bot"}:
            imports.setdefault(name, set()).add(str(source.relative_to(ROOT)))
    assert {"aiohttp", "jinja2", "sqlalchemy", "indicnlp"} <= set(imports)
    providers = subprocess.run(
        [str(CONSOLE_PYTHON), "-c", "import importlib.metadata, json; "
         "print(json.dumps(importlib.metadata.packages_distributions()))"],
        capture_output=True, text=True, check=True).stdout
    problems = unlisted(imports, requirement_names((ROOT / "requirements-console.in").read_text()),
                        {module: set(dists) for module, dists in json.loads(providers).items()})
    assert not problems, "\n".join(f"{module}: {why}" for module, why in problems.items())


@pytest.fixture(scope="module")
def running_console(tmp_path_factory):
    """The console started as the run command starts it, on an empty database (it migrates it itself)."""
    tmp = tmp_path_factory.mktemp("console-runtime")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'hamari.db'}", "HS_VAR_DIR": str(settings.VAR_DIR),
           "CONSOLE_PORT": str(port), "CONSOLE_HOST": "127.0.0.1", "EVIDENCE_DIR": str(tmp / "evidence"),
           "RASA_API_URL": f"http://127.0.0.1:{free_port()}", "RASA_API_TOKEN": "not-used-here",
           "PYTHONPATH": str(ROOT), "CONSOLE_SUPERVISOR_PASSWORD": PASSWORD}
    log_path = tmp / "console.log"
    with open(log_path, "wb") as log:
        console = subprocess.Popen(server_commands(free_port(), free_port())["console"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if console.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.3)
        yield {"url": url, "pid": console.pid, "env": env}
    finally:
        console.terminate()
        console.wait(timeout=20)


def _mapped_files(pid: int) -> set:
    return {line.split(maxsplit=5)[5] for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
            if len(line.split(maxsplit=5)) == 6}


def _version(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_the_running_console_is_python_312_with_a_fixed_aiohttp(running_console):
    pid = running_console["pid"]
    assert re.search(r"python3\.12$", os.path.realpath(f"/proc/{pid}/exe")), os.path.realpath(f"/proc/{pid}/exe")
    # aiohttp's compiled parts, as the running process loaded them: built for CPython 3.12, from .venv-console
    loaded = [path for path in _mapped_files(pid) if "/aiohttp/" in path and path.endswith(".so")]
    assert loaded, "the console has not loaded aiohttp"
    site_packages = {Path(path.split("/aiohttp/")[0]) for path in loaded}
    assert all("cpython-312" in path for path in loaded), loaded
    assert site_packages == {(CONSOLE_PYTHON.parent.parent / "lib" / "python3.12" / "site-packages").resolve()}
    dist_info = list(next(iter(site_packages)).glob("aiohttp-*.dist-info"))
    assert len(dist_info) == 1
    assert _version(dist_info[0].name.split("-")[1]) >= FIXED_AIOHTTP, dist_info[0].name


def test_the_console_works_on_sqlalchemy_2(running_console):
    """The console migrated an empty database at start and serves its pages from it on SQLAlchemy 2.0
    (Rasa's side runs the same 2.0-style code on 1.4: the rest of tests/console)."""
    version = subprocess.run([str(CONSOLE_PYTHON), "-c", "import sqlalchemy; print(sqlalchemy.__version__)"],
                             capture_output=True, text=True, check=True).stdout
    assert version.startswith("2.0."), version
    created = subprocess.run([str(CONSOLE_PYTHON), "-m", "bot.console.create_supervisor", "sita"], cwd=ROOT,
                             env=running_console["env"], capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr[-2000:]
    session = requests.Session()
    login = session.get(running_console["url"] + "/login", timeout=10)
    csrf = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = session.post(running_console["url"] + "/login", timeout=30, allow_redirects=False,
                            data={"username": "sita", "password": PASSWORD, "csrf": csrf})
    assert response.status_code == 302, response.text[-2000:]
    for page in ("/dashboard", "/queue", "/callbacks", "/complaints", "/bookings", "/panel", "/staff", "/audit",
                 "/delivery-failures"):
        assert session.get(running_console["url"] + page, timeout=30).status_code == 200, page
