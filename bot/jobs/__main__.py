"""`python -m bot.jobs`: the job worker (bot/jobs/runner.py)."""
from bot.jobs.runner import main

main()
