"""Live handoff to a counsellor: queue, claim, transfer, close (plain Python, no Rasa)."""
