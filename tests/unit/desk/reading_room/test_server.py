"""`tipline desk ui` as started from the command line: 127.0.0.1 only, a token in the address,
and the offline guard on while it serves."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.factories.live import TIPLINE
from tipline.desk.errors import NotLoopback
from tipline.desk.reading_room.server import checked_bind_address


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "::1", "192.168.1.10", "localhost", "127.0.0.2", ""])
def test_any_other_bind_address_is_refused(address: str) -> None:
    with pytest.raises(NotLoopback):
        checked_bind_address(address)
    assert "127.0.0.1" == checked_bind_address("127.0.0.1")


def test_the_command_refuses_a_non_loopback_bind(tmp_path: Path) -> None:
    result = subprocess.run(
        [TIPLINE, "desk", "ui", "--desk-dir", str(tmp_path / "desk"), "--bind", "0.0.0.0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert 0 != result.returncode
    assert "127.0.0.1 only" in result.stderr
