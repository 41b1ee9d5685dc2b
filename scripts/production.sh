#!/usr/bin/env bash
# The production profile on this machine (bot/devtools/production.py): N Rasa replicas and M action
# servers behind nginx, the job worker, two consoles, PostgreSQL and Redis of its own, all on
# loopback. `./scripts/production.sh --rasa 2 --actions 2`; one Ctrl-C stops all. Needs the trained
# model and the console's environment (scripts/setup.sh), and nginx (apt-get install -y nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing: apt-get install -y nginx"; exit 1; }
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
exec .venv/bin/python -m bot.devtools.production "$@"
