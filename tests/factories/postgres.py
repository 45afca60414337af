"""Fresh PostgreSQL databases on this machine's server, one per test, dropped afterwards.

The server is found at $TIPLINE_TEST_POSTGRES_URL (default: the local trust-auth server). Each
database gets a random name, so engineers running tests at the same time never collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def fresh_database() -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database; drop it afterwards."""
    require_postgres()
    name = f"tipline_test_{secrets.token_hex(6)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def live_environment(database_url: str) -> dict[str, str]:
    """Environment for a live instance on the parametrized engine (SQLite: the embedded default)."""
    return {} if database_url.startswith("sqlite") else {"TIPLINE_DATABASE_URL": database_url}
