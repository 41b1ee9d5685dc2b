"""The counsellor console: a small server-rendered aiohttp app for staff (`python -m bot.console`)."""
