"""Which database errors are an outage (503), a full disk (507) or a bug (500): real errors only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tests.factories.live import free_port
from tests.factories.postgres import ADMIN_URL, fresh_database
from tipline.db import database_full, database_unavailable, make_engine


def error_of(engine: Engine, statement: str) -> BaseException:
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    except Exception as error:  # whatever the driver raised is what the test looks at
        return error
    raise AssertionError(f"{statement} did not fail")


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    with fresh_database() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_a_missing_table_is_a_bug_not_an_outage(sqlite_engine: Engine, postgres_engine: Engine) -> None:
    """The 500 tests drop a table: that must never be mistaken for the database being down."""
    for engine in (sqlite_engine, postgres_engine):
        error = error_of(engine, "SELECT * FROM no_such_table")
        assert isinstance(error, DBAPIError)
        assert (False, False) == (database_unavailable(error), database_full(error))


def test_a_constraint_violation_is_a_bug_not_an_outage(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER UNIQUE)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    assert not database_unavailable(error_of(sqlite_engine, "INSERT INTO t VALUES (1)"))


def test_sqlite_file_that_cannot_be_opened_is_unavailable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite'}")
    try:
        error = error_of(engine, "SELECT 1")
    finally:
        engine.dispose()
    assert "unable to open database file" in str(error)
    assert database_unavailable(error)


def test_sqlite_locked_past_the_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
    try:
        error = error_of(engine, "INSERT INTO t VALUES (1)")
    finally:
        engine.dispose()
        holder.close()
    assert "database is locked" in str(error)
    assert database_unavailable(error)


def test_sqlite_out_of_room_is_full_not_unavailable(sqlite_engine: Engine) -> None:
    """SQLITE_FULL, made real by capping the file's pages (the disk tests fill a real tmpfs)."""
    with sqlite_engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x BLOB)"))
    with sqlite_engine.connect() as connection:
        connection.execute(text("PRAGMA max_page_count = 8"))
        with pytest.raises(DBAPIError) as caught:  # noqa: PT012  (it fills up on one of the inserts)
            for _ in range(20):
                connection.execute(text("INSERT INTO t VALUES (randomblob(4000))"))
    assert "full" in str(caught.value)
    assert (True, False) == (database_full(caught.value), database_unavailable(caught.value))


def test_postgres_nobody_listening_is_unavailable() -> None:
    engine = make_engine(f"postgresql+psycopg://tipline@127.0.0.1:{free_port()}/tipline")
    try:
        error = error_of(engine, "SELECT 1")
    finally:
        engine.dispose()
    assert isinstance(error, DBAPIError)
    assert isinstance(error.orig, psycopg.OperationalError)
    assert database_unavailable(error)


def test_postgres_connection_killed_mid_session_is_unavailable(postgres_engine: Engine) -> None:
    with postgres_engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(DBAPIError) as caught:
            connection.execute(text("SELECT 1"))
    assert database_unavailable(caught.value)


def test_pool_exhausted_is_unavailable(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}", pool_size=1, max_overflow=0, pool_timeout=0.1)
    try:
        with engine.connect(), pytest.raises(PoolTimeout) as caught:
            engine.connect()
    finally:
        engine.dispose()
    assert database_unavailable(caught.value)


def test_errors_that_are_not_the_databases_are_neither() -> None:
    for error in (ValueError("x"), OSError(28, "No space left on device"), KeyError("k")):
        assert (False, False) == (database_unavailable(error), database_full(error))
