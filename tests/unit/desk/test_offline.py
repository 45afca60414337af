"""The offline guard: once installed, no socket and no program outside an offline sandbox.

Each case runs in its own interpreter: an audit hook cannot be removed once added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GUARDED = "from tipline.desk.offline import forbid_network; forbid_network()\n"


def run_guarded(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", GUARDED + code], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "attempt",
    [
        "import socket; socket.socket()",
        "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)",
        "import socket; socket.getaddrinfo('example.org', 443)",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=1)",
        "import subprocess; subprocess.run(['true'])",
        "import subprocess; subprocess.run(['/usr/bin/bwrap', '--bind', '/', '/', 'true'])",  # network kept
        "import os; os.system('true')",
    ],
)
def test_the_guard_refuses(attempt: str) -> None:
    result = run_guarded(attempt)
    assert 1 == result.returncode
    assert "NetworkForbidden" in result.stderr


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")
def test_the_guard_allows_an_offline_sandbox_and_files(tmp_path: Path) -> None:
    code = (
        "import pathlib, subprocess, tempfile\n"
        "from tipline.desk.sandbox import sandbox_command\n"
        f"tempfile.TemporaryFile(dir={str(tmp_path)!r}).write(b'x')\n"
        f"print(subprocess.run(sandbox_command(['true'], pathlib.Path({str(tmp_path)!r})), check=False).returncode)\n"
    )
    result = run_guarded(code)
    assert "" == result.stderr
    assert "0" == result.stdout.strip()
