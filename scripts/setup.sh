#!/usr/bin/env bash
# Shared setup for the README's run and test commands: virtual environment with the pinned
# dependencies, local folders and database, and a trained model (only when inputs changed).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false   # people in danger write here: nothing leaves the machine
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

step() { printf '\n==> %s\n' "$*"; }

find_python310() {
  local candidate
  for candidate in "${PYTHON:-}" python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 \
                   /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  step "creating the virtual environment (.venv, Python 3.10)"
  python310=$(find_python310) || { echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10). Set PYTHON=/path/to/python3.10."; exit 1; }
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
