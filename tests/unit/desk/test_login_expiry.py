"""An expired login says what to do before any request is made."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories.desk import Desk


def test_an_expired_login_says_log_in_again(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "workstation")
    desk.dir.mkdir(parents=True, mode=0o700)
    login = {"server": "http://127.0.0.1:9", "username": "kim", "token": "x" * 40, "expiration": "2020-01-01T00:00:00"}
    (desk.dir / "desk.json").write_text(json.dumps(login), encoding="utf-8")
    for command in (("fetch",), ("reply", "quiet-heron", "--message", "hello")):
        refused = desk.run(*command, check=False)
        assert 1 == refused.returncode
        assert "your login expired: run `tipline desk login" in refused.stderr
        assert "HTTP" not in refused.stderr
        assert "cannot reach" not in refused.stderr  # nothing was asked of the (absent) server
