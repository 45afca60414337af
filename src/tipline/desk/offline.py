"""Proof, enforced at run time, that the offline half opens no network connection.

An audit hook (PEP 578) sees every socket the interpreter creates and every program it starts.
Once installed it cannot be removed for the life of the process: `desk open` installs it before
it reads the identity, so neither the desk nor any library it loads can reach the network, and
the only programs it may start are bubblewrap sandboxes without a network namespace.

The hook decides by one process-wide flag, on from `forbid_network` for the rest of a command's
process. A process that runs desk commands inside itself (the test suite) wraps each one in
`scoped`, which gives the flag back as it found it: the hook stays installed, and refuses nothing
once the command has returned. The flag is not a context variable on purpose: every thread is
guarded while it is on, those a command starts too.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tipline.desk.errors import NetworkForbidden

_installed = False
_active = False
# The reading room (`desk ui`) serves on a loopback socket bound before the guard: it may accept
# connections on it, which makes new TCP sockets; nothing may connect, look up, bind or send a datagram.
_accepting = False
_SOCKET_EVENTS = {
    "socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg",
    "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
}  # fmt: skip


def _accepted(args: tuple[Any, ...]) -> bool:
    """A socket.__new__ as ``accept`` makes it: TCP over IPv4. (Connecting one is still refused.)"""
    family, kind = (args[1], args[2]) if len(args) >= 3 else (None, None)
    return family == socket.AF_INET and isinstance(kind, int) and kind & 0xF == socket.SOCK_STREAM


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _active:
        return
    if event == "socket.__new__" and _accepting and _accepted(args):
        return
    if event in _SOCKET_EVENTS:
        raise NetworkForbidden(f"the offline desk refuses network access ({event})")
    if event in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}:
        argv = args[1] if event == "subprocess.Popen" and len(args) > 1 else None
        if not (
            isinstance(argv, list | tuple) and argv and str(argv[0]).endswith("/bwrap") and "--unshare-all" in argv
        ):
            raise NetworkForbidden(f"the offline desk runs programs only inside an offline sandbox ({event})")


def forbid_network() -> None:
    global _installed, _active  # noqa: PLW0603 - an audit hook is process-wide by nature
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _active = True


def forbid_network_except_accepted() -> None:
    """The guard for a server whose listening socket is already bound: it may accept connections
    (new TCP sockets), and nothing else. It never loosens a guard already on."""
    global _accepting  # noqa: PLW0603 - see forbid_network
    if _active and not _accepting:
        raise NetworkForbidden("the offline guard is already on: the reading room cannot accept connections")
    _accepting = True
    forbid_network()


def is_offline() -> bool:
    return _active


@contextmanager
def scoped() -> Iterator[None]:
    """Run a desk command inside a longer-lived process: the guard it turns on (the hook stays
    installed) is turned off when it returns, as the command's own process would end there."""
    global _active, _accepting
    before = _active, _accepting
    try:
        yield
    finally:
        _active, _accepting = before
