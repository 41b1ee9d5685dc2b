#!/usr/bin/env bash
# The README's test command (and .ci/run): set up, then validate the data, run the pytest suite
# (unit, end-to-end against real servers, PostgreSQL and Redis) and Rasa's test stories, and audit
# both lock files for known advisories.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh
bash scripts/services.sh
bash scripts/browser-deps.sh
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
mkdir -p test-artifacts

# `rasa data validate`, then `rasa test core` on tests/stories and the check of its results, in one
# Python process (Rasa is imported once): see bot/devtools/rasa_checks.py for the exact commands.
.venv/bin/python -m bot.devtools.rasa_checks

printf '\n==> ruff and mypy (bot/ and actions/; configuration in pyproject.toml)\n'
.venv/bin/ruff check bot actions
.venv/bin/mypy

# Offline (an advisory snapshot installed in .venv-console: docs/dependency-audit.md says why), so it
# cannot hang on a slow registry. A new finding fails the command, after pytest has run all the same.
printf '\n==> dependency audit of constraints.txt and constraints-console.txt\n'
audit_failed=0
.venv-console/bin/python -m bot.devtools.dependency_audit || audit_failed=1

printf '\n==> pytest\n'
.venv/bin/python -m pytest -ra --durations=15

if [ "$audit_failed" = 1 ]; then
  echo "the dependency audit found advisories not listed in docs/dependency-audit.md (see its output above)"
  exit 1
fi

echo "test command finished in $(( $(date +%s) - started )) s"
