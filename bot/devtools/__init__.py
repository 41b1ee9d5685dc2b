"""Developer commands used by the README's run and test scripts."""
