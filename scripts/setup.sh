#!/usr/bin/env bash
# Shared setup for the README's run and test commands: two virtual environments with their pinned
# dependencies (.venv: Rasa, the action server and the channels on Python 3.10; .venv-console: the
# staff console on Python 3.12), local folders and database, and a trained model (only when inputs
# changed).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false   # people in danger write here: nothing leaves the machine
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

step() { printf '\n==> %s\n' "$*"; }

# find_python MINOR [GIVEN]: a Python 3.MINOR, given (a variable), on PATH, under pyenv or in /usr.
find_python() {
  local minor=$1 given=${2:-} candidate
  for candidate in "$given" "python3.$minor" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3."$minor".*/bin/python3."$minor" \
                   "/usr/local/bin/python3.$minor" "/usr/bin/python3.$minor"; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c "import sys; assert sys.version_info[:2] == (3, $minor)" >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  step "creating the virtual environment (.venv, Python 3.10)"
  python310=$(find_python 10 "${PYTHON:-}") || { echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10). Set PYTHON=/path/to/python3.10."; exit 1; }
  "$python310" -m venv .venv
fi

stamp=$(cat requirements.in constraints.txt | sha256sum | cut -c1-16)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
  step "installing pinned dependencies (first time: a few minutes, about 2.7 GB)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"
  .venv/bin/uv pip install --python .venv/bin/python -r requirements.in -c constraints.txt
  .venv/bin/python -m pip check
  echo "$stamp" > .venv/.installed
fi

# The staff console imports no Rasa: its own environment, on a maintained Python with current
# aiohttp (README, "Two environments"). The lock file is installed as it is (sync: nothing resolved).
if [ ! -x .venv-console/bin/python ]; then
  step "creating the staff console's virtual environment (.venv-console, Python 3.12)"
  python312=$(find_python 12 "${PYTHON312:-}") || { echo "Python 3.12 is required for the staff console. Set PYTHON312=/path/to/python3.12."; exit 1; }
  "$python312" -m venv --without-pip .venv-console
fi
console_stamp=$(cat requirements-console.in constraints-console.txt | sha256sum | cut -c1-16)
if [ "$(cat .venv-console/.installed 2>/dev/null)" != "$console_stamp" ]; then
  step "installing the staff console's pinned dependencies (.venv-console)"
  .venv/bin/uv pip sync --python .venv-console/bin/python constraints-console.txt
  echo "$console_stamp" > .venv-console/.installed
fi

# Belt and braces: the environment variable above, and Rasa's own setting in its global config.
if ! grep -qs "enabled: false" "${XDG_CONFIG_HOME:-$HOME/.config}/rasa/global.yml"; then
  step "turning off Rasa telemetry"
  .venv/bin/rasa telemetry disable
fi

step "preparing local folders and the database"
mkdir -p var models
.venv/bin/python -m bot.store.init_db
.venv/bin/python -m bot.counselling.seed   # demo counselling panel, only into an empty panel

step "checking the model"
.venv/bin/python -m bot.devtools.train
