"""Migration 0002 applies, reverts and applies again, and leaves no difference from the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tipline.models  # noqa: F401  (registers every table)
from tipline.db import Base, make_engine
from tipline.migrations.runner import downgrade, upgrade


def test_0002_round_trip_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    downgrade(url, "0001")
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert [] == differences


def test_audit_entries_cannot_be_updated_in_the_database(tmp_path: Path) -> None:
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_log (occurred_at, actor, action, detail, via) "
                "VALUES ('2026-01-01 00:00:00', 'kim', 'login', '', 'web')"
            )
        )
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone-else'"))
    engine.dispose()
