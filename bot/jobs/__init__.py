"""Work done later or in the background: the one scheduled-message service, leases, and the job
worker that runs every background job (`python -m bot.jobs`, runner.py)."""
