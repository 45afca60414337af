"""Alembic migrations; run through tipline.migrations.runner, never by path."""
