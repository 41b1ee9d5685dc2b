"""Registers the Telegram webhook with its secret: `python -m bot.channels.telegram_setup [URL]`.

URL defaults to TELEGRAM_WEBHOOK_URL: the public HTTPS address of Rasa's
/webhooks/telegram/webhook. Uses TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and
TELEGRAM_API_BASE_URL from bot/settings.py. Prints what Telegram reports back (never the secrets).
"""
import argparse
import asyncio
import re
import sys
from typing import Optional

from telegram import Bot
from telegram.error import TelegramError

from bot import settings

# Only what the channel handles; chat_member and reactions stay off (they need admin rights anyway).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


async def register(url: str, token: str, secret: str, api_base_url: str, drop_pending: bool = False) -> str:
    if not token or not secret:
        raise ValueError("set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first")
    if not SECRET_FORMAT.match(secret):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
    if not url.startswith("https://"):
        raise ValueError("Telegram needs a public HTTPS URL (ports 443, 80, 88 or 8443)")
    api = api_base_url.rstrip("/")
    async with Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot") as bot:
        await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                              drop_pending_updates=drop_pending)
        info = await bot.get_webhook_info()
        return f"webhook set for @{bot.username}: {info.url} (pending updates: {info.pending_update_count})"


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=settings.TELEGRAM_WEBHOOK_URL,
                        help="public HTTPS URL ending in /webhooks/telegram/webhook")
    parser.add_argument("--drop-pending", action="store_true", help="discard updates waiting at Telegram")
    args = parser.parse_args(argv)
    try:
        print(asyncio.run(register(args.url, settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET,
                                   settings.TELEGRAM_API_BASE_URL, args.drop_pending)))
        return 0
    except (ValueError, TelegramError) as error:
        print(f"webhook not set: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
