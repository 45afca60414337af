"""What the desk accepts from a server (T9): strict ids, days, counts and texts; paths only
inside the desk folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.crypto.age import generate_identity
from tipline.desk.errors import OutsideDeskFolder, UntrustedValue
from tipline.desk.untrusted import (
    checked_api_path,
    checked_count,
    checked_day,
    checked_recipient,
    checked_text,
    checked_token,
    checked_uuid,
    inside,
)

UUID = "0f8a4c2e-5b1d-4e6f-9a7b-3c2d1e0f9a8b"


def test_ids_are_canonical_uuids_only() -> None:
    assert UUID == checked_uuid(UUID.upper())
    for hostile in ("../../.bashrc", f"{UUID}/..", "{" + UUID + "}", UUID.replace("-", ""), 12, None, ""):
        with pytest.raises(UntrustedValue):
            checked_uuid(hostile)


def test_days_are_strict_calendar_days() -> None:
    assert "2026-11-26" == checked_day("2026-11-26")
    assert "2026-11-26" == checked_day("2026-11-26T00:00:00")
    for hostile in ("../../../.", "/dev/shm/q", "2026-13-45", "2026-11-26/..", "2026-11-2", "20261126", 20261126, None):
        with pytest.raises(UntrustedValue):
            checked_day(hostile)


def test_counts_are_non_negative_integers() -> None:
    assert 3 == checked_count(3)
    for hostile in (-1, 1.5, "3", True, None, 2**60):
        with pytest.raises(UntrustedValue):
            checked_count(hostile)


def test_texts_are_bounded_and_lose_their_control_characters() -> None:
    assert "quiet-heron]52;c;eA==" == checked_text("quiet-heron\x1b]52;c;eA==\x07\u202e", "designation", 100)
    for hostile in ("x" * 101, "\x1b\x07", 5, None):
        with pytest.raises(UntrustedValue):
            checked_text(hostile, "designation", 100)


def test_api_paths_stay_on_the_api() -> None:
    assert "/api/v1/sources?page=2" == checked_api_path("/api/v1/sources?page=2", "url")
    for hostile in ("http://evil.example/api/v1/x", "/api/v1/../../etc", "//evil/api/v1/", "/api/v1/\x1b", 7):
        with pytest.raises(UntrustedValue):
            checked_api_path(hostile, "url")


def test_recipients_are_age_recipients() -> None:
    recipient = generate_identity()[1]
    assert recipient == checked_recipient(recipient)
    with pytest.raises(UntrustedValue):
        checked_recipient("ssh-ed25519 AAAA")


def test_inside_refuses_every_way_out(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    (desk / "sources").mkdir(parents=True)
    (desk / "sources" / "link").symlink_to(tmp_path)
    assert (desk / "sources" / "x").resolve() == inside(desk, desk / "sources" / "x")
    for way_out in (
        desk / "sources" / "a" / "../../../.",
        Path("/dev/shm/q"),
        desk / "sources" / "link" / "escaped",
        desk / ".." / "desk-sibling",
    ):
        with pytest.raises(OutsideDeskFolder):
            inside(desk, way_out)


def test_tokens_fit_in_an_http_header() -> None:
    assert "A" * 43 == checked_token("A" * 43)
    for hostile in ("short", "a" * 40 + "\r\nX-Evil: 1", None, "a b" * 10):
        with pytest.raises(UntrustedValue):
            checked_token(hostile)
