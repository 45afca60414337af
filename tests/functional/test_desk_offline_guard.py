"""Every desk command that may read decrypted material runs under the offline guard (T8, T9);
the exposure check reads attachments' metadata with exiftool inside the sandbox.

Each command runs in a fresh interpreter: the guard's audit hook cannot be removed once added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import evidence
from tests.factories.desk import Desk
from tests.factories.desk_inbox import DESIGNATION, write_inbox
from tipline.crypto.age import generate_identity

needs_sandbox = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bwrap", "exiftool")),
    reason="needs the Debian packages bubblewrap and libimage-exiftool-perl",
)

# After the command, try the network; print what stopped it (or that nothing did).
SCRIPT = """
import socket, sys
from tipline.cli.desk import desk
try:
    desk.main({args!r}, standalone_mode=False)
except SystemExit as stop:
    print("exit", stop.code)
except Exception as error:
    print("error", type(error).__name__, error)
try:
    socket.socket()
except Exception as error:
    print("network:", type(error).__name__)
else:
    print("network: allowed")
"""


def run_in_fresh_interpreter(desk: Desk, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(args=list(args))],
        env=desk.env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def opened_desk(tmp_path: Path) -> tuple[Desk, Path]:
    identity, recipient = generate_identity()
    identity_file = tmp_path / "identity.txt"
    identity_file.write_text(identity + "\n", encoding="utf-8")
    desk = Desk(tmp_path / "workstation")
    desk.env()
    write_inbox(desk.dir, recipient, [(None, b"The ship leaves on Tuesday from the north quay.\n")])
    desk.run("open", "--identity", str(identity_file))
    return desk, identity_file


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", DESIGNATION),
        ("pins",),
        ("case", "list"),
        ("case", "new", "A story"),
        ("models", "list"),
        ("translate", "{draft}"),
        ("exposure-check", "{draft}", "--no-translate"),
        ("draft", "1"),
        ("open", "--identity", "{identity}"),
    ],
)
def test_every_command_that_reads_material_runs_offline(
    opened_desk: tuple[Desk, Path], command: tuple[str, ...]
) -> None:
    desk, identity = opened_desk
    draft = desk.root / "draft.md"
    draft.write_text("The ship leaves on Tuesday from the north quay.\n", encoding="utf-8")
    args = [part.format(draft=draft, identity=identity) for part in command]

    result = run_in_fresh_interpreter(desk, *args)

    assert "network: NetworkForbidden" in result.stdout, result.stdout + result.stderr


def test_the_online_commands_are_the_only_ones_left_online() -> None:
    from tipline.cli.desk import ONLINE_COMMANDS, PROBE_COMMANDS, SELF_GUARDED_COMMANDS

    assert {"login", "fetch", "reply", "sync"} == ONLINE_COMMANDS
    # The reading room installs the guard itself once its loopback socket is bound
    # (tests/functional/test_desk_reading_room.py sees it on in every answer).
    assert {"ui"} == SELF_GUARDED_COMMANDS
    # doctor only probes programs (tests/unit/desk/test_doctor.py runs it in-process: a guard there
    # would refuse every later test's programs in that worker).
    assert {"doctor"} == PROBE_COMMANDS


@needs_sandbox
def test_exposure_check_reads_attachment_metadata_in_the_sandbox_under_the_guard(
    opened_desk: tuple[Desk, Path],
) -> None:
    """exiftool ran outside the sandbox, with network, on hostile originals: under the guard an
    unsandboxed program is refused, so a flag naming the GPS tags proves the sandboxed reader."""
    desk, _ = opened_desk
    (desk.root / "photo.jpg").write_bytes(evidence.jpeg_with_gps_and_serial())
    draft = desk.root / "draft.md"
    draft.write_text("A harbour.\n\n![harbour](photo.jpg)\n", encoding="utf-8")

    result = run_in_fresh_interpreter(desk, "exposure-check", str(draft), "--no-translate", "--format", "json")

    assert "exit 1" in result.stdout, result.stdout + result.stderr
    assert "still carries metadata" in result.stdout
    assert "GPS" in result.stdout
    assert "network: NetworkForbidden" in result.stdout
