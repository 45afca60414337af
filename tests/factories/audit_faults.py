"""A real fault for the audit log: its table renamed away, so that an entry's INSERT fails in the
database itself (SQLite and PostgreSQL alike); and a snapshot of everything stored, to show that
an action that failed left nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import inspect, text

from tipline.services import Services


def everything(services: Services) -> dict[str, object]:
    """Every row of every table (sorted), and every stored blob."""
    found: dict[str, object] = {}
    with services.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            found[table] = sorted((tuple(row) for row in rows), key=repr)
    found["blobs"] = sorted(services.store.keys())
    return found


@contextmanager
def audit_table_gone(services: Services) -> Iterator[None]:
    """The audit log's table renamed away: any INSERT of an entry fails in the database itself."""
    with services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_log RENAME TO audit_log_away"))
    try:
        yield
    finally:
        with services.engine.begin() as connection:
            connection.execute(text("ALTER TABLE audit_log_away RENAME TO audit_log"))
