"""Our database: engine and session from DATABASE_URL, ORM models."""
