"""The database engine: SQLite set up so that committed data survives and deleted data is gone."""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import text

from tipline.db import make_engine, today


def test_sqlite_connections_get_the_safety_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with engine.connect() as connection:
            pragmas = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete")
            }
    finally:
        engine.dispose()
    # secure_delete: deleted rows are overwritten, not left in free pages (threat T1).
    assert {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "secure_delete": 1} == pragmas


def test_today_is_a_utc_date_without_time() -> None:
    """Timestamps about sources are days, never times (threat T1)."""
    value = today()
    assert type(value) is datetime.date
    assert datetime.datetime.now(datetime.UTC).date() - value <= datetime.timedelta(days=1)
