"""Proof, enforced at run time, that the offline half opens no network connection.

An audit hook (PEP 578) sees every socket the interpreter creates and every program it starts.
Once installed it cannot be removed for the life of the process: `desk open` installs it before
it reads the identity, so neither the desk nor any library it loads can reach the network, and
the only programs it may start are bubblewrap sandboxes without a network namespace.
"""

from __future__ import annotations

import sys
from typing import Any

_installed = False
_SOCKET_EVENTS = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto"}


class NetworkForbidden(RuntimeError):
    """Something tried to use the network in the offline half."""


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in _SOCKET_EVENTS:
        raise NetworkForbidden(f"the offline desk refuses network access ({event})")
    if event in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}:
        argv = args[1] if event == "subprocess.Popen" and len(args) > 1 else None
        if not (
            isinstance(argv, list | tuple) and argv and str(argv[0]).endswith("/bwrap") and "--unshare-all" in argv
        ):
            raise NetworkForbidden(f"the offline desk runs programs only inside an offline sandbox ({event})")


def forbid_network() -> None:
    global _installed  # noqa: PLW0603 - an audit hook is process-wide by nature
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def is_offline() -> bool:
    return _installed
