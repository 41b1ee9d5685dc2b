#!/usr/bin/env bash
# The README's test command (and .ci/run): set up, then validate the data, run the pytest suite
# (unit, end-to-end against real servers, PostgreSQL and Redis) and Rasa's test stories.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh
bash scripts/services.sh
bash scripts/browser-deps.sh
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
mkdir -p test-artifacts

printf '\n==> rasa data validate\n'
.venv/bin/rasa data validate --domain domain.yml --data data --config config.yml

printf '\n==> Rasa test stories (tests/stories)\n'
rm -rf test-artifacts/rasa-test-stories
.venv/bin/rasa test core --model models/hamari-suraksha.tar.gz --stories tests/stories \
  --endpoints endpoints.yml --out test-artifacts/rasa-test-stories
.venv/bin/python -m bot.devtools.check_story_results test-artifacts/rasa-test-stories

printf '\n==> pytest\n'
.venv/bin/python -m pytest -ra --durations=15

echo "test command finished in $(( $(date +%s) - started )) s"
