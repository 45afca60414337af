"""The desk with more sources than a page: fetch, list and reply reach every one of them.

Before, the desk read page 1 of GET /sources only: 100 sources, and `desk reply` knew no other.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from tests.factories.desk import Desk
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource

SEEDED = 152


def _server_page(desk: Desk, instance: LiveInstance, query: str) -> Any:
    token = json.loads((desk.dir / "desk.json").read_text(encoding="utf-8"))["token"]
    request = urllib.request.Request(
        f"{instance.journalist_url}/api/v1/sources?{query}", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _desk_submissions(desk: Desk) -> set[str]:
    return {
        str(item["uuid"])
        for path in (desk.dir / "inbox").glob("*/source.json")
        for item in json.loads(path.read_text(encoding="utf-8"))["submissions"]
    }


def test_fetch_list_and_reply_reach_all_of_152_sources(live_instance: LiveInstance, tmp_path: Path) -> None:
    live_instance.cli("dev", "seed", "--sources", str(SEEDED), "--submissions", "160", "--yes-fake-data")
    credentials = live_instance.add_journalist("reporter")
    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, credentials, "reporter")

    fetched = desk.run("fetch", timeout=600)

    assert SEEDED == len(list((desk.dir / "inbox").glob("*/source.json")))
    assert 160 == len(_desk_submissions(desk))
    assert f"downloaded {160 + SEEDED} files" in fetched.stdout  # every submission and manifest
    # A source the old desk never saw: the first of the server's second page of 100.
    beyond = _server_page(desk, live_instance, "page=2&per_page=100")["sources"][0]["journalist_designation"]
    assert beyond in desk.run("list").stdout
    assert "reply" in desk.run("reply", beyond, "--message", "We read it.").stdout.lower()

    # The newest tip reaches the desk through the incremental sync, and only it is downloaded.
    source = LiveSource(live_instance.source_url)
    source.create_account()
    assert 302 == source.submit("the newest tip", [])
    again = desk.run("fetch", timeout=600)

    assert SEEDED + 1 == len(list((desk.dir / "inbox").glob("*/source.json")))
    assert 161 == len(_desk_submissions(desk))
    assert "downloaded 2 files" in again.stdout  # its message and its manifest
