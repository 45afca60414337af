"""`tipline onion` writes a torrc on which the real tor (DisableNetwork 1) creates both services."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.factories.live import TIPLINE, free_port
from tests.factories.tor import start_tor, tor_binary


def _tipline(*args: str) -> str:
    return subprocess.run([TIPLINE, *args], capture_output=True, text=True, check=True, timeout=60).stdout


# stem 1.8 (its latest release) still calls Thread.setDaemon.
@pytest.mark.filterwarnings("ignore:setDaemon\\(\\) is deprecated:DeprecationWarning")
@pytest.mark.skipif(tor_binary() is None, reason="tor is not installed (Debian package `tor`)")
def test_tor_creates_both_onion_services_and_answers_on_its_control_port(tmp_path: Path) -> None:
    from stem.control import Controller

    tor_dir = tmp_path / "tor"
    control_port = free_port()
    # Given the torrc written by `tipline onion` (network disabled, as in every test) and a journalist key
    _tipline("onion", "--tor-dir", str(tor_dir), "--disable-network", "--control-port", str(control_port))
    assert "DisableNetwork 1" in (tor_dir / "torrc").read_text().splitlines()
    _tipline("onion", "add-client", "alice", "--tor-dir", str(tor_dir))

    # When the real tor starts on it
    tor = start_tor(tor_dir / "torrc")
    try:
        hostnames = [tor_dir / "source" / "hostname", tor_dir / "journalist" / "hostname"]
        deadline = time.monotonic() + 60
        while not all(path.exists() for path in hostnames):
            assert tor.process.poll() is None, tor.log()
            assert time.monotonic() < deadline, tor.log()
            time.sleep(0.2)

        # Then both services have a v3 address and keys
        for service in ("source", "journalist"):
            hostname = (tor_dir / service / "hostname").read_text().strip()
            assert (62, ".onion") == (len(hostname), hostname[-6:])
            assert (tor_dir / service / "hs_ed25519_secret_key").exists()
        assert ["alice.auth"] == [p.name for p in (tor_dir / "journalist" / "authorized_clients").iterdir()]

        # And stem reaches the control port; tor confirms the network is off
        with Controller.from_port(address="127.0.0.1", port=control_port) as controller:
            controller.authenticate()
            assert "1" == controller.get_conf("DisableNetwork")
            assert str(controller.get_version()).startswith("0.4.")
            services = controller.get_hidden_service_conf()
            assert {str(tor_dir / "source"), str(tor_dir / "journalist")} == set(services)

        # A key added now carries the journalist service's address for Tor Browser
        journalist_host = (tor_dir / "journalist" / "hostname").read_text().strip().removesuffix(".onion")
        output = _tipline("onion", "add-client", "bob", "--tor-dir", str(tor_dir))
        assert output.splitlines()[-1].startswith(f"{journalist_host}:descriptor:x25519:")
    finally:
        tor.stop()
