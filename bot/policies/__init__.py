"""Rasa dialogue policies of ours (adapters: they decide nothing that is not in `bot`)."""
