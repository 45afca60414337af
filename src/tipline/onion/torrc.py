"""The torrc for Tipline's two v3 onion services.

- Source interface: public; Tor's proof-of-work defence on, so a flood (threat T7) costs the
  flooder CPU and honest sources still get through, without anything ever keyed on a person.
- Journalist interface: client authorisation; without a journalist's key the service's
  descriptor cannot even be decrypted, so its address alone gives an attacker nothing to probe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SOURCE_DIR = "source"
JOURNALIST_DIR = "journalist"


@dataclass(frozen=True)
class TorConfig:
    tor_dir: Path
    source_target: str = "127.0.0.1:8080"
    journalist_target: str = "127.0.0.1:8081"
    # 0: a Unix control socket in tor_dir (no TCP port at all); else a loopback TCP port.
    control_port: int = 0
    # Staging and tests: tor creates keys and hostnames but never connects anywhere.
    disable_network: bool = False

    @property
    def data_dir(self) -> Path:
        return self.tor_dir / "data"

    @property
    def source_dir(self) -> Path:
        return self.tor_dir / SOURCE_DIR

    @property
    def journalist_dir(self) -> Path:
        return self.tor_dir / JOURNALIST_DIR

    @property
    def torrc_path(self) -> Path:
        return self.tor_dir / "torrc"

    @property
    def control_socket(self) -> Path:
        return self.tor_dir / "control.sock"

    @property
    def cookie_path(self) -> Path:
        return self.tor_dir / "control.authcookie"


def render_torrc(config: TorConfig) -> str:
    # Loopback or a Unix socket in the 0700 tor folder: never reachable from outside.
    control = (
        f"ControlPort 127.0.0.1:{config.control_port}"
        if config.control_port
        else f"ControlPort unix:{config.control_socket}"
    )
    lines = [
        "# Written by `tipline onion`. Regenerate rather than edit; see docs/deployment.md.",
        f"DataDirectory {config.data_dir}",
        # No SOCKS port: this tor only publishes services, it is nobody's client.
        "SocksPort 0",
        control,
        "CookieAuthentication 1",
        f"CookieAuthFile {config.cookie_path}",
        # Scrub addresses from tor's own log messages.
        "SafeLogging 1",
        "Log notice stdout",
    ]
    if config.disable_network:
        lines += ["# Staging/tests: keys and hostnames are created; no connection is made.", "DisableNetwork 1"]
    lines += [
        "",
        "# Source interface: public, with the proof-of-work DoS defence.",
        f"HiddenServiceDir {config.source_dir}",
        "HiddenServiceVersion 3",
        f"HiddenServicePort 80 {config.source_target}",
        "HiddenServicePoWDefensesEnabled 1",
        "",
        "# Journalist interface: only clients whose keys are in authorized_clients/ can reach it.",
        f"HiddenServiceDir {config.journalist_dir}",
        "HiddenServiceVersion 3",
        f"HiddenServicePort 80 {config.journalist_target}",
        "",
    ]
    return "\n".join(lines)
