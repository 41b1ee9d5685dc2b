#!/usr/bin/env bash
# Regenerates constraints.txt (the exact version of every package, direct or not) from requirements.in,
# with the command written in constraints.txt's header.
# When: after any change to requirements.in (a new package, a changed bound), or on purpose to take
# newer versions within the bounds. Commit both files together: scripts/setup.sh reinstalls when
# either changes. uv keeps the versions already in constraints.txt where they still fit, so an
# unrelated change does not move everything. Needs PyPI; resolves for Python 3.10.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/uv ]; then
  echo "uv not found in .venv: run scripts/setup.sh first (it installs uv there)" >&2
  exit 1
fi
.venv/bin/uv pip compile requirements.in -o constraints.txt --python .venv/bin/python --python-version 3.10
