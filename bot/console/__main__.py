"""Runs the counsellor console: `python -m bot.console` (the run command starts it too)."""
import logging

from aiohttp import web

from bot import settings
from bot.console.app import make_app
from bot.rasa_api import RasaClient
from bot.store.init_db import init_db
from bot.store.keyring import check_keys
from bot.store.secrets import MissingSecrets


def main() -> None:
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # URLs carry case ids only, but keep it quiet
    try:
        check_keys("The counsellor console", also=("RASA_API_TOKEN",))
    except MissingSecrets as error:
        raise SystemExit(str(error)) from None
    init_db()  # safe to repeat; the console's tables exist before the first login
    # No relay here: the job worker (python -m bot.jobs) runs it, with the staff alerts of new handoffs.
    app = make_app(RasaClient(settings.RASA_API_URL, settings.rasa_api_token()),
                   secure_cookies=settings.CONSOLE_SECURE_COOKIES)
    web.run_app(app, host=settings.CONSOLE_HOST, port=settings.CONSOLE_PORT, print=None)


if __name__ == "__main__":
    main()
