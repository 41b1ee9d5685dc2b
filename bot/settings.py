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

RASA_PORT = int(os.environ.get("RASA_PORT", "5005"))
ACTION_SERVER_PORT = int(os.environ.get("ACTION_SERVER_PORT", "5055"))
WEB_PORT = int(os.environ.get("WEB_PORT", "8080"))
MODEL_DIR = Path(os.environ.get("HS_MODEL_DIR", PROJECT_ROOT / "models"))
MODEL_NAME = "hamari-suraksha"

# Rasa's default log level is INFO; DEBUG would print message text, which we never log.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

# Family counselling: length of a session, how soon a session can start, how far ahead she can book.
COUNSELLING_SESSION_MINUTES = int(os.environ.get("COUNSELLING_SESSION_MINUTES", "45"))
COUNSELLING_MIN_NOTICE_MINUTES = int(os.environ.get("COUNSELLING_MIN_NOTICE_MINUTES", "60"))
COUNSELLING_HORIZON_DAYS = int(os.environ.get("COUNSELLING_HORIZON_DAYS", "60"))
COUNSELLING_REMINDER_POLL_SECONDS = float(os.environ.get("COUNSELLING_REMINDER_POLL_SECONDS", "60"))
# Reminders are sent through the Rasa server's HTTP API (trigger_intent), which needs
# `rasa run --enable-api --auth-token`. The run command generates a token per run when none is set.
RASA_URL = os.environ.get("RASA_URL", f"http://localhost:{RASA_PORT}")
RASA_API_TOKEN = os.environ.get("RASA_API_TOKEN", "")
