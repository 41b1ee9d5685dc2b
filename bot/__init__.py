"""Hamari Suraksha: the conversational assistant of Women Power Line 1090 (UP Police, WCSO)."""
