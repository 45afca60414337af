"""Fresh PostgreSQL databases on this machine's server, one per test, dropped afterwards.

The server is found at $TIPLINE_TEST_POSTGRES_URL (default: the local trust-auth server). Each
database gets a random name, so engineers (and pytest-xdist workers) running tests at the same time
never collide.

Migrating costs over a second per database, and so do CREATE and DROP DATABASE on a busy server
(each writes and syncs files). So each test session (each xdist worker) migrates a template once,
and a test that needs the schema borrows a migrated database from `MigratedDatabases`: a clone of
the template, emptied after the test (DELETE of every row and a restart of the sequences: a few
milliseconds) and lent to the next test. It stays a real database of the test's own, which other
processes (live servers, the CLI), other threads and the services' own engines can use and commit
to — where a per-test transaction rolled back at the end (Warehouse's SAVEPOINT pattern) would
hide one connection's writes from the others. A test that changed the schema (a downgrade) gets
its database dropped instead of reused.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

ADMIN_URL = os.environ.get("TIPLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

_available: bool | None = None


def postgres_available() -> bool:
    global _available  # noqa: PLW0603  (probe the server once per test run)
    if _available is None:
        try:
            with psycopg.connect(ADMIN_URL, connect_timeout=3):
                _available = True
        except psycopg.Error:
            _available = False
    return _available


def require_postgres() -> None:
    if not postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {ADMIN_URL} (.ci/run starts it)")


def database_url_of(name: str) -> str:
    base = ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)


@contextmanager
def fresh_database() -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database; drop it afterwards."""
    require_postgres()
    name = f"tipline_test_{secrets.token_hex(6)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url_of(name)
    finally:
        _drop(name)


@contextmanager
def migrated_template(upgrade: Callable[[str], None]) -> Iterator[str]:
    """Yield the name of a database migrated to head by ``upgrade``, to clone; dropped afterwards.

    Nothing stays connected to it (PostgreSQL clones only a template nobody is connected to)."""
    with fresh_database() as url:
        upgrade(url)
        yield url.rsplit("/", 1)[1]


class MigratedDatabases:
    """Databases at the migrations' head, lent to one test at a time and emptied between tests."""

    def __init__(self, template: str) -> None:
        self._template = template
        self._free: list[str] = []
        with psycopg.connect(database_url_of(template).replace("+psycopg", ""), autocommit=True) as connection:
            self._head = _revision(connection)
            self._tables = _tables(connection)
            # Rows the migrations themselves wrote (the change clock's one row): put back after
            # each emptying, so a lent database is exactly the template.
            self._seeded = _seeded_rows(connection, self._tables)

    @contextmanager
    def borrow(self) -> Iterator[str]:
        if self._free:
            name = self._free.pop()
        else:
            name = f"tipline_test_{secrets.token_hex(6)}"
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                # WAL_LOG copies the small template through the WAL, where FILE_COPY would
                # checkpoint the whole server (seconds on a busy machine).
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}" STRATEGY WAL_LOG')
        reusable = False
        try:
            yield database_url_of(name)
            reusable = self._empty(name)
        finally:
            if reusable:
                self._free.append(name)
            else:
                _drop(name)

    def _empty(self, name: str) -> bool:
        """Delete every row and restart every sequence, if the schema is still the template's."""
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            # A connection the test left open (a pool not disposed) would hold locks.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        with psycopg.connect(database_url_of(name).replace("+psycopg", ""), autocommit=True) as connection:
            if _revision(connection) != self._head or _tables(connection) != self._tables:
                return False
            with connection.transaction():
                for table in reversed(self._tables):  # dependents first
                    if table != "alembic_version":
                        connection.execute(f'DELETE FROM "{table}"')
                sequences = connection.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
                ).fetchall()
                for (sequence,) in sequences:
                    connection.execute(f'ALTER SEQUENCE "{sequence}" RESTART')
                for table, columns, rows in self._seeded:
                    names = ", ".join(f'"{column}"' for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    with connection.cursor() as cursor:
                        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return True

    def close(self) -> None:
        while self._free:
            _drop(self._free.pop())


def _revision(connection: psycopg.Connection[Any]) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _seeded_rows(
    connection: psycopg.Connection[Any], tables: list[str]
) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Every row of the freshly migrated template (alembic's own table aside), table by table."""
    seeded = []
    for table in tables:
        if table == "alembic_version":
            continue
        with connection.cursor() as cursor:
            rows = cursor.execute(f'SELECT * FROM "{table}"').fetchall()
            if rows:
                seeded.append((table, [column.name for column in cursor.description or ()], rows))
    return seeded


def _tables(connection: psycopg.Connection[Any]) -> list[str]:
    """The schema's tables, each after the tables it references (so deleting in reverse order works)."""
    names = [row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    references = connection.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'"
    ).fetchall()
    depends = {
        name: {target.strip('"') for source, target in references if source.strip('"') == name} for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = sorted(n for n in names if n not in ordered and depends[n] - {n} <= set(ordered))
        if not ready:  # a cycle: keep the catalogue's order for the rest
            ready = sorted(n for n in names if n not in ordered)
        ordered += ready
    return ordered


def _drop(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def live_environment(database_url: str) -> dict[str, str]:
    """Environment for a live instance on the parametrized engine (SQLite: the embedded default)."""
    return {} if database_url.startswith("sqlite") else {"TIPLINE_DATABASE_URL": database_url}
