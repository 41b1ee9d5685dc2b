#!/usr/bin/env bash
# The README's run command: set up (first time only), train if needed, start everything: the action
# server, the Rasa server, the console, the job worker (every background job) and the demo page
# (bot/devtools/serve.py). One Ctrl-C stops them all.
# --demo-data: first fill the local database with fictional demo data (bot/devtools/demo_data.py);
# it refuses, and nothing starts, when the database holds data the demo did not make.
set -euo pipefail
cd "$(dirname "$0")/.."
demo_data=no
for arg in "$@"; do
  case "$arg" in
    --demo-data) demo_data=yes ;;
    *) echo "usage: $0 [--demo-data]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
if [ "$demo_data" = yes ]; then
  .venv/bin/python -m bot.devtools.demo_data
fi
exec .venv/bin/python -m bot.devtools.serve
