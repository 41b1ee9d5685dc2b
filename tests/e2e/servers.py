"""The servers the end-to-end tests start (shared with the benchmarks in bot.devtools.servers)."""
from bot.devtools.servers import Servers, free_port, local_endpoints  # noqa: F401
