"""Per-journalist client-authorisation keys for the journalist onion service (v3 "x25519").

The service keeps only each journalist's public key (``authorized_clients/NAME.auth``); the
private key is shown once, for the journalist's Tor Browser, and never stored here. Removing a
journalist's file revokes their access at tor's next reload (threat T6).
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

CLIENT_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True, repr=False)
class ClientKeys:
    public: str  # base32, no padding: the service side
    private: str  # base32, no padding: the journalist's Tor Browser

    def __repr__(self) -> str:
        return f"ClientKeys(public={self.public!r})"

    def auth_line(self) -> str:
        """The content of the service's authorized_clients/NAME.auth."""
        return f"descriptor:x25519:{self.public}"

    def client_line(self, onion_hostname: str) -> str:
        """What the journalist adds to Tor Browser (or ClientOnionAuthDir/NAME.auth_private)."""
        return f"{onion_hostname.removesuffix('.onion')}:descriptor:x25519:{self.private}"


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def generate_client_keys() -> ClientKeys:
    key = X25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return ClientKeys(_b32(public), _b32(private))


def _clients_dir(service_dir: Path) -> Path:
    return service_dir / "authorized_clients"


def _check_name(name: str) -> str:
    if not CLIENT_NAME.fullmatch(name):
        raise ValueError("client names are 1–64 characters: lower-case letters, digits, '.', '_' or '-'")
    return name


def write_client(service_dir: Path, name: str, keys: ClientKeys) -> Path:
    """Authorise NAME; refuses to replace an existing key (remove it first)."""
    directory = _clients_dir(service_dir)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{_check_name(name)}.auth"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(keys.auth_line() + "\n")
    return path


def remove_client(service_dir: Path, name: str) -> bool:
    path = _clients_dir(service_dir) / f"{_check_name(name)}.auth"
    if not path.exists():
        return False
    path.unlink()
    return True


def authorized_clients(service_dir: Path) -> list[str]:
    directory = _clients_dir(service_dir)
    if not directory.is_dir():
        return []
    return sorted(path.stem for path in directory.glob("*.auth"))
