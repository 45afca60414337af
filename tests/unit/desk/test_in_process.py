"""A desk command the tests run in their own process (tests/factories/desk.py) gives back what it
changes for the whole process: the offline guard, the temporary folder, the environment."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

from tests.factories.desk import Desk
from tipline.desk import offline
from tipline.desk.store import DeskFolder, own_temporary_folder


def test_the_desk_folder_takes_the_temporary_folder_until_the_scope_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    with own_temporary_folder():
        desk = DeskFolder.at(tmp_path / "desk")
        assert str(desk.tmp) == os.environ["TMPDIR"] == tempfile.gettempdir()
        with tempfile.NamedTemporaryFile() as kept:
            assert Path(kept.name).parent == desk.tmp
    assert str(tmp_path) == os.environ["TMPDIR"]
    assert tempfile.tempdir is None
    assert str(tmp_path) == tempfile.gettempdir()


def test_without_a_tmpdir_before_none_is_left_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMPDIR", raising=False)
    with own_temporary_folder():
        DeskFolder.at(tmp_path / "desk")
        assert "TMPDIR" in os.environ
    assert "TMPDIR" not in os.environ


def test_a_desk_command_in_this_process_leaves_nothing_of_itself_behind(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "workstation")
    assert desk.runs_in_process
    before = (tempfile.gettempdir(), os.environ.get("TMPDIR"), os.environ.get("HOME"), os.getcwd(), os.umask(0o22))
    os.umask(before[-1])

    listed = desk.run("list")  # an offline command: it runs under the guard

    assert 0 == listed.returncode
    # Its folder was made under the environment it was given, not this process's own.
    assert (desk.dir / "tmp").is_dir()
    after = (tempfile.gettempdir(), os.environ.get("TMPDIR"), os.environ.get("HOME"), os.getcwd(), os.umask(0o22))
    os.umask(after[-1])
    assert before == after
    assert not offline.is_offline()
    socket.socket().close()


def test_a_process_of_its_own_where_the_test_is_about_the_process(tmp_path: Path) -> None:
    assert not Desk(tmp_path, in_process=False).runs_in_process
    assert not Desk(tmp_path, prefix=("unshare", "-n")).runs_in_process
    assert not Desk(tmp_path, tipline="/opt/wheel-venv/bin/tipline").runs_in_process
