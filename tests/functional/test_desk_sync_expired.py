"""A desk that has not fetched for longer than the server keeps deletions (410 to its ?since=
cursor) syncs again from 0 instead of failing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.desk import Desk
from tests.factories.fake_api import FakeApi, serving
from tests.functional.test_desk_hostile_server import MESSAGE, SOURCE_KEY, login
from tipline.crypto.age import generate_identity


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with serving(FakeApi(newsroom_recipient=generate_identity()[1])) as served:
        yield served


def _submissions(desk: Desk) -> set[str]:
    return {
        str(item["uuid"])
        for path in (desk.dir / "inbox").glob("*/source.json")
        for item in json.loads(path.read_text(encoding="utf-8"))["submissions"]
    }


def test_an_expired_cursor_means_a_fetch_from_zero(tmp_path: Path, api: FakeApi) -> None:
    source = api.add_source("quiet-heron", SOURCE_KEY)
    first = api.forge_batch(source, [(None, MESSAGE)])
    desk = Desk(tmp_path / "workstation")
    login(desk, api)
    desk.run("fetch")
    assert {first.submissions[0]["uuid"]} == _submissions(desk)

    # Weeks later: a new batch, and the server has purged tombstones past the desk's cursor.
    second = api.forge_batch(source, [(None, b"Another one.")])
    api.purged_through = api.change_seq

    fetched = desk.run("fetch", check=False)

    assert 0 == fetched.returncode, fetched.stderr
    assert {first.submissions[0]["uuid"], second.submissions[0]["uuid"]} == _submissions(desk)
    saved = json.loads((desk.dir / "inbox" / "sync.json").read_text(encoding="utf-8"))
    assert api.change_seq == saved["submissions_cursor"]
