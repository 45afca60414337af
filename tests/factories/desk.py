"""Running `tipline desk` as a journalist would, with its own environment (HOME, TMPDIR, the desk
folder): in this process, or as its own process where the test is about the process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.factories import zygote
from tests.factories.live import TIPLINE, LiveInstance
from tipline.desk import offline
from tipline.desk.store import own_temporary_folder

# bin/install-system-deps installs them when run as root; elsewhere these tests skip.
needs_scrubbers = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("mat2", "bwrap", "exiftool")),
    reason="needs the Debian packages mat2, bubblewrap and libimage-exiftool-perl",
)


@dataclass
class Desk:
    """A journalist's desk. Each command runs in this process (see `invoke`: a second interpreter
    importing Tipline costs a second or more of CPU per command) unless the test is about the
    process: ``in_process=False``, a ``prefix`` (``unshare -n``) or an installed wheel's command
    (tests/packaging) run `tipline desk` as its own process."""

    root: Path  # the test's folder: home/, outside-tmp/ and desk/ live here
    prefix: Sequence[str] = ()
    tipline: str = TIPLINE  # or an installed wheel's command (tests/packaging)
    in_process: bool = True

    @property
    def runs_in_process(self) -> bool:
        return self.in_process and not self.prefix and self.tipline == TIPLINE

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
        """`tipline desk ARGS`; ``timeout`` bounds only a command run as its own process."""
        if self.runs_in_process:
            with offline.scoped():  # the guard a command turns on ends with it, as its process would
                result = invoke(self.env(), *args)
        elif not self.prefix and self.tipline == TIPLINE and zygote.forks_allowed(self.env()):
            # Its own process, forked from the zygote (tests/factories/zygote.py): a process of its
            # own, as the test needs, without a new interpreter importing Tipline first.
            result = zygote.run([self.tipline, "desk", *args], env=self.env(), timeout=timeout)
        else:
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


def invoke(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`tipline desk ARGS` run by this process as by its own: exactly ``env`` as its environment
    (every other variable unset meanwhile), its exit status, stdout and stderr (an uncaught
    exception's traceback there, status 1). What the command changes for the whole process is given
    back when it returns: the environment and the standard streams (CliRunner), the temporary
    folder (`store.own_temporary_folder`). The offline guard is the caller's to scope
    (`offline.scoped`): Desk.run ends it with the command; a test may look at it first."""
    from click.testing import CliRunner

    from tipline.cli import main

    variables: dict[str, str | None] = dict.fromkeys(os.environ)
    variables.update(env)
    with own_temporary_folder():
        result = CliRunner().invoke(main, ["desk", *args], env=variables, prog_name="tipline", catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["tipline", "desk", *args], result.exit_code, result.stdout, stderr)


def exiftool_tags(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", str(path)], check=False, capture_output=True, text=True, timeout=60
    )
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed[0]
