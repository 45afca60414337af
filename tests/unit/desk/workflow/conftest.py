"""A desk folder with three sources' material, and a way to run the newsroom commands on it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.factories.newsroom import build_desk
from tipline.cli.desk import desk as desk_workflow


@pytest.fixture(autouse=True, scope="package")
def offline_guard_recorded() -> Iterator[list[str]]:
    """These tests run `tipline desk` in the pytest process, where the offline guard's audit hook
    (permanent by design) would refuse every later test's sockets and programs. Here the call is
    recorded instead (package scope: before the module-scoped desks are built);
    functional/test_desk_offline_guard.py proves that each offline command really installs it."""
    calls: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        # By module: the package attribute tipline.cli.desk is the click group of the same name.
        patch.setattr(sys.modules["tipline.cli.desk"], "forbid_network", lambda: calls.append("forbid_network"))
        yield calls


class Desk:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.runner = CliRunner()

    def run(self, *args: str, expect: int = 0) -> Result:
        command, rest = args[0], args[1:]
        # --desk-dir goes on the innermost command; groups ("case new") take it after the subcommand.
        split = 2 if command in {"case", "claim", "models"} else 1
        argv = [*args[:split], "--desk-dir", str(self.path), *args[split:]]
        del rest, command
        result = self.runner.invoke(desk_workflow, argv, catch_exceptions=False)
        assert expect == result.exit_code, result.output
        return result


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    if shutil.which("exiftool") is None:
        pytest.skip("exiftool is not installed (Debian: libimage-exiftool-perl; `make system-deps`)")
    return Desk(build_desk(tmp_path / "desk"))
