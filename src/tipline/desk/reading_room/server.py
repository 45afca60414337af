"""Serving the reading room: 127.0.0.1 only, a new token each run, then the offline guard.

The listening socket is bound first; then the guard goes on, allowing only the sockets that
socket's ``accept`` makes (TCP, never connected by us): no connect, no name lookup, no UDP, no
other bind, no program but the bubblewrap sandbox. A one-machine desk (one that holds a login)
may send queued replies at once: a sender process is forked *before* the guard, holds no
identity and no plaintext (only the outbox's ciphertext), and checks the outbox every few seconds.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import secrets
import select
import signal
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tipline.desk.errors import DeskError, NotLoopback
from tipline.desk.offline import forbid_network_except_accepted
from tipline.desk.reading_room.app import create_app
from tipline.desk.store import DeskFolder

LOOPBACK = "127.0.0.1"
SEND_EVERY_SECONDS = 5.0


def checked_bind_address(host: str) -> str:
    """127.0.0.1, or refused: the reading room shows decrypted material to whoever reaches it."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise NotLoopback(f"the reading room listens on {LOOPBACK} only, not on {host!r}") from None
    if str(address) != LOOPBACK:
        raise NotLoopback(f"the reading room listens on {LOOPBACK} only, not on {host}")
    return LOOPBACK


@dataclass(frozen=True)
class Room:
    server: BaseWSGIServer
    url: str
    token: str
    app: Flask


def bind(desk: DeskFolder, host: str = LOOPBACK, port: int = 0, default_locale: str = "ko") -> Room:
    """Bind the listening socket (port 0: any free one) and make the app; nothing served yet."""
    host = checked_bind_address(host)
    token = secrets.token_urlsafe(32)
    # The port is known only once bound: the app checks Host against it, so bind first.
    server = make_server(host, port, _Pending(), threaded=True)
    bound = int(server.server_port)
    app = create_app(desk, token, bound, default_locale)
    server.app = app
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # request lines would print the token
    return Room(server, f"http://{LOOPBACK}:{bound}/{token}/", token, app)


class _Pending:
    def __call__(self, environ: object, start_response: Callable[..., object]) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]


def start_sender(desk: DeskFolder, room: Room) -> int | None:
    """Fork the outbox sender (before the guard), if this desk holds a login; its pid. The app
    wakes it through a pipe (not a socket) each time it queues a reply."""
    if not desk.login_path.exists():
        return None
    wake_read, wake_write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(wake_read)
        room.app.config["ON_QUEUED"] = lambda: _wake(wake_write)
        return pid
    code = 0
    try:
        os.close(wake_write)
        room.server.socket.close()  # the sender serves nothing
        _send_forever(desk, os.getppid(), wake_read)
    except BaseException:  # a child must never return into the parent's code
        code = 1
    os._exit(code)


def _wake(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.write(fd, b"!")


def _send_forever(desk: DeskFolder, parent: int, wake: int) -> None:
    from tipline.desk.client import ApiClient
    from tipline.desk.outbox import queued, send_outbox

    while os.getppid() == parent:
        if queued(desk):
            with contextlib.suppress(DeskError, OSError):
                login = desk.login()
                send_outbox(ApiClient(login.server, login.token), desk)
        # Woken at once by a new reply, else every few seconds (a reply that failed is tried again).
        ready, _, _ = select.select([wake], [], [], SEND_EVERY_SECONDS)
        if ready and not os.read(wake, 512):
            return  # the reading room closed the pipe: it has stopped


def serve(room: Room, *, open_browser: bool, sender: int | None) -> None:
    """Guard, then serve until interrupted."""
    if open_browser:
        # Before the guard: the browser is another program, started once.
        webbrowser.open(room.url)
    forbid_network_except_accepted()
    try:
        room.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        room.server.server_close()
        if sender is not None:
            with contextlib.suppress(OSError):
                os.kill(sender, signal.SIGTERM)
