"""Starting the real `tor` for tests — only ever with DisableNetwork 1.

This machine's network is closed and any outbound traffic is flagged: an unconfigured tor would
connect to the Tor network at once. :func:`start_tor` refuses a torrc that does not disable the
network, and passes `--DisableNetwork 1` on the command line as well (it overrides the file).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path


class NetworkNotDisabled(RuntimeError):
    """The torrc would let tor connect to the outside: refused."""


def tor_binary() -> str | None:
    return shutil.which("tor") or (str(Path("/usr/sbin/tor")) if os.access("/usr/sbin/tor", os.X_OK) else None)


def network_disabled(torrc: str) -> bool:
    """True when the last DisableNetwork line of TORRC says 1 (tor takes the last value)."""
    values = [line.split()[1] for line in torrc.splitlines() if line.split()[:1] == ["DisableNetwork"]]
    return bool(values) and values[-1] == "1"


@dataclass
class RunningTor:
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def start_tor(torrc_path: Path) -> RunningTor:
    torrc = torrc_path.read_text(encoding="utf-8")
    if not network_disabled(torrc):
        raise NetworkNotDisabled(f"{torrc_path} lacks `DisableNetwork 1`: tests never let tor connect anywhere")
    binary = tor_binary()
    if binary is None:
        raise FileNotFoundError("tor (Debian package `tor`)")
    log_path = torrc_path.parent / "tor-output.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            # No defaults file (nothing else may switch the network on); DisableNetwork again on
            # the command line, which wins over any file.
            [binary, "--defaults-torrc", "/dev/null", "-f", str(torrc_path), "--DisableNetwork", "1"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return RunningTor(process, log_path)
