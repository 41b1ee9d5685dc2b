import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The session's shared real servers (and the fake platform APIs behind them): see tests/shared_servers.py.
from tests.shared_servers import servers, telegram_api, whatsapp_api  # noqa: E402,F401
