"""`python -m bot.jobs`: the job worker (bot/jobs/runner.py)."""
from bot.jobs.runner import main

if __name__ == "__main__":   # importing the package's modules (tests walk them all) must start nothing
    main()
