"""A loopback TCP forwarder that a test can cut and restore: a database that goes away for real.

The instance's database URL names the forwarder's port. ``cut()`` stops listening and closes every
forwarded connection (the server sees its connections drop and new ones refused, exactly as when
the database host goes down); ``restore()`` listens again on the same port. The real server
behind it (the shared PostgreSQL) is never touched.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class TcpForwarder:
    upstream: tuple[str, int]
    port: int = 0
    _listener: socket.socket | None = None
    _pairs: dict[socket.socket, socket.socket] = field(default_factory=dict)
    _selector: selectors.DefaultSelector = field(default_factory=selectors.DefaultSelector)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: bool = False
    _thread: threading.Thread | None = None

    def start(self) -> TcpForwarder:
        self._listen()
        self._thread = threading.Thread(target=self._run, name="tcp-forwarder", daemon=True)
        self._thread.start()
        return self

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.setblocking(False)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
            self._selector.register(listener, selectors.EVENT_READ)

    def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        with self._lock:
            if self._listener is not None:
                self._selector.unregister(self._listener)
                self._listener.close()
                self._listener = None
            for sock in list(self._pairs):
                self._drop(sock)

    def restore(self) -> None:
        self._listen()

    def stop(self) -> None:
        self.cut()
        self._stopping = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._selector.close()

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._pairs) // 2

    def _drop(self, sock: socket.socket) -> None:
        # The caller holds the lock. RST rather than FIN: like a host that went away.
        for one in (sock, self._pairs.pop(sock, None)):
            if one is None:
                continue
            self._pairs.pop(one, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(one)
            with contextlib.suppress(OSError):
                one.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            one.close()

    def _accept(self, listener: socket.socket) -> None:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        for one in (client, server):
            one.setblocking(False)
        self._pairs[client], self._pairs[server] = server, client
        self._selector.register(client, selectors.EVENT_READ)
        self._selector.register(server, selectors.EVENT_READ)

    def _run(self) -> None:
        while not self._stopping:
            try:
                events = self._selector.select(timeout=0.1)
            except (OSError, ValueError):
                continue
            with self._lock:
                for key, _ in events:
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    if sock is self._listener:
                        self._accept(sock)
                        continue
                    peer = self._pairs.get(sock)
                    if peer is None:
                        continue
                    try:
                        data = sock.recv(65536)
                        if data:
                            peer.settimeout(5)
                            peer.sendall(data)
                            peer.setblocking(False)
                            continue
                    except OSError:
                        pass
                    self._drop(sock)
