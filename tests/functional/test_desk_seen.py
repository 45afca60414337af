"""A desk fetch marks what it fetched seen for the journalist logged in on the desk, nobody else."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pyotp

from tests.factories.desk import Desk
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource


def _api(instance: LiveInstance, path: str, token: str) -> Any:
    request = urllib.request.Request(f"{instance.journalist_url}{path}", headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _token(instance: LiveInstance, credentials: dict[str, Any]) -> str:
    body = json.dumps(
        {
            "username": credentials["username"],
            "passphrase": credentials["passphrase"],
            "one_time_code": pyotp.TOTP(credentials["totp_secret"]).now(),
        }
    ).encode()
    request = urllib.request.Request(
        f"{instance.journalist_url}/api/v1/token", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.load(response)["token"])


def test_desk_fetch_marks_what_it_fetched_seen(live_instance: LiveInstance, tmp_path: Path) -> None:
    source = LiveSource(live_instance.source_url)
    source.create_account()
    assert 302 == source.submit("the first tip", [("notes.txt", b"names and dates", "text/plain")])
    reporter = live_instance.add_journalist("reporter")
    editor = live_instance.add_journalist("editor")
    editor_token = _token(live_instance, {**editor, "username": "editor"})
    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, reporter, "reporter")
    desk_token = json.loads((desk.dir / "desk.json").read_text(encoding="utf-8"))["token"]
    me = _api(live_instance, "/api/v1/user", desk_token)["uuid"]
    assert [2] == [s["number_of_unread"] for s in _api(live_instance, "/api/v1/sources", desk_token)["sources"]]

    desk.run("fetch", timeout=600)

    assert [0] == [s["number_of_unread"] for s in _api(live_instance, "/api/v1/sources", desk_token)["sources"]]
    assert [2] == [s["number_of_unread"] for s in _api(live_instance, "/api/v1/sources", editor_token)["sources"]]
    submissions = _api(live_instance, "/api/v1/submissions", editor_token)["submissions"]
    assert [([me], True)] * 2 == [(s["seen_by"], s["is_read"]) for s in submissions]
