"""`desk models install` refuses archive entries that have no name or leave the package folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipline.cli.desk import desk as desk_workflow


@pytest.mark.parametrize(
    "entry",
    ["./", ".", "pkg/./metadata.json", "pkg/../../escape.txt", "/pkg/escape.txt", "pkg//x", "pkg\\..\\x", ".hidden/x"],
)
def test_install_refuses_entries_without_a_name_or_outside_the_package(tmp_path: Path, entry: str) -> None:
    package = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(entry, "x")
        archive.writestr("pkg/metadata.json", '{"from_code": "ko", "to_code": "en"}')

    result = CliRunner().invoke(desk_workflow, ["models", "install", "--desk-dir", str(tmp_path / "d"), str(package)])

    assert 1 == result.exit_code, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a clean refusal, not a crash
    assert "unsafe path in package" in result.output
    assert [] == list((tmp_path / "d" / "models").iterdir())
    assert not (tmp_path / "escape.txt").exists()
