"""`tipline desk ui` served for real: the token in the address, Korean by default, Host checked, and
conversations rendered while the offline guard is on (the guard's own proof: tests/unit/desk/test_offline.py)."""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest

from tests.factories import reading_room as room

pytestmark = [pytest.mark.slow]


def request(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", parsed.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host or parsed.netloc, "Accept-Language": "ko"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_the_served_room_answers_its_token_only_and_stays_offline(tmp_path: Path) -> None:
    built = room.build(tmp_path / "desk")
    with room.serving(built.desk.root) as url:
        parsed = urllib.parse.urlsplit(url)
        assert "127.0.0.1" == parsed.hostname
        token = parsed.path.strip("/")
        assert len(token) >= 40  # 32 random bytes
        status, page = request(url, parsed.path)
        assert 200 == status
        assert room.KOREAN in page
        assert "열람실" in page  # Korean by default
        assert 404 == request(url, "/" + "x" * len(token) + "/")[0]
        assert 404 == request(url, "/")[0]
        assert 421 == request(url, parsed.path, host=f"attacker.example:{parsed.port}")[0]
        # Conversations render under the guard: nothing in them needs the network
        status, page = request(url, f"{parsed.path}source/{built.korean_uuid}")
        assert 200 == status
        assert room.KOREAN_REPLY in page


def test_each_run_has_its_own_token(tmp_path: Path) -> None:
    built = room.build(tmp_path / "desk")
    with room.serving(built.desk.root) as first:
        pass
    with room.serving(built.desk.root) as second:
        pass
    assert urllib.parse.urlsplit(first).path != urllib.parse.urlsplit(second).path
