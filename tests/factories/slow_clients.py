"""Connections that hold back part of a request, as a slow or hostile client over Tor does.

Used by tests/functional/test_slow_clients.py and benchmarks/bench_slow_clients.py.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.factories.live_http import LiveClient


def connect(client: LiveClient) -> socket.socket:
    return socket.create_connection((client.host, client.port), timeout=5)


def head(method: str, path: str, *headers: str) -> bytes:
    return "\r\n".join([f"{method} {path} HTTP/1.1", "Host: tipline", *headers]).encode() + b"\r\n"


class SlowClients:
    """Connections each holding back part of a request, of every kind a thread used to wait for."""

    KINDS = (
        b"",  # connected, says nothing
        head("GET", "/"),  # half a head, then one more header line now and then (slowloris)
        head("POST", "/login", "Content-Length: 1000") + b"\r\ncsrf_token",  # a small body, cut short
        head("POST", "/submit", "Content-Length: 1000000") + b"\r\n--x",  # an upload that stalls
    )

    def __init__(self, client: LiveClient, count: int) -> None:
        self.sockets: list[tuple[socket.socket, int]] = []
        self._stop = threading.Event()
        for index in range(count):
            kind = index % len(self.KINDS)
            sock = connect(client)
            sock.sendall(self.KINDS[kind])
            self.sockets.append((sock, kind))
        self._trickler = threading.Thread(target=self._trickle, daemon=True)
        self._trickler.start()

    def _trickle(self) -> None:
        while not self._stop.wait(1.0):
            for sock, kind in self.sockets:
                if kind == 1:
                    with contextlib.suppress(OSError):
                        sock.send(b"X-Slow: 1\r\n")

    def close(self) -> None:
        self._stop.set()
        self._trickler.join(timeout=5)
        for sock, _ in self.sockets:
            sock.close()
