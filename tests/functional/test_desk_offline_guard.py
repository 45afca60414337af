"""Every desk command that may read decrypted material runs under the offline guard (T8, T9);
the exposure check reads attachments' metadata with exiftool inside the sandbox.

Each command runs in this process, the network tried once it has returned but before its guard is
scoped away (`offline.scoped`: a command's own process would keep it on until it ends); fresh
interpreters prove the guard itself (tests/unit/desk/test_offline.py)."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.factories import evidence
from tests.factories.desk import Desk, invoke
from tests.factories.desk_inbox import DESIGNATION, write_inbox
from tipline.crypto.age import generate_identity
from tipline.desk import offline
from tipline.desk.errors import NetworkForbidden

needs_sandbox = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bwrap", "exiftool")),
    reason="needs the Debian packages bubblewrap and libimage-exiftool-perl",
)


def run_then_try_the_network(desk: Desk, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """The command, then a socket: what stopped it (or that nothing did)."""
    with offline.scoped():
        result = invoke(desk.env(), *args)
        try:
            socket.socket().close()
        except NetworkForbidden:
            network = "NetworkForbidden"
        else:
            network = "allowed"
    socket.socket().close()  # the guard ended with the scope: this process's own sockets are its own again
    assert not offline.is_offline()
    return result, network


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

    result, network = run_then_try_the_network(desk, *args)

    assert "NetworkForbidden" == network, result.stdout + result.stderr


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

    result, network = run_then_try_the_network(desk, "exposure-check", str(draft), "--no-translate", "--format", "json")

    assert 1 == result.returncode, result.stdout + result.stderr
    assert "still carries metadata" in result.stdout
    assert "GPS" in result.stdout
    assert "NetworkForbidden" == network
