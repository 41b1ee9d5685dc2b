#!/usr/bin/env bash
# Regenerates the two lock files (the exact version of every package, direct or not), each with the
# command written in its header:
#   constraints.txt          from requirements.in          for .venv (Rasa's side, Python 3.10)
#   constraints-console.txt  from requirements-console.in  for .venv-console (the staff console, Python 3.12)
# When: after any change to a .in file (a new package, a changed bound), or on purpose to take
# newer versions within the bounds. Commit each .in with its lock file: scripts/setup.sh reinstalls when
# either changes. uv keeps the versions already in the lock file where they still fit, so an
# unrelated change does not move everything. Needs PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/uv ]; then
  echo "uv not found in .venv: run scripts/setup.sh first (it installs uv there)" >&2
  exit 1
fi
.venv/bin/uv pip compile requirements.in -o constraints.txt --python .venv/bin/python --python-version 3.10
# indic-nlp-library declares pandas, numpy, Sphinx and morfessor; the console uses only its
# normaliser, which imports none of them: they stay out of the console's environment.
.venv/bin/uv pip compile requirements-console.in -o constraints-console.txt --python-version 3.12 \
  --custom-compile-command scripts/lock.sh --excludes <(printf '%s\n' pandas numpy sphinx-argparse sphinx-rtd-theme morfessor)
