"""Every setting, read from the environment, with safe defaults for a laptop.

Secrets never have defaults in code: the local setup generates them under var/ (never committed).
"""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HS_VAR_DIR", PROJECT_ROOT / "var"))

# Our database (complaints, bookings, handoffs). SQLite file by default, PostgreSQL in production:
# DATABASE_URL=postgresql+psycopg2://user:password@host:5432/hamari
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hamari.db'}")

# A complaint's reference code or a booking code with its PIN: this many wrong PINs in a row lock
# the code for this long, even for the right PIN, so six digits cannot be guessed through the chat.
PIN_MAX_ATTEMPTS = int(os.environ.get("PIN_MAX_ATTEMPTS", "5"))
PIN_LOCKOUT_MINUTES = int(os.environ.get("PIN_LOCKOUT_MINUTES", "30"))

RASA_PORT = int(os.environ.get("RASA_PORT", "5005"))
ACTION_SERVER_PORT = int(os.environ.get("ACTION_SERVER_PORT", "5055"))
WEB_PORT = int(os.environ.get("WEB_PORT", "8080"))
MODEL_DIR = Path(os.environ.get("HS_MODEL_DIR", PROJECT_ROOT / "models"))
MODEL_NAME = "hamari-suraksha"

# Rasa's default log level is INFO; DEBUG would print message text, which we never log.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

# Deployment profile: "local" (a laptop, the tests: missing keys are generated under var/secrets/) or
# "production" (every server refuses to start without its keys from the environment or a secrets
# file, and never generates one: each replica would otherwise encrypt under a key of its own).
# Anything else is refused, so that a typo ("prod") cannot quietly mean "local".
PROFILES = ("local", "production")
PROFILE = os.environ.get("HS_PROFILE", "local").strip().lower() or "local"
if PROFILE not in PROFILES:
    raise RuntimeError(f"HS_PROFILE={PROFILE!r}: must be one of {', '.join(PROFILES)}")


def production() -> bool:
    return PROFILE == "production"


# Rasa's REST channel takes any sender id from the request body: on for local work and tests, off in
# production. HS_REST_CHANNEL=on keeps it on under the production profile for the end-to-end tests of
# the production stores (tests/e2e/test_production_stores.py); never set it on a public deployment.
def rest_channel_on() -> bool:
    choice = os.environ.get("HS_REST_CHANNEL", "").strip().lower()
    if choice in ("on", "off"):
        return choice == "on"
    return not production()


# Server secrets (bot/store/keyring.py, bot/store/secrets.py): production sets them from a secret
# store, identically on every instance; on a laptop key files are generated under var/secrets/.
# Each may instead name a file that holds it (HS_DATA_KEY_FILE=/run/secrets/hs_data_key and so on:
# Docker and Kubernetes secrets). Read when used, not at import, so a process (or test) that sets
# one later is seen.
# A key setting is a keyring: entries "id:key" separated by commas or new lines, the first one used
# to encrypt (or to make new pseudonyms) and every one to decrypt (or to find old ones); a bare key
# gets an id from its fingerprint. `python -m bot.store.rotate_keys` moves everything to the first.
DATA_KEY_ENV = "HS_DATA_KEY"            # Fernet keys for encryption at rest
PSEUDONYM_KEY_ENV = "HS_PSEUDONYM_KEY"  # HMAC keys for pseudonyms of channel ids
FILE_SUFFIX = "_FILE"


class SecretFileError(RuntimeError):
    """A *_FILE setting names a file that cannot be read, or both forms of a secret are set."""


def secret(env_name: str) -> str:
    """The secret in `env_name`, or in the file that `env_name`_FILE names; "" when neither is set
    (the caller then uses its local key file, or refuses in production)."""
    value = os.environ.get(env_name, "")
    file_name = os.environ.get(env_name + FILE_SUFFIX, "")
    if value and file_name:
        raise SecretFileError(f"both {env_name} and {env_name}{FILE_SUFFIX} are set: set one of them")
    if not file_name:
        return value
    try:
        return Path(file_name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise SecretFileError(f"{env_name}{FILE_SUFFIX}={file_name}: cannot be read "
                              f"({error.strerror or type(error).__name__})") from None


def tracker_database_url() -> str:
    """Where Rasa's events table is (for `python -m bot.store.rotate_keys`): the PostgreSQL database
    of deploy/endpoints.production.yml when TRACKER_DB_HOST is set, else the local SQLite file that
    endpoints.yml names; HS_TRACKER_DATABASE_URL overrides both."""
    env = os.environ
    if env.get("HS_TRACKER_DATABASE_URL"):
        return env["HS_TRACKER_DATABASE_URL"]
    if env.get("TRACKER_DB_HOST"):
        from urllib.parse import quote
        user, password = quote(env.get("TRACKER_DB_USER", "")), quote(env.get("TRACKER_DB_PASSWORD", ""))
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        return (f"postgresql+psycopg2://{credentials}{env['TRACKER_DB_HOST']}:{env.get('TRACKER_DB_PORT', '5432')}"
                f"/{env.get('TRACKER_DB_NAME', 'rasa')}")
    return f"sqlite:///{VAR_DIR / 'tracker.db'}"


# The conversation tracker starts a new session past this many events (bot/store/tracker_store.py):
# the cost of a turn is bounded by it (about 25-35 turns).
TRACKER_WINDOW_EVENTS = int(os.environ.get("HS_TRACKER_WINDOW_EVENTS", "200"))


# WhatsApp Cloud API channel (bot/channels/whatsapp.py). Off until all four secrets are set;
# read when the channel starts (not at import), so a test can point it at a fake Graph API.
WHATSAPP_SECRETS = ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN",
                    "WHATSAPP_PHONE_NUMBER_ID")


def whatsapp_settings() -> dict:
    env = os.environ
    return {
        "access_token": env.get("WHATSAPP_ACCESS_TOKEN", ""),
        "app_secret": env.get("WHATSAPP_APP_SECRET", ""),
        "verify_token": env.get("WHATSAPP_VERIFY_TOKEN", ""),
        "phone_number_id": env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
        "api_base_url": env.get("WHATSAPP_API_BASE_URL", "https://graph.facebook.com").rstrip("/"),
        "api_version": env.get("WHATSAPP_API_VERSION", "v21.0"),
    }

# Telegram channel (bot/channels/telegram.py). Off until both the bot token (from @BotFather) and
# the webhook secret (1-256 of A-Z a-z 0-9 _ -, sent back by Telegram in a header) are set.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_WEBHOOK_SECRET = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
# Tests point this at a local fake of the Bot API.
TELEGRAM_API_BASE_URL = os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org").rstrip("/")
# Public HTTPS address of Rasa's Telegram webhook, for `python -m bot.channels.telegram_setup`.
TELEGRAM_WEBHOOK_URL = os.environ.get("TELEGRAM_WEBHOOK_URL", "")
# Typed alone at any time, a safe word clears the chat like /exit (comma-separated, any script;
# utter_help promises "exit", "बंद" and, in romanized Hindi, "band").
SAFE_WORDS = tuple(word.strip() for word in os.environ.get("SAFE_WORDS", "exit,बंद,band").split(",") if word.strip())
# Photos and documents she sends during a report: encrypted files here, at most this big.
EVIDENCE_DIR = Path(os.environ.get("EVIDENCE_DIR", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))

# Retention (bot/privacy/retention.py, run daily: `python -m bot.privacy.retention`), in days.
# A conversation in Rasa's tracker store with no event for this long is deleted whole.
RETAIN_CONVERSATION_DAYS = float(os.environ.get("RETAIN_CONVERSATION_DAYS", "30"))
# Her channel identity (chat id / number, encrypted, to reply) when she has not written for this long.
RETAIN_IDENTITY_DAYS = float(os.environ.get("RETAIN_IDENTITY_DAYS", "90"))
# Handoffs closed this long ago, and call-back requests made this long ago.
RETAIN_CLOSED_HANDOFF_DAYS = float(os.environ.get("RETAIN_CLOSED_HANDOFF_DAYS", "90"))
# Delivery logs: webhook delivery ids, undelivered replies, button payloads, PIN attempts, outbox copies.
RETAIN_DELIVERY_LOG_DAYS = float(os.environ.get("RETAIN_DELIVERY_LOG_DAYS", "30"))
# Files of a report she never filed.
RETAIN_PENDING_EVIDENCE_DAYS = float(os.environ.get("RETAIN_PENDING_EVIDENCE_DAYS", "7"))
# Filed complaints (with history, notes, contact and evidence files) this long after filing: set it to
# 1090's own record-keeping rule. The default (3 years) is a placeholder, not 1090's rule.
RETAIN_COMPLAINT_DAYS = float(os.environ.get("RETAIN_COMPLAINT_DAYS", "1095"))
# How often retention runs (in the job worker, or `python -m bot.privacy.retention --loop`).
RETENTION_INTERVAL_HOURS = float(os.environ.get("RETENTION_INTERVAL_HOURS", "24"))

# The gate in front of Rasa (bot/channels/gate.py): messages per minute from one sender, and from one
# source address (web chat and REST only); emergencies always pass. Reverse proxies whose
# X-Forwarded-For is believed for the source address (comma-separated addresses or networks such as
# 10.244.0.0/16, bot/proxies.py; the last hop is taken).
SENDER_MESSAGES_PER_MINUTE = int(os.environ.get("HS_SENDER_MESSAGES_PER_MINUTE", "20"))
ADDRESS_MESSAGES_PER_MINUTE = int(os.environ.get("HS_ADDRESS_MESSAGES_PER_MINUTE", "60"))
EDGE_TRUSTED_PROXIES = tuple(a.strip() for a in os.environ.get("HS_EDGE_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                             if a.strip())
# Flood limits (bot/store/flood.py): new handoff requests and complaints, over all conversations per 10
# minutes, and complaints from one conversation per day. Above them she is kindly given 1090.
HANDOFF_FLOOD_PER_10_MINUTES = int(os.environ.get("HS_HANDOFF_FLOOD_PER_10_MINUTES", "40"))
COMPLAINT_FLOOD_PER_10_MINUTES = int(os.environ.get("HS_COMPLAINT_FLOOD_PER_10_MINUTES", "60"))
COMPLAINTS_PER_REPORTER_PER_DAY = int(os.environ.get("HS_COMPLAINTS_PER_REPORTER_PER_DAY", "5"))
# Staff alerts per minute (one per new handoff); above it one summary line for the rest.
STAFF_ALERTS_PER_MINUTE = int(os.environ.get("HS_STAFF_ALERTS_PER_MINUTE", "6"))
# Largest request body Rasa's web server accepts (Sanic's default is 100 MB; webhooks are small JSON).
PUBLIC_MAX_BODY_BYTES = int(os.environ.get("HS_PUBLIC_MAX_BODY_BYTES", str(512 * 1024)))

# Counsellor console (bot/console) and live handoff (bot/handoff).
CONSOLE_PORT = int(os.environ.get("CONSOLE_PORT", "8000"))
CONSOLE_HOST = os.environ.get("CONSOLE_HOST", "127.0.0.1")
# Link target in staff notifications, e.g. https://console.wcso.example (no trailing slash).
CONSOLE_PUBLIC_URL = os.environ.get("CONSOLE_PUBLIC_URL", f"http://localhost:{CONSOLE_PORT}")
# Cookies get the Secure flag when the console is served over HTTPS (default: when its public URL is https).
CONSOLE_SECURE_COOKIES = os.environ.get(
    "CONSOLE_SECURE_COOKIES", str(CONSOLE_PUBLIC_URL.startswith("https://"))).lower() in ("1", "true", "yes")
CONSOLE_SESSION_HOURS = float(os.environ.get("CONSOLE_SESSION_HOURS", "10"))
# A session ends after this many minutes without a page opened or a form sent (ASVS 3.3.2).
CONSOLE_IDLE_MINUTES = float(os.environ.get("CONSOLE_IDLE_MINUTES", "30"))
# Failed logins from one source address within 15 minutes before that address must wait.
CONSOLE_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("CONSOLE_LOGIN_FAILURES_PER_ADDRESS", "20"))
# Reverse proxies in front of the console (comma-separated addresses or networks): for a request from one of them
# the source address is the last hop of X-Forwarded-For; from anyone else that header is ignored.
CONSOLE_TRUSTED_PROXIES = tuple(a.strip() for a in os.environ.get("CONSOLE_TRUSTED_PROXIES", "").split(",")
                                if a.strip())
# The officers' desk marks a complaint overdue when no action was taken this many hours after filing.
COMPLAINT_OVERDUE_HOURS = float(os.environ.get("COMPLAINT_OVERDUE_HOURS", "72"))


def console_supervisor_password() -> str:
    """For `python -m bot.console.create_supervisor` without a prompt (tests, provisioning); "" when
    unset. A function, so the password is not kept in every process that imports the settings."""
    return os.environ.get("CONSOLE_SUPERVISOR_PASSWORD", "")


# The Rasa HTTP API the console uses to pause, resume and relay (token: rasa_api_token() below).
RASA_API_URL = os.environ.get("RASA_API_URL", f"http://127.0.0.1:{RASA_PORT}")
# Hours when counsellors answer chats, India time; "00:00-24:00" means always.
COUNSELLOR_HOURS = os.environ.get("COUNSELLOR_HOURS", "09:00-21:00")
COUNSELLOR_TIMEZONE = os.environ.get("COUNSELLOR_TIMEZONE", "Asia/Kolkata")
# How often the relay (in the job worker) looks at open handoffs for new messages (emergency check,
# staff alerts).
RELAY_POLL_SECONDS = float(os.environ.get("RELAY_POLL_SECONDS", "0.5"))
# Staff notifications on Telegram; off when the token or chat id is unset.
STAFF_TELEGRAM_BOT_TOKEN = os.environ.get("STAFF_TELEGRAM_BOT_TOKEN", "")
STAFF_TELEGRAM_CHAT_ID = os.environ.get("STAFF_TELEGRAM_CHAT_ID", "")

# Family counselling: length of a session, how soon a session can start, how far ahead she can book.
COUNSELLING_SESSION_MINUTES = int(os.environ.get("COUNSELLING_SESSION_MINUTES", "45"))
COUNSELLING_MIN_NOTICE_MINUTES = int(os.environ.get("COUNSELLING_MIN_NOTICE_MINUTES", "60"))
COUNSELLING_HORIZON_DAYS = int(os.environ.get("COUNSELLING_HORIZON_DAYS", "60"))
COUNSELLING_REMINDER_POLL_SECONDS = float(os.environ.get("COUNSELLING_REMINDER_POLL_SECONDS", "60"))

# Scheduled messages (bot/jobs/): how often a worker looks for due messages, how many attempts a
# message gets before it is dead (listed for supervisors), and the first retry delay (doubled each
# time). The job worker sends them: `python -m bot.jobs`.
SCHEDULED_POLL_SECONDS = float(os.environ.get("SCHEDULED_POLL_SECONDS", "5"))
SCHEDULED_MAX_ATTEMPTS = int(os.environ.get("SCHEDULED_MAX_ATTEMPTS", "5"))
SCHEDULED_RETRY_SECONDS = float(os.environ.get("SCHEDULED_RETRY_SECONDS", "60"))
# The feedback loop: this many days after "action taken" she is asked whether it has stopped (if she
# agreed to messages); silence gets one reminder this many days later.
FOLLOW_UP_DAYS = float(os.environ.get("FOLLOW_UP_DAYS", "7"))
FOLLOW_UP_REMINDER_DAYS = float(os.environ.get("FOLLOW_UP_REMINDER_DAYS", "3"))


# Web pages allowed to talk to Rasa from a browser (CORS), comma-separated origins such as
# https://wcso.in. Locally the demo page of the run command; in production only what is configured.
WIDGET_ORIGINS = tuple(o.strip().rstrip("/") for o in os.environ.get(
    "HS_WIDGET_ORIGINS", "" if production() else f"http://localhost:{WEB_PORT},http://127.0.0.1:{WEB_PORT}").split(",")
    if o.strip())

# Several Rasa replicas (the production profile, compose, Kubernetes): socket.io emits go through
# Redis so that the replica holding her socket sends a message that another replica produced, e.g. a
# counsellor's reply (bot/channels/socketio_bridge.py). HS_SOCKETIO_REDIS_URL
# (redis://[:password@]host:port/db), or HS_SOCKETIO_BRIDGE=lock-store for the lock store's Redis
# (REDIS_HOST, REDIS_PORT, REDIS_PASSWORD: no secret in the manifests). Neither: one replica, emits
# stay in the process.
def socketio_redis_url() -> str:
    if os.environ.get("HS_SOCKETIO_REDIS_URL"):
        return os.environ["HS_SOCKETIO_REDIS_URL"]
    if os.environ.get("HS_SOCKETIO_BRIDGE", "").strip().lower() != "lock-store":
        return ""
    from urllib.parse import quote
    password = os.environ.get("REDIS_PASSWORD", "")
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{os.environ.get('REDIS_HOST', '127.0.0.1')}:{os.environ.get('REDIS_PORT', '6379')}/0"


SOCKETIO_REDIS_CHANNEL = os.environ.get("HS_SOCKETIO_REDIS_CHANNEL", "hamari-suraksha-socketio")


def rasa_api_token() -> str:
    """The key of Rasa's HTTP API: bot/rasa_server.py starts Rasa with it as its JWT secret and clients
    sign short-lived tokens with it (bot/rasa_api.py), so it is never on a command line or in a URL.
    The console (pause, resume, relay) and the action server (reminders via trigger_intent) use it: RASA_API_TOKEN
    (production: from the secret store), else generated once under var/secrets/ on a laptop; the run
    command hands it to its children through RASA_API_TOKEN."""
    from bot.store.secrets import secret_bytes  # imports this module
    return secret_bytes("RASA_API_TOKEN", "rasa_api_token").decode()


def rasa_api_token_given() -> bool:
    """Whether RASA_API_TOKEN is set, i.e. the process was started to reach Rasa's API (by the run
    command or in production): the action server's reminder loop runs only then, never in a process
    that merely imported the actions, such as a test."""
    return bool(secret("RASA_API_TOKEN"))

# The job worker (`python -m bot.jobs`, bot/jobs/runner.py): which jobs it runs (comma-separated; all
# by default: scheduled, reminders, outbox, retention, relay), so a deployment may split them over
# workers; how long a worker's lease on a one-at-a-time job (the relay) lasts without renewal, i.e.
# how soon another worker takes over from a killed one; how often the outbox of reports filed while
# the database was down is retried.
WORKER_JOBS = tuple(job.strip() for job in os.environ.get(
    "HS_WORKER_JOBS", "scheduled,reminders,outbox,retention,relay").split(",") if job.strip())
JOB_LEASE_SECONDS = float(os.environ.get("HS_JOB_LEASE_SECONDS", "15"))
OUTBOX_RETRY_SECONDS = float(os.environ.get("HS_OUTBOX_RETRY_SECONDS", "60"))

# Staff alerts on the machinery (bot/jobs/alerts.py), checked by the job worker after each outbox
# pass: one Telegram line to the staff chat per kind, at most once per ALERT_REPEAT_SECONDS, when
# reports wait in an outbox (any: it means the database was down), when more scheduled messages than
# this are overdue (due more than SCHEDULED_OVERDUE_MINUTES ago and not sent), or when this many
# scheduled messages died since the last alert. 0 turns a kind off. The console's Machinery panel
# uses the same overdue minutes.
ALERT_OUTBOX_WAITING = int(os.environ.get("HS_ALERT_OUTBOX_WAITING", "1"))
ALERT_SCHEDULED_OVERDUE = int(os.environ.get("HS_ALERT_SCHEDULED_OVERDUE", "20"))
ALERT_DEAD_LETTERS = int(os.environ.get("HS_ALERT_DEAD_LETTERS", "1"))
ALERT_REPEAT_SECONDS = float(os.environ.get("HS_ALERT_REPEAT_SECONDS", "3600"))
SCHEDULED_OVERDUE_MINUTES = float(os.environ.get("HS_SCHEDULED_OVERDUE_MINUTES", "15"))

# A scheduled message claimed by a worker that died before recording the send goes back to the queue
# after this long; before sending it again the worker looks in her conversation for it (bot/jobs/delivery.py).
SCHEDULED_CLAIM_TIMEOUT_SECONDS = float(os.environ.get("HS_SCHEDULED_CLAIM_TIMEOUT_SECONDS", "600"))
