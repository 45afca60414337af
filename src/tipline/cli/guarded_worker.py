"""A gunicorn worker that no slow client can starve: threads only take requests that have arrived.

gunicorn's gthread worker hands a connection to one of its few threads as soon as a byte has
arrived, and that thread then waits for the rest of the request for as long as the client likes:
eight clients that send half a request head, or a head announcing a body and then nothing, held
all eight threads and every new visitor waited (Tor makes such clients free; threat T8).

This worker keeps the gthread worker's pool, keep-alive and shutdown, and changes what reaches a
thread:

- The main loop reads each request head itself, without blocking, into memory, with a deadline
  (``HEAD_TIMEOUT_SECONDS`` from the connection, or from the end of the previous response;
  `tipline serve --head-timeout` sets another) and a size limit. A connection that has not sent
  its whole head costs no thread, only a few KiB.
- A body of at most ``SMALL_BODY_BYTES`` (a login, a message) is read the same way before the
  request is handed over, within the same deadline; such requests go to the **request pool**,
  whose threads then never wait for the client.
- A larger body (an upload), a chunked body or an ``Expect: 100-continue`` is streamed by the
  application: those requests go to a separate **stream pool** of the same size, so uploads
  (even stalled ones) never occupy the threads that serve pages.
- Every read and write a thread makes times out after ``IO_TIMEOUT_SECONDS``.
- A response to a request whose body was not read (a refusal) says ``Connection: close`` unless
  what is left is small enough for gunicorn to drain: the next request on the connection is
  then never lost.
- A body of known length can also be read with ``read1`` (:class:`SocketBody`): one ``recv``
  straight from the socket, whatever has arrived, without the copies of gunicorn's buffers
  (0.8 s of CPU per GiB, measured) and without waiting for more than has arrived.

Nothing is written to disk: heads and small bodies are held in memory, as gunicorn's own buffer
would hold them, and released when the request is handed over (``BUFFER_BUDGET_BYTES`` bounds
them all together). Only plain HTTP/1.1 is served this way (TLS and HTTP/2 are gunicorn's).
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import socket
import time
from collections.abc import Callable, Iterable
from concurrent import futures
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_LIMIT_BYTES = 16 * 1024
SMALL_BODY_BYTES = 64 * 1024
# All heads and small bodies held by one worker at once; past it, bodies stream instead.
BUFFER_BUDGET_BYTES = 32 * 1024 * 1024
HEAD_TIMEOUT_SECONDS = 20.0
IO_TIMEOUT_SECONDS = 30.0
# What gunicorn drains of an unread body before it reuses a connection (its _DRAIN_MAX_BYTES).
DRAINABLE_BYTES = 64 * 1024
_RECV_BYTES = 64 * 1024
# As gunicorn's graceful close: how long, and how much, to read from a half-closed connection.
LINGER_SECONDS = 2.0
LINGER_BYTES = 64 * 1024
_HEAD_END = b"\r\n\r\n"
_BARE_LF_BLANK_LINE = b"\n\n"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class TimeoutSocket(socket.socket):
    """A socket whose blocking mode is "blocking, for at most IO_TIMEOUT_SECONDS per call".

    gunicorn switches a connection's socket to blocking before a thread uses it, which would
    clear any timeout set earlier: here that switch sets the timeout instead.
    """

    @classmethod
    def adopt(cls, sock: socket.socket) -> TimeoutSocket:
        return cls(sock.family, sock.type, sock.proto, fileno=sock.detach())

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(IO_TIMEOUT_SECONDS)
        else:
            super().setblocking(False)


class GuardedConn(TConn):  # type: ignore[misc]
    """A connection and what the main loop has read of its next request."""

    def __init__(
        self, cfg: Any, sock: socket.socket, client: Any, server: Any, linger: Callable[[GuardedConn], None]
    ) -> None:
        super().__init__(cfg, sock, client, server)
        self._linger = linger
        self.pending = bytearray()
        self.deadline = 0.0
        self.head_end: int | None = None
        self.wanted: int | None = None  # bytes of head + body to hold before handing over

    def close(self, graceful: bool = False) -> None:
        """A graceful close lingers in the main loop, never blocking it.

        gunicorn's own graceful close waits (up to 2 s) for the client to close its side, on the
        thread that runs the main loop: each client that did not answer the FIN stopped every
        other connection for that long.
        """
        if graceful:
            self._linger(self)
        else:
            super().close()

    def take_pending(self) -> bytes:
        data = bytes(self.pending)
        self.pending = bytearray()
        return data


def body_to_stream(head: bytes) -> int | None:
    """How many body bytes to read before handing the request over, or None: stream it.

    Only a single, plain Content-Length is read here; anything else (chunked, two lengths, a
    100-continue handshake) is left to gunicorn's parser, on a stream-pool thread.
    """
    lengths: list[bytes] = []
    for line in head.lower().split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip()
        if name in (b"transfer-encoding", b"expect"):
            return None
        if name == b"content-length":
            lengths.append(value.strip())
    if not lengths:
        return 0
    if len(lengths) != 1 or not lengths[0].isdigit():
        return None
    length = int(lengths[0])
    return length if length <= SMALL_BODY_BYTES else None


def unread_body_bytes(body: object) -> int | None:
    """What is left of a request body its application did not read; None: unknown (chunked)."""
    if not isinstance(body, Body):
        return 0
    if isinstance(body.reader, LengthReader):
        return int(body.reader.length)
    return None


class SocketBody:
    """gunicorn's ``wsgi.input`` for a body of known length, plus ``read1`` (the upload path's read).

    ``read1(n)`` hands over what gunicorn already holds of the body if anything, else one
    ``recv`` of at most ``n`` bytes (and never past the body) from the socket: what has arrived,
    as soon as it has. gunicorn's own ``read(n)`` waits for all ``n`` and copies every piece
    through two in-memory buffers. The body's count of what is left is kept as gunicorn keeps
    it, so that draining, keep-alive and :func:`unread_body_bytes` see the same body.
    """

    def __init__(self, body: Body, reader: LengthReader, unreader: SocketUnreader) -> None:
        self._body = body
        self._reader = reader
        self._unreader = unreader

    def read1(self, size: int = -1, /) -> bytes:
        want = int(self._reader.length) if size < 0 else min(size, int(self._reader.length))
        held = int(self._body.buf.tell())
        if held:
            return bytes(self._body.read(min(size if size >= 0 else held, held)))
        if want <= 0:
            return b""
        held = int(self._unreader.buf.seek(0, 2))
        if held:  # read with the request head (Body.read would wait for at least 1 KiB more)
            data = bytes(self._unreader.read(min(want, held)))
            self._reader.length -= len(data)
            return data
        try:
            data = bytes(self._unreader.sock.recv(want))
        except BaseException:
            self._body.failed = True  # where the next request starts is unknown: no reuse
            raise
        self._reader.length -= len(data)
        return data

    def read(self, size: int | None = None, /) -> bytes:
        return bytes(self._body.read(size))

    def readline(self, size: int | None = None, /) -> bytes:
        return bytes(self._body.readline(size))

    def __iter__(self) -> Any:
        return iter(self._body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._body, name)


def with_socket_body(environ: dict[str, Any]) -> Body | None:
    """Put a :class:`SocketBody` in ``environ`` for a body of known length; the original Body."""
    body = environ.get("wsgi.input")
    if not isinstance(body, Body):
        return None
    reader = body.reader
    if isinstance(reader, LengthReader) and isinstance(reader.unreader, SocketUnreader):
        environ["wsgi.input"] = SocketBody(body, reader, reader.unreader)
    return body


def close_unless_drainable(app: WSGIApp) -> WSGIApp:
    """Announce ``Connection: close`` when gunicorn could not drain the unread body.

    gunicorn drains at most DRAINABLE_BYTES of a body the application left, within a few
    seconds, and closes the connection if it cannot, after a response that promised keep-alive:
    the client's next request on it was lost without an answer.
    """

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = with_socket_body(environ)
        result = app(environ, start_response)
        left = unread_body_bytes(body)
        response = getattr(start_response, "__self__", None)
        if (left is None or left > DRAINABLE_BYTES) and response is not None:
            response.force_close()
        return result

    return guarded


def _receive(conn: GuardedConn) -> bytes | None:
    """What a readable connection sent: None when the read would block after all (wait for the
    next event), b"" when the client closed or the socket failed (both mean: no more is coming)."""
    try:
        data: bytes = conn.sock.recv(_RECV_BYTES)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""
    return data


class GuardedThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, but threads take only requests whose head (and small body) has arrived."""

    # `tipline serve --head-timeout` runs a subclass with another (with_head_timeout).
    head_timeout_seconds = HEAD_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: dict[GuardedConn, None] = {}
        self.lingering: dict[GuardedConn, int] = {}  # bytes read since the FIN was sent
        self.buffered_bytes = 0
        self.stream_pool: futures.ThreadPoolExecutor | None = None

    def init_process(self) -> None:
        self.stream_pool = futures.ThreadPoolExecutor(max_workers=self.cfg.threads)
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi: WSGIApp = close_unless_drainable(self.wsgi)

    def run(self) -> None:
        try:
            super().run()
        finally:
            for conn in list(self.reading):
                self._drop(conn)
            for conn in list(self.lingering):
                self._end_linger(conn)
            if self.stream_pool is not None:
                self.stream_pool.shutdown(wait=False)

    def accept(self, listener: socket.socket) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                return
            if error.errno in (errno.EMFILE, errno.ENFILE):
                # Out of descriptors: stop accepting until the next loop (gthread let it kill the
                # worker); what is being served finishes and frees some.
                self.set_accept_enabled(False)
                return
            raise
        self.nr_conns += 1
        sock = TimeoutSocket.adopt(client_sock)
        conn = GuardedConn(self.cfg, sock, client_addr, listener.getsockname(), self._linger)
        self._start_reading(conn, b"")

    def enqueue_req(self, conn: GuardedConn) -> None:
        """A kept-alive connection became readable, or holds a pipelined request: read its head."""
        initial = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        self._start_reading(conn, initial)

    def _start_reading(self, conn: GuardedConn, initial: bytes) -> None:
        conn.sock.setblocking(False)
        conn.pending = bytearray(initial)
        self.buffered_bytes += len(initial)
        conn.deadline = time.monotonic() + self.head_timeout_seconds
        conn.head_end = None
        conn.wanted = None
        if not self._advance(conn):
            self.reading[conn] = None
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: GuardedConn, _sock: socket.socket) -> None:
        data = _receive(conn)
        if data is None:
            return
        if not data:  # the client stopped sending before its request was whole
            if conn.head_end is not None:
                # Its head is here: the application answers the cut-off body (a 400 the client
                # may still read, its side being only half-closed); no read can wait any more.
                self._dispatch(conn, self.tpool)
            else:
                self._stop_reading(conn)
                self._drop(conn)
            return
        conn.pending += data
        self.buffered_bytes += len(data)
        self._advance(conn)

    def _advance(self, conn: GuardedConn) -> bool:
        """Dispatch the request if enough of it has arrived; True when it left the main loop."""
        if conn.head_end is None:
            end = conn.pending.find(_HEAD_END)
            if end < 0:
                if conn.pending.find(_BARE_LF_BLANK_LINE) >= 0:
                    # A head ended by bare LFs: gunicorn refuses it (400) from what is buffered;
                    # a stream-pool thread does that, so that no page thread ever waits on one.
                    self._dispatch(conn, self.stream_pool)
                    return True
                if len(conn.pending) > HEAD_LIMIT_BYTES:
                    self._refuse(conn, 431, "Request Header Fields Too Large")
                    return True
                return False
            conn.head_end = end + len(_HEAD_END)
            body = body_to_stream(bytes(conn.pending[:end]))
            if body is None or self.buffered_bytes > BUFFER_BUDGET_BYTES:
                self._dispatch(conn, self.stream_pool)
                return True
            conn.wanted = conn.head_end + body
        if conn.wanted is not None and len(conn.pending) >= conn.wanted:
            self._dispatch(conn, self.tpool)
            return True
        return False

    def _dispatch(self, conn: GuardedConn, pool: futures.ThreadPoolExecutor | None) -> None:
        assert pool is not None
        self._stop_reading(conn)
        self.buffered_bytes -= len(conn.pending)
        received = conn.take_pending()
        future = pool.submit(self._handle_received, conn, received)
        future.add_done_callback(lambda done: self.method_queue.defer(self.finish_request, conn, done))

    def _handle_received(self, conn: GuardedConn, received: bytes) -> Any:
        conn.sock.setblocking(True)
        conn.init()
        conn.parser.unreader.unread(received)
        return self.handle(conn)

    def _refuse(self, conn: GuardedConn, status: int, reason: str) -> None:
        self._stop_reading(conn)
        # util.write_error is looked up now: `tipline serve` replaces it with its bare page.
        with contextlib.suppress(OSError):
            util.write_error(conn.sock, status, reason, "")
        self._drop(conn)

    def _stop_reading(self, conn: GuardedConn) -> None:
        self.reading.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)

    def _drop(self, conn: GuardedConn) -> None:
        self.buffered_bytes -= len(conn.pending)
        conn.pending = bytearray()
        self.nr_conns -= 1
        conn.close()

    def _linger(self, conn: GuardedConn) -> None:
        """Send FIN now; close once the client has closed too (or LINGER_SECONDS have passed)."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
            conn.sock.setblocking(False)
            conn.deadline = time.monotonic() + LINGER_SECONDS
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_lingering_readable, conn))
        except (OSError, ValueError, KeyError):
            conn.sock.close()
            return
        self.lingering[conn] = 0

    def _on_lingering_readable(self, conn: GuardedConn, _sock: socket.socket) -> None:
        data = _receive(conn)
        if data is None:
            return
        self.lingering[conn] += len(data)
        if not data or self.lingering[conn] >= LINGER_BYTES:
            self._end_linger(conn)

    def _end_linger(self, conn: GuardedConn) -> None:
        self.lingering.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)
        conn.sock.close()

    def murder_pending(self) -> None:
        """Also close connections whose request did not arrive in time (every loop, ~1 s)."""
        super().murder_pending()
        now = time.monotonic()
        expired = [conn for conn in self.reading if conn.deadline <= now or not self.alive]
        for conn in expired:
            self._stop_reading(conn)
            self._drop(conn)
        for conn in [conn for conn in self.lingering if conn.deadline <= now or not self.alive]:
            self._end_linger(conn)


def with_head_timeout(seconds: float) -> type[GuardedThreadWorker]:
    """The worker class, closing a connection whose request head (and small body) has not arrived
    ``seconds`` after it connected or after its previous response (HEAD_TIMEOUT_SECONDS: the
    class itself). gunicorn takes the class as its worker_class, in the process that forks."""
    if seconds == HEAD_TIMEOUT_SECONDS:
        return GuardedThreadWorker
    return type(GuardedThreadWorker.__name__, (GuardedThreadWorker,), {"head_timeout_seconds": seconds})
