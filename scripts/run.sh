#!/usr/bin/env bash
# The README's run command: set up (first time only), train if needed, start everything: the action
# server, the Rasa server, the console, the job worker (every background job) and the demo page
# (bot/devtools/serve.py). One Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
exec .venv/bin/python -m bot.devtools.serve
