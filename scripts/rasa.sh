#!/usr/bin/env bash
# Rasa's own commands on this project, with what they need set up:
#
#   ./scripts/rasa.sh shell                      talk to the assistant in the terminal
#   ./scripts/rasa.sh interactive                interactive learning (needs a terminal)
#   ./scripts/rasa.sh test core --stories tests/stories
#   ./scripts/rasa.sh test nlu --nlu bench/heldout/nlu_heldout.yml
#
# It runs the setup of the run command first (virtual environment, database, trained model), sets
# RASA_TELEMETRY_ENABLED=false and PYTHONPATH (config.yml, endpoints.yml and credentials.yml name our
# own modules), and passes the trained model and a copy of endpoints.yml whose action endpoint is the
# action server it starts. Only shell and interactive talk to the action server: for them it
# starts in the background on a free port (log: var/rasa-cli/actions.log) and stops when the command
# ends; their own Rasa server gets a free port too, so the run command can keep running beside them.
# Options given after the command go to rasa and win over these.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/rasa.sh shell|interactive|test [core|nlu] [rasa options]"
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
command=$1
shift
subcommand=()
if [ "$command" = test ] && [ $# -ge 1 ] && [[ "$1" =~ ^(core|nlu)$ ]]; then
  subcommand=("$1")
  shift
fi

bash scripts/setup.sh >&2  # quick when nothing changed; its messages go to stderr, the chat to stdout
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

dir=var/rasa-cli
mkdir -p "$dir"
action_port=$(free_port)
.venv/bin/python -c "
import sys
from pathlib import Path
from bot.devtools.serve import runtime_endpoints
runtime_endpoints(int(sys.argv[1]), Path(sys.argv[2]), tracker_db=Path('var/tracker.db'))
" "$action_port" "$dir"

options=(--model models/hamari-suraksha.tar.gz)
case "$command" in
  shell|interactive)
    options+=(--endpoints "$dir/endpoints.yml" --port "$(free_port)")
    .venv/bin/rasa run actions --actions actions --port "$action_port" > "$dir/actions.log" 2>&1 &
    actions=$!
    trap 'kill "$actions" 2>/dev/null; wait "$actions" 2>/dev/null || true' EXIT
    for _ in $(seq 240); do  # up to 2 minutes on a busy machine
      curl -sf "http://127.0.0.1:$action_port/health" > /dev/null && break
      kill -0 "$actions" 2>/dev/null || { cat "$dir/actions.log" >&2; echo "the action server did not start" >&2; exit 1; }
      sleep 0.5
    done
    curl -sf "http://127.0.0.1:$action_port/health" > /dev/null || { echo "the action server did not start" >&2; exit 1; }
    ;;
  test)
    [ "${subcommand[*]}" = nlu ] || options+=(--endpoints "$dir/endpoints.yml")
    ;;
  *)
    options=()  # any other rasa command: only the environment above
    ;;
esac

.venv/bin/rasa "$command" "${subcommand[@]}" "${options[@]}" "$@"
