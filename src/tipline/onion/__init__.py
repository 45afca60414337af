"""Tor onion services for the two interfaces: the torrc, and journalists' client-auth keys.

Pure: no framework, no database. `tipline onion` (cli/onion.py) drives it.
"""

from tipline.onion.client_auth import ClientKeys, authorized_clients, generate_client_keys, remove_client, write_client
from tipline.onion.torrc import TorConfig, render_torrc

__all__ = [
    "ClientKeys",
    "TorConfig",
    "authorized_clients",
    "generate_client_keys",
    "remove_client",
    "render_torrc",
    "write_client",
]
