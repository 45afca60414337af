"""The torrc and the client-auth keys, as text and files (tor itself: tests/functional/test_onion.py)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from tests.factories.tor import NetworkNotDisabled, network_disabled, start_tor
from tipline.onion import TorConfig, authorized_clients, generate_client_keys, remove_client, render_torrc, write_client


def _sections(torrc: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = "global"
    for line in torrc.splitlines():
        if line.startswith("HiddenServiceDir "):
            current = Path(line.split(" ", 1)[1]).name
        if line and not line.startswith("#"):
            sections.setdefault(current, []).append(line)
    return sections


def test_source_service_has_pow_and_journalist_service_does_not(tmp_path: Path) -> None:
    sections = _sections(render_torrc(TorConfig(tmp_path)))
    assert "HiddenServicePoWDefensesEnabled 1" in sections["source"]
    assert "HiddenServicePort 80 127.0.0.1:8080" in sections["source"]
    assert "HiddenServicePort 80 127.0.0.1:8081" in sections["journalist"]
    assert not [line for line in sections["journalist"] if "PoW" in line]
    assert "SocksPort 0" in sections["global"]
    assert f"ControlPort unix:{tmp_path / 'control.sock'}" in sections["global"]


def test_network_is_disabled_only_when_asked(tmp_path: Path) -> None:
    assert not network_disabled(render_torrc(TorConfig(tmp_path)))
    assert network_disabled(render_torrc(TorConfig(tmp_path, disable_network=True)))
    assert not network_disabled("DisableNetwork 1\nDisableNetwork 0\n")


def test_the_test_helper_refuses_a_torrc_that_lets_tor_connect(tmp_path: Path) -> None:
    torrc = tmp_path / "torrc"
    torrc.write_text(render_torrc(TorConfig(tmp_path)), encoding="utf-8")
    with pytest.raises(NetworkNotDisabled):
        start_tor(torrc)


def test_client_keys_are_a_matching_x25519_pair() -> None:
    keys = generate_client_keys()
    private = base64.b32decode(keys.private + "====")
    public = X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
    assert keys.public == base64.b32encode(public).decode().rstrip("=")
    assert f"descriptor:x25519:{keys.public}" == keys.auth_line()
    assert keys.client_line("abc.onion").startswith("abc:descriptor:x25519:")
    assert keys.private not in repr(keys)


def test_clients_are_added_listed_and_revoked(tmp_path: Path) -> None:
    write_client(tmp_path, "alice", generate_client_keys())
    write_client(tmp_path, "bob", generate_client_keys())
    with pytest.raises(FileExistsError):
        write_client(tmp_path, "alice", generate_client_keys())
    with pytest.raises(ValueError, match="client names"):
        write_client(tmp_path, "../escape", generate_client_keys())
    assert ["alice", "bob"] == authorized_clients(tmp_path)
    assert 0o600 == (tmp_path / "authorized_clients" / "alice.auth").stat().st_mode & 0o777
    assert remove_client(tmp_path, "alice")
    assert ["bob"] == authorized_clients(tmp_path)
