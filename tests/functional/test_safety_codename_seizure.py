"""A seized server and the safety codename (docs/duress-design.md), read straight from the files.

A live server (SQLite): one source without a safety codename, one with. The database file is read
as a seizer would (sqlite3, every column of every row): before use, the three account rows have
the same columns filled with values of the same lengths, and no other table holds anything of
them; after the safety codename is used, only the two marks are new. Neither codename, in any
encoding, is anywhere under the data folder or the server's TMPDIR, running or stopped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories.disk import files_under, scan
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_source import LiveSource
from tipline.crypto.codenames import normalise
from tipline.db import today

# Random on every row or a counter: compared by presence and length only where meaningful.
VARYING = {"id", "uuid", "designation", "lookup", "recipient", "seal", "change_seq"}


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[LiveInstance]:
    live = serve(prepare_instance(tmp_path / "live"))
    yield live
    live.stop()


def _rows(instance: LiveInstance) -> list[dict[str, Any]]:
    uri = f"file:{instance.data_dir / 'tipline.sqlite'}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=10) as connection:
        cursor = connection.execute("SELECT * FROM sources ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# A designation is two random words: its length differs between any two accounts, whatever
# they are, so it says nothing of a safety codename (CI met 12 against 13 characters).
RANDOM_LENGTH = frozenset({"designation"})


def _shape(row: dict[str, Any]) -> dict[str, object]:
    return {
        name: None if value is None else "text" if name in RANDOM_LENGTH else len(str(value))
        for name, value in row.items()
    }


def _created(instance: LiveInstance, *, safety: bool) -> tuple[str, str]:
    source = LiveSource(instance.source_url)
    page = source.get("/generate")
    match = re.search(r'<p class="safety-codename"[^>]*>([^<]+)</p>', page)
    assert match is not None
    fields = {"csrf_token": csrf_token(page)} | ({"safety": "y"} if safety else {})
    assert source.post_form("/create", fields) == 302
    return codename_on_page(page), match.group(1)


def test_a_seized_database_cannot_tell_which_account_has_a_safety_codename(
    instance: LiveInstance, tmp_path: Path
) -> None:
    _alone, _never_made = _created(instance, safety=False)
    codename, safety = _created(instance, safety=True)

    before = _rows(instance)
    assert len(before) == 3  # the account without, the real account and the safety account
    assert set(before[0]) >= {"seal", "safety_used_on", "safety_of"}
    shapes = [_shape(row) for row in before]
    assert shapes[0] == shapes[1] == shapes[2]
    for row in before:
        assert row["safety_used_on"] is None
        assert row["safety_of"] is None
        assert {row[name] for name in ("created_on", "last_activity_on")} == {today().isoformat()}

    watched = LiveSource(instance.source_url)
    login_page = watched.get("/login")
    assert watched.post_form("/login", {"csrf_token": csrf_token(login_page), "codename": safety}) == 302
    after = _rows(instance)
    changed = {
        (row["id"], name)
        for old, row in zip(before, after, strict=True)
        for name in row
        if row[name] != old[name] and name not in ("change_seq",)
    }
    marked = {row["id"]: row for row in after if row["safety_used_on"] or row["safety_of"]}
    assert len(marked) == 2
    (real,) = [row for row in after if row["safety_used_on"]]
    (decoy,) = [row for row in after if row["safety_of"]]
    assert real["safety_used_on"] == today().isoformat()
    assert decoy["safety_of"] == real["uuid"]
    assert changed == {(real["id"], "safety_used_on"), (decoy["id"], "safety_of")}

    secrets_to_find: dict[str, bytes | str] = {}
    for name, typed in (("codename", codename), ("safety codename", safety)):
        secrets_to_find[name] = typed
        secrets_to_find[f"{name} (normalised)"] = normalise(typed)
    assert [] == scan(sorted(files_under(tmp_path)), secrets_to_find)
    instance.stop()
    assert [] == scan(sorted(files_under(tmp_path)), secrets_to_find)
