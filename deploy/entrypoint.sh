#!/bin/sh
# The image's entry point: its first argument names the process (deploy/Dockerfile).
set -eu

# Secrets Rasa or SQLAlchemy read from plain variables, given as files (Docker/Kubernetes secrets):
# VAR_FILE=/run/secrets/x sets VAR from that file. HS_DATA_KEY, HS_PSEUDONYM_KEY and RASA_API_TOKEN
# read their _FILE form themselves (bot/settings.py).
for name in DATABASE_URL TRACKER_DB_PASSWORD REDIS_PASSWORD TELEGRAM_BOT_TOKEN TELEGRAM_WEBHOOK_SECRET \
            WHATSAPP_ACCESS_TOKEN WHATSAPP_APP_SECRET WHATSAPP_VERIFY_TOKEN STAFF_TELEGRAM_BOT_TOKEN; do
  file=$(eval "printf '%s' \"\${${name}_FILE:-}\"")
  if [ -n "$file" ]; then
    value=$(cat "$file")
    export "$name=$value"
    unset "${name}_FILE"
  fi
done

process="${1:-rasa}"
[ "$#" -gt 0 ] && shift
case "$process" in
  rasa)
    # API key and CORS are set in code by bot.rasa_server, never on this command line.
    exec python -m bot.rasa_server --model "${HS_MODEL_DIR:-/app/models}/hamari-suraksha.tar.gz" \
      --endpoints deploy/endpoints.production.yml --credentials credentials.yml \
      --port "${RASA_PORT:-5005}" "$@" ;;
  actions)
    exec rasa run actions --actions actions --port "${ACTION_SERVER_PORT:-5055}" "$@" ;;
  worker)
    # Every background job: scheduled messages, outbox, reminders, retention, the handoff relay (bot/jobs).
    exec python -m bot.jobs "$@" ;;
  console)
    exec python -m bot.console "$@" ;;
  retention)
    # Deletes what is past its retention period (docs/privacy.md): one pass, or --loop (daily).
    exec python -m bot.privacy.retention "$@" ;;
  migrate)
    # Creates or upgrades the tables (Alembic); safe to repeat. Run once per release, before the rest.
    exec python -m bot.store.init_db "$@" ;;
  *)
    echo "usage: hs rasa|actions|worker|console|retention|migrate [options]" >&2
    exit 64 ;;
esac
