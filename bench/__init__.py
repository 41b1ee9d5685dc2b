"""Benchmarks: our configuration against Rasa's default configuration on the same data."""
