"""Running `tipline desk` as a journalist would, in a subprocess with its own HOME and TMPDIR."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.factories.live import TIPLINE, LiveInstance

# bin/install-system-deps installs them when run as root; elsewhere these tests skip.
needs_scrubbers = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("mat2", "bwrap", "exiftool")),
    reason="needs the Debian packages mat2, bubblewrap and libimage-exiftool-perl",
)


@dataclass
class Desk:
    root: Path  # the test's folder: home/, outside-tmp/ and desk/ live here
    prefix: Sequence[str] = ()
    tipline: str = TIPLINE  # or an installed wheel's command (tests/packaging)

    @property
    def dir(self) -> Path:
        return self.root / "desk"

    @property
    def outside_tmp(self) -> Path:
        return self.root / "outside-tmp"

    def env(self) -> dict[str, str]:
        (self.root / "home").mkdir(parents=True, exist_ok=True)
        self.outside_tmp.mkdir(parents=True, exist_ok=True)
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.root / "home"),
            # The desk must move its temporary files under the desk folder: this one stays empty.
            "TMPDIR": str(self.outside_tmp),
            "TIPLINE_DESK_DIR": str(self.dir),
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.prefix, self.tipline, "desk", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check:
            assert 0 == result.returncode, f"desk {args}: {result.stdout}\n{result.stderr}"
        return result

    def login(self, instance: LiveInstance, credentials: dict[str, Any], username: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        secret = self.root / "passphrase.txt"
        secret.write_text(str(credentials["passphrase"]) + "\n", encoding="utf-8")
        code = pyotp.TOTP(str(credentials["totp_secret"])).now()
        self.run(
            "login", "--server", instance.journalist_url, "--username", username,
            "--passphrase-file", str(secret), "--code", code,
        )  # fmt: skip

    def report(self, designation_folder: Path) -> list[dict[str, Any]]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(designation_folder.glob("*/report.json"))]


def exiftool_tags(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", str(path)], check=False, capture_output=True, text=True, timeout=60
    )
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed[0]
