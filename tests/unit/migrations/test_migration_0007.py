"""Migration 0007 gives every source row made before it a random seal, so old rows look like new ones."""

from __future__ import annotations

import datetime
from pathlib import Path

import sqlalchemy as sa

from tipline.crypto.safety_seal import SEAL_CHARACTERS
from tipline.db import make_engine
from tipline.migrations.runner import downgrade, upgrade


def test_rows_from_before_0007_get_random_seals_and_no_mark(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir(exist_ok=True)  # the SQLite variant of database_url lives there
    upgrade(database_url, "0005")
    engine = make_engine(database_url)
    day = datetime.date(2026, 1, 2)
    with engine.begin() as connection:
        for n in (1, 2):
            connection.execute(
                sa.text(
                    "INSERT INTO sources (id, uuid, designation, lookup, recipient, created_on, last_activity_on, "
                    "interaction_count, change_seq) VALUES (:n, :uuid, :name, :lookup, 'age1x', :day, :day, 0, :n)"
                ),
                {"n": n, "uuid": f"u-{n}", "name": f"name-{n}", "lookup": str(n) * 64, "day": day},
            )
    engine.dispose()

    upgrade(database_url)

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT seal, safety_used_on, safety_of FROM sources")).all()
    finally:
        engine.dispose()
    assert [(len(seal), used, of) for seal, used, of in rows] == [(SEAL_CHARACTERS, None, None)] * 2
    assert rows[0][0] != rows[1][0]
    downgrade(database_url, "0005")  # and back: the columns go, the rows stay
    upgrade(database_url)
