"""`tipline init` creates the schema and `tipline db upgrade` applies migrations, on either engine."""

from __future__ import annotations

import datetime
from pathlib import Path

import sqlalchemy as sa

from tests.factories.live import prepare_instance
from tests.factories.postgres import live_environment
from tipline.config import load_settings
from tipline.db import make_engine, today
from tipline.migrations.runner import downgrade
from tipline.services import TOTP_SEALED_MARKER


def test_init_creates_the_schema_and_upgrade_is_idempotent(tmp_path: Path, database_url: str) -> None:
    # Given a new instance initialised against the engine under test
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url), fresh_schema=True)
    settings = load_settings(instance.data_dir, environ=instance.env)

    # Then its schema is there, at the head revision, with what init records of a new instance: its
    # first newsroom key's day, and the marker that refuses plaintext TOTP secrets (none exist yet)
    engine = make_engine(settings.effective_database_url)
    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert {"sources", "batches", "submissions", "replies", "journalists", "alembic_version"} <= tables
        with engine.connect() as connection:
            keys = list(connection.execute(sa.text("SELECT recipient, current_from FROM newsroom_keys")))
        assert [(settings.newsroom_recipient, today())] == [
            (recipient, datetime.date.fromisoformat(str(day))) for recipient, day in keys
        ]
    finally:
        engine.dispose()
    assert (instance.data_dir / TOTP_SEALED_MARKER).is_file()
    if not database_url.startswith("sqlite"):
        assert database_url == settings.effective_database_url

    # When the database is one migration behind (as after installing a new release) and
    # `tipline db upgrade` runs, the new migration is applied and the data stays
    instance.add_journalist("editor", admin=True)
    downgrade(settings.effective_database_url, "0001")
    engine = make_engine(settings.effective_database_url)
    try:
        assert "shared_sessions" not in set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    result = instance.cli("db", "upgrade")
    assert "Database upgraded to head." == result.stdout.strip()
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as connection:
            assert ["editor"] == list(connection.scalars(sa.text("SELECT username FROM journalists")))
        assert "shared_sessions" in set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
