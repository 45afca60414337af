"""`tipline desk ui` served for real: the token in the address, Korean by default, Host checked, and
conversations rendered while the offline guard is on (the guard's own proof: tests/unit/desk/test_offline.py)."""

from __future__ import annotations

import http.client
import time
import urllib.parse
from pathlib import Path

import pyotp
import pytest

from tests.factories import reading_room as room
from tests.factories.desk import Desk, needs_scrubbers
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tipline.desk.client import ApiClient
from tipline.desk.outbox import queue_reply
from tipline.desk.store import DeskFolder

pytestmark = [pytest.mark.slow]


def request(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", parsed.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host or parsed.netloc, "Accept-Language": "ko"})
        response = connection.getresponse()
        # Every answer comes from a process under the offline guard
        assert "on" == response.getheader("X-Offline-Guard")
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


@needs_scrubbers
def test_one_machine_colleagues_reply_readable_and_a_browser_reply_sent_at_once(
    live_instance: LiveInstance, tmp_path: Path
) -> None:
    # Given a source who wrote in Korean, and a colleague who answered from the web interface's API
    source = LiveSource(live_instance.source_url)
    source.create_account()
    assert 302 == source.submit(room.KOREAN_MESSAGE, [])
    colleague = live_instance.add_journalist("park")
    api = ApiClient(live_instance.journalist_url)
    api.token = api.login("park", colleague["passphrase"], pyotp.TOTP(colleague["totp_secret"]).now()).token
    (listed,) = api.source_items()
    assert listed.record is not None
    api.request_json("POST", f"/api/v1/sources/{listed.record.uuid}/replies", {"message": room.KOREAN_REPLY})

    # When this desk fetches and opens (it holds the newsroom identity: one machine)
    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, live_instance.add_journalist("kim"), "kim")
    fetched = desk.run("fetch")
    assert "Downloaded 1 replies." in fetched.stdout
    desk.run("open", "--identity", str(live_instance.data_dir / "newsroom-identity.txt"))

    # Then the colleague's reply reads on the desk, after the source's message
    shown = desk.run("show", listed.record.journalist_designation).stdout
    assert "reply by park" in shown
    assert shown.index(room.KOREAN_MESSAGE.splitlines()[0]) < shown.index(room.KOREAN_REPLY)

    # And a reply written in the reading room is encrypted there and sent at once
    with room.serving(desk.dir) as url:
        parsed = urllib.parse.urlsplit(url)
        status, page = request(url, f"{parsed.path}source/{listed.record.uuid}")
        assert 200 == status
        assert room.KOREAN_REPLY in page
        connection = http.client.HTTPConnection("127.0.0.1", parsed.port, timeout=30)
        body = urllib.parse.urlencode({"message": "고맙습니다. 어느 항구입니까?"})
        headers = {"Host": parsed.netloc, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", f"{parsed.path}source/{listed.record.uuid}/reply", body=body, headers=headers)
        assert 302 == connection.getresponse().status
        connection.close()
        deadline = time.monotonic() + 60
        while list((desk.dir / "outbox").glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert [] == list((desk.dir / "outbox").glob("*.json"))
    assert "고맙습니다. 어느 항구입니까?" in source.get("/lookup")

    # The two-machine way: a reply queued offline goes with the next fetch (or sync)
    queued = queue_reply(DeskFolder(desk.dir), listed.record.uuid, "두 번째 회답입니다.")
    assert f"Sent the queued reply {queued.uuid}." in desk.run("fetch").stdout
    assert [] == list((desk.dir / "outbox").glob("*.json"))
    assert "두 번째 회답입니다." in source.get("/lookup")
