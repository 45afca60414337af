"""`tipline desk doctor`: what the workstation lacks, and what each missing piece disables."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipline.cli.desk import desk
from tipline.desk.doctor import examine

MODEL_FILE = (
    Path(os.environ.get("TIPLINE_TEST_MODELS", "~/.cache/tipline-test-models")).expanduser()
    / "translate-zh_en-1_9.argosmodel"
)


def doctor(desk_dir: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(desk, ["doctor", "--desk-dir", str(desk_dir), "--json"])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_without_the_programs_each_is_missing_with_what_it_disables(tmp_path: Path) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    findings = {finding.requirement.name: finding for finding in examine(search_path=str(empty))}
    for name in ("bubblewrap", "mat2", "exiftool", "Archive::Zip", "poppler", "ffmpeg"):
        assert not findings[name].present, name
    assert "NOT CLEANED" in findings["mat2"].requirement.disables
    assert not findings["pdftoppm"].present
    assert "reading room" in findings["pdftoppm"].requirement.disables
    assert "optional" == findings["LibreOffice"].requirement.kind
    assert "sandbox" in findings["bubblewrap"].requirement.disables
    assert "apt install libimage-exiftool-perl" == findings["exiftool"].requirement.install


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bwrap", "mat2", "exiftool", "ffmpeg")),
    reason="needs the desk's Debian packages (bin/install-system-deps)",
)
def test_on_a_complete_workstation_only_the_models_are_missing_until_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, findings = doctor(tmp_path / "desk")
    missing = {str(f["name"]): f for f in findings if not f["present"] and f["kind"] != "optional"}
    assert ["translation models"] == list(missing)
    assert 1 == code
    assert "desk translate" in str(missing["translation models"]["disables"])
    assert "tipline desk models install" in str(missing["translation models"]["install"])
    assert all(f["disables"] is None for f in findings if f["present"])

    if not MODEL_FILE.is_file():
        pytest.skip(f"no test model at {MODEL_FILE} (bin/fetch-test-model)")
    # `models install` runs under the offline guard, whose audit hook cannot be removed: in this
    # process it would refuse doctor's probes (and every later test's programs). The guard itself
    # is proven in tests/unit/desk/test_offline.py, each command's in tests/functional/test_desk_offline_guard.py.
    monkeypatch.setattr(sys.modules["tipline.cli.desk"], "forbid_network", lambda: None)
    installed = CliRunner().invoke(desk, ["models", "install", "--desk-dir", str(tmp_path / "desk"), str(MODEL_FILE)])
    assert 0 == installed.exit_code, installed.output
    code, findings = doctor(tmp_path / "desk")
    assert 0 == code
    assert any(str(f["name"]) == "translation models (zh→en)" and f["present"] for f in findings)
