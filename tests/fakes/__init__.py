"""Fake platform servers (real HTTP on loopback) for channel and notification tests."""
