"""Harassment complaints: categories, what her answers mean, the report read back to her, reference
codes and PINs, and the service that files them (database, or the outbox while it is down)."""
