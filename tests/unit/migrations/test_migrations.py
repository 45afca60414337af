"""Migrations upgrade an empty database and one holding data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import tipline.models  # noqa: F401  (registers every table)
from tipline.db import Base, make_engine
from tipline.migrations.runner import alembic_config, downgrade, upgrade

FIRST = "0001"


def _head(url: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None
    return head


def _current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _prepare(tmp_path: Path) -> None:
    """The SQLite variant of the database_url fixture lives in tmp_path/data."""
    (tmp_path / "data").mkdir(exist_ok=True)


def test_upgrade_of_an_empty_database_matches_the_models(database_url: str, tmp_path: Path) -> None:
    """After `upgrade head` the schema is exactly what the models declare: no drift."""
    _prepare(tmp_path)
    upgrade(database_url)
    assert _head(database_url) == _current(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert [] == differences


def test_upgrade_keeps_existing_data(database_url: str, tmp_path: Path) -> None:
    """A database created by the first migration, holding a source and its material, upgrades to
    head with every row intact."""
    _prepare(tmp_path)
    # Given a database at the first revision with data in it
    upgrade(database_url, FIRST)
    engine = make_engine(database_url)
    day = datetime.date(2026, 1, 2)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sources (id, uuid, designation, lookup, recipient, created_on, last_activity_on) "
                "VALUES (1, 'u-1', 'brave-otter', :lookup, 'age1x', :day, :day)"
            ),
            {"lookup": "a" * 64, "day": day},
        )
        connection.execute(
            sa.text(
                "INSERT INTO batches (id, uuid, source_id, manifest_blob, manifest_size, manifest_sha256, received_on) "
                "VALUES (1, 'b-1', 1, :blob, 10, :sha, :day)"
            ),
            {"blob": "b" * 32, "sha": "c" * 64, "day": day},
        )
        connection.execute(
            sa.text(
                "INSERT INTO submissions (id, uuid, source_id, batch_id, kind, blob, size, sha256, received_on, "
                "is_read) VALUES (1, 's-1', 1, 1, 'message', :blob, 20, :sha, :day, :read)"
            ),
            {"blob": "d" * 32, "sha": "e" * 64, "day": day, "read": False},
        )
    engine.dispose()

    # When it is upgraded to head
    upgrade(database_url)

    # Then the rows are still there, unchanged
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            sources = connection.execute(sa.text("SELECT designation, last_activity_on FROM sources")).all()
            submissions = connection.execute(sa.text("SELECT blob, size FROM submissions")).all()
    finally:
        engine.dispose()
    assert [("brave-otter", day)] == [(name, _as_date(value)) for name, value in sources]
    assert [("d" * 32, 20)] == [tuple(row) for row in submissions]
    assert _head(database_url) == _current(database_url)


def test_downgrade_to_the_first_revision_and_back(database_url: str, tmp_path: Path) -> None:
    _prepare(tmp_path)
    upgrade(database_url)
    downgrade(database_url, FIRST)
    assert FIRST == _current(database_url)
    upgrade(database_url)
    assert _head(database_url) == _current(database_url)


def _as_date(value: object) -> datetime.date:
    # SQLite hands back the ISO text of a DATE column read through raw SQL.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
