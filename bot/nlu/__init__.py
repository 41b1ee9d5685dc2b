"""Rasa graph components of ours. Adapters only: the logic lives in `bot.lang`."""
