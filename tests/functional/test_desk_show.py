"""`desk show` and `desk list`, tidied: the message text, real folder paths, one line per file of
what its cleaning removed that mattered (all of it behind --verbose), colleagues' replies, the
most recent activity first and designations never cut."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import reading_room as room
from tests.factories.desk import Desk, needs_scrubbers
from tests.factories.desk_inbox import write_inbox
from tipline.desk.errors import MaterialError

pytestmark = [pytest.mark.slow]
LONG_DESIGNATION = "extraordinarily-patient-long-tailed-mountain-heron-of-the-north"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Desk, room.RoomDesk]:
    workstation = Desk(tmp_path_factory.mktemp("show") / "workstation")
    built = room.build(workstation.dir)
    return workstation, built


def test_show_prints_the_message_the_real_folders_and_the_replies(desk: tuple[Desk, room.RoomDesk]) -> None:
    workstation, _ = desk
    out = workstation.run("show", room.KOREAN).stdout
    assert "<day>" not in out
    assert "<batch uuid>" not in out
    folders = sorted((workstation.dir / "sources" / room.KOREAN).glob("2026-*"))
    assert 2 == len(folders)
    for number, folder in enumerate(folders, start=1):
        assert f"#{number}  {folder.name[:10]}  {folder}/" in out
    for line in room.KOREAN_MESSAGE.splitlines():
        assert line in out
    assert f"reply by {room.COLLEAGUE}" in out
    assert room.KOREAN_REPLY in out
    # In time order: the first batch, the reply a day later, the second batch
    assert out.index(room.KOREAN_MESSAGE.splitlines()[0]) < out.index(room.KOREAN_REPLY) < out.index("두 번째 편지")


@needs_scrubbers
def test_show_sums_up_what_mattered_and_keeps_every_tag_for_verbose(desk: tuple[Desk, room.RoomDesk]) -> None:
    workstation, _ = desk
    out = workstation.run("show", room.KOREAN).stdout
    assert "photo.jpg → photo.cleaned.jpg  [cleaned]" in out
    assert "removed location: 55 deg 45' 21.00\" N, 37 deg 37' 4.00\" E" in out
    assert "removed author: Jane Artist" in out
    assert "removed device: Canon; Canon EOS 5D; serial SN-4417-TIPLINE" in out
    assert "removed software: Camera Firmware 1.2" in out
    assert "every tag removed" not in out
    assert "GPSLatitudeRef" not in out
    verbose = workstation.run("show", room.KOREAN, "--verbose").stdout
    assert "every tag removed" in verbose
    assert "GPSLatitudeRef" in verbose


def test_show_flags_what_was_not_cleaned(desk: tuple[Desk, room.RoomDesk]) -> None:
    workstation, _ = desk
    out = workstation.run("show", room.HOSTILE).stdout
    assert "1 files NOT CLEANED" in out
    assert f"{room.UNCLEANABLE}  [NOT CLEANED]" in out
    assert "do not publish or forward this file" in out
    assert room.SCRIPT_MESSAGE in out  # text, as the source wrote it


def test_list_sorts_by_last_activity_and_never_cuts_a_designation(tmp_path: Path) -> None:
    workstation = Desk(tmp_path / "workstation")
    built = room.build(workstation.dir)
    newest = write_inbox(
        workstation.dir, built.newsroom, [(None, b"hello")], received_on="2026-11-30T00:00:00",
        designation=LONG_DESIGNATION,
    )  # fmt: skip
    index = workstation.dir / "inbox" / newest / "source.json"
    index.write_text(json.dumps(json.loads(index.read_text()) | {"last_updated": "2026-11-30"}), encoding="utf-8")
    out = workstation.run("list").stdout
    assert LONG_DESIGNATION in out
    assert "…" not in out
    assert out.index(LONG_DESIGNATION) < out.index(room.KOREAN) < out.index(room.HOSTILE)


def test_short_references_name_a_batch_and_a_file(desk: tuple[Desk, room.RoomDesk]) -> None:
    from tipline.desk.workflow import material

    workstation, _ = desk
    first, second = sorted((workstation.dir / "sources" / room.KOREAN).glob("2026-*"))
    message = material.resolve(workstation.dir, f"{room.KOREAN}/2")
    assert second / "message.txt" == message.path
    assert "두 번째 편지입니다." == message.text
    photo = material.resolve(workstation.dir, f"{room.KOREAN}/1/photo.jpg")
    assert first / "photo.jpg" == photo.path
    assert f"{room.KOREAN}/{first.name}/photo.jpg" == photo.submission  # stored in its long form
    # The long form keeps working
    assert photo.path == material.resolve(workstation.dir, f"{room.KOREAN}/{first.name}/photo.jpg").path
    with pytest.raises(MaterialError, match="not a batch 3"):
        material.resolve(workstation.dir, f"{room.KOREAN}/3")
