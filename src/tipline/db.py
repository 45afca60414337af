"""Declarative base, engine and session factory, all built from a database URL."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, MetaData, create_engine, event, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Session, sessionmaker

from tipline.errors import TextWithNul

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


SessionFactory = sessionmaker[Session]


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def _refuse_nul(_conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _executemany: bool) -> None:
    # Parameters come as a mapping or a sequence, or a list of those (executemany and batched
    # INSERTs): walk them all.
    if _has_nul(parameters):
        raise TextWithNul("text with NUL (0x00) in it")


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the journalist interface read while a source writes; FULL sync because a
    # committed submission must survive a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, not left in free pages of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def empty_the_wal(sessions: SessionFactory, attempts: int = 3) -> bool:
    """After a deletion, on SQLite: copy the WAL back into the database and cut it to nothing.

    The WAL keeps whole page images of what was deleted (a source's uuid, lookup, recipient) until a
    checkpoint; ``secure_delete`` zeroes freed pages in the database file only. TRUNCATE waits
    (busy timeout) for readers to leave the WAL, then empties it. Returns whether it did: a reader
    that stayed past the timeout leaves the WAL as it was (the next deletion or retention run tries
    again). Nothing to do on other engines (see docs/threat-model.md for PostgreSQL).
    """
    with sessions() as session:
        if session.get_bind().dialect.name != "sqlite":
            return True
        for _ in range(attempts):
            busy = session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).scalar()
            if not busy:
                return True
    return False


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, expire_on_commit=False)


def take_numbers(
    session: Session, model: type[Base], counter: InstrumentedAttribute[int], row: ColumnElement[bool], count: int
) -> int:
    """Add ``count`` to ``counter`` of the one ``row`` in a single UPDATE … RETURNING and give the
    first of the numbers taken: two transactions never get the same ones (the row stays locked
    until commit)."""
    last = session.execute(update(model).where(row).values({counter: counter + count}).returning(counter)).scalar_one()
    return int(last) - count + 1


def today() -> datetime.date:
    """Timestamps about sources are stored at day granularity only (threat T1)."""
    return datetime.datetime.now(datetime.UTC).date()


# SQLite's primary result codes (sqlite3.h) that mean "the database cannot be used right now":
# busy or locked by another connection past the timeout, or its file cannot be opened.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CANTOPEN = 14
_SQLITE_FULL = 13
# PostgreSQL's SQLSTATE class 53 "insufficient resources": disk_full, and class 08 "connection
# exception" (raised, for instance, when the server is shutting down).
_PG_DISK_FULL = "53100"
_PG_UNAVAILABLE_PREFIXES = ("08", "57P01", "57P02", "57P03")


def _sqlite_code(error: DBAPIError) -> int | None:
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None  # extended codes keep the primary in the low byte


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached or used right now (a 503: retry later).

    Narrow on purpose: a query that is wrong (a missing table, a constraint) is a bug, not an
    outage, and must stay a plain 500. Counted as unavailable: the pool gave no connection in
    time; a connection that failed to open (the statement is then unknown) or broke mid-query;
    SQLite's file that cannot be opened, or is locked past the timeout; PostgreSQL refusing
    connections (class 08, or an administrator shutdown).
    """
    if isinstance(error, SATimeoutError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if _sqlite_code(error) in (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CANTOPEN):
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate.startswith(_PG_UNAVAILABLE_PREFIXES):
        return True
    # Raised while connecting: SQLAlchemy has no statement to report (psycopg: "connection failed").
    return isinstance(error, OperationalError) and error.statement is None


def database_full(error: BaseException) -> bool:
    """Whether ``error`` is the database's disk being full (SQLite SQLITE_FULL, PostgreSQL 53100)."""
    if not isinstance(error, DBAPIError):
        return False
    return _sqlite_code(error) == _SQLITE_FULL or getattr(error.orig, "sqlstate", None) == _PG_DISK_FULL
