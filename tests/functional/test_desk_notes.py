"""The journalists' notes read on the desk: fetched as ciphertext, decrypted offline with the newsroom
identity, printed by `desk show` and shown (escaped) in the reading room, on one machine and on two."""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pyotp
import pytest

from tests.factories import reading_room as room
from tests.factories.desk import Desk, needs_scrubbers
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tests.functional.test_desk_reading_room import request
from tipline.desk.client import ApiClient

pytestmark = [pytest.mark.slow]

FIRST_NOTE = "제보자는 항구 근처에 산다고 함. 확인 필요."
SECOND_NOTE = "Called the harbour office <script>alert(1)</script> & no answer"


@needs_scrubbers
def test_notes_fetched_opened_shown_and_in_the_reading_room(live_instance: LiveInstance, tmp_path: Path) -> None:
    # Given a source, and a colleague who wrote two notes on them through the API
    source = LiveSource(live_instance.source_url)
    source.create_account()
    assert 302 == source.submit(room.KOREAN_MESSAGE, [])
    colleague = live_instance.add_journalist("park")
    api = ApiClient(live_instance.journalist_url)
    api.token = api.login("park", colleague["passphrase"], pyotp.TOTP(colleague["totp_secret"]).now()).token
    (listed,) = api.source_items()
    assert listed.record is not None
    notes_url = f"/api/v1/sources/{listed.record.uuid}/notes"
    days = [api.request_json("POST", notes_url, {"note": text})["created_on"] for text in (FIRST_NOTE, SECOND_NOTE)]
    designation = listed.record.journalist_designation

    # When the online machine fetches (no identity there): only ciphertext lands
    online = Desk(tmp_path / "online")
    online.login(live_instance, live_instance.add_journalist("kim"), "kim")
    fetched = online.run("fetch")
    assert "Downloaded 2 notes." in fetched.stdout
    kept = sorted((online.dir / "inbox" / listed.record.uuid / "notes").glob("*.age"))
    assert 2 == len(kept)
    assert all(FIRST_NOTE.encode() not in path.read_bytes() for path in kept)
    assert "(not decrypted yet: run `tipline desk open`)" in online.run("show", designation).stdout

    # Then on the offline machine (the desk folder carried over), open decrypts them with the identity
    offline = Desk(tmp_path / "offline")
    shutil.copytree(online.dir, offline.dir)
    identity = str(live_instance.data_dir / "newsroom-identity.txt")
    opened = offline.run("open", "--identity", identity)
    assert "Decrypted 2 notes." in opened.stdout
    shown = offline.run("show", designation).stdout
    assert f"{days[0]}  note by park" in shown
    assert f"{days[1]}  note by park" in shown
    assert shown.index(FIRST_NOTE) < shown.index(SECOND_NOTE)
    assert shown.index(room.KOREAN_MESSAGE.splitlines()[0]) < shown.index(FIRST_NOTE)

    # And the one-machine way (sync: fetch then open) reads them too
    online.run("sync", "--identity", identity)
    assert SECOND_NOTE in online.run("show", designation).stdout

    # And the reading room shows both, dated, with their author, the markup as text
    with room.serving(offline.dir) as url:
        path = urllib.parse.urlsplit(url).path
        status, page = request(url, f"{path}source/{listed.record.uuid}")
    assert 200 == status
    assert FIRST_NOTE in page
    assert "Called the harbour office &lt;script&gt;alert(1)&lt;/script&gt; &amp; no answer" in page
    assert "<script>alert(1)" not in page
    assert page.count('<li class="note">') == 2
    assert f"{days[0]} · " in page
    assert "park" in page
