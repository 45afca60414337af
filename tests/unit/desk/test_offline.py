"""The offline guard: once installed, no socket and no program outside an offline sandbox.

Each case runs in its own interpreter (an audit hook cannot be removed once added), but those about
`offline.scoped`, the form the tests run desk commands in."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tipline.desk import offline
from tipline.desk.errors import NetworkForbidden

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


# The reading room's guard: a listening socket bound on 127.0.0.1 before it, then nothing else.
ACCEPTING = (
    "import socket, subprocess, sys\n"
    "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)\n"
    "port = listener.getsockname()[1]\n"
    # A client in another process (outside the guard) connects to the listening socket.
    "client = subprocess.Popen([sys.executable, '-c', "
    'f\'import socket; s = socket.create_connection(("127.0.0.1", {port})); s.sendall(b"hi"); s.recv(2)\'])\n'
    "from tipline.desk.offline import forbid_network_except_accepted; forbid_network_except_accepted()\n"
    "conn, _ = listener.accept(); print(conn.recv(2).decode()); conn.sendall(b'ok'); conn.close()\n"
)


def test_the_reading_room_guard_accepts_on_its_own_loopback_socket() -> None:
    result = subprocess.run([sys.executable, "-c", ACCEPTING], capture_output=True, text=True, timeout=60, check=False)
    assert "" == result.stderr
    assert "hi" == result.stdout.strip()


@pytest.mark.parametrize(
    "attempt",
    [
        "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)",
        "import socket; socket.socket().connect(('10.0.0.1', 443))",
        "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "import socket; socket.socket(socket.AF_INET6)",
        "import socket; socket.socket(socket.AF_UNIX)",
        "import socket; socket.getaddrinfo('example.org', 443)",
        "import socket; socket.gethostbyname('example.org')",
        "import socket; socket.socket().bind(('127.0.0.1', 0))",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=1)",
        "import subprocess; subprocess.run(['true'])",
    ],
)
def test_the_reading_room_guard_lets_nothing_connect_out(attempt: str) -> None:
    code = "from tipline.desk.offline import forbid_network_except_accepted; forbid_network_except_accepted()\n"
    result = subprocess.run(
        [sys.executable, "-c", code + attempt], capture_output=True, text=True, timeout=60, check=False
    )
    assert 1 == result.returncode
    assert "NetworkForbidden" in result.stderr


def test_the_reading_room_guard_never_loosens_a_guard_already_on() -> None:
    code = GUARDED + "from tipline.desk.offline import forbid_network_except_accepted; forbid_network_except_accepted()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert "already on" in result.stderr


# In this process: a desk command run by the tests turns the guard on within offline.scoped, which
# ends it (the hook stays installed, and refuses nothing once the scope is left).


def test_within_a_scope_the_guard_refuses_and_after_it_refuses_nothing() -> None:
    with offline.scoped():
        offline.forbid_network()
        assert offline.is_offline()
        with pytest.raises(NetworkForbidden):
            socket.socket()
        with pytest.raises(NetworkForbidden):
            subprocess.run(["true"], check=False)
    assert not offline.is_offline()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        socket.create_connection(listener.getsockname()[:2], timeout=5).close()
    assert 0 == subprocess.run(["true"], check=False).returncode


def test_a_scoped_reading_room_guard_connects_nothing_and_ends_with_its_scope() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener, offline.scoped():
        offline.forbid_network_except_accepted()
        with pytest.raises(NetworkForbidden):
            socket.create_connection(listener.getsockname()[:2], timeout=5)
        with pytest.raises(NetworkForbidden):
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # The accept-only form ended too: a later guard is the whole guard again.
    with offline.scoped():
        offline.forbid_network()
        with pytest.raises(NetworkForbidden):
            socket.socket()
    socket.socket().close()
