"""What the guarded gunicorn worker decides from a request head, before any thread sees it."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import pytest
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from tipline.cli import serve
from tipline.cli.guarded_worker import (
    HEAD_TIMEOUT_SECONDS,
    SMALL_BODY_BYTES,
    GuardedThreadWorker,
    SocketBody,
    body_to_stream,
    unread_body_bytes,
    with_head_timeout,
    with_socket_body,
)


def head(*headers: str) -> bytes:
    return "\r\n".join(["POST /submit HTTP/1.1", "Host: tipline", *headers]).encode()


@pytest.mark.parametrize(
    ("headers", "wait_for"),
    [
        ((), 0),  # no body
        (("Content-Length: 0",), 0),
        (("Content-Length: 10",), 10),
        ((f"content-length: {SMALL_BODY_BYTES}",), SMALL_BODY_BYTES),  # header names in any case
        ((f"Content-Length: {SMALL_BODY_BYTES + 1}",), None),  # an upload: streamed
        (("Transfer-Encoding: chunked",), None),
        (("Content-Length: 10", "Content-Length: 10"), None),  # gunicorn decides about these
        (("Content-Length: -1",), None),
        (("Content-Length: 1e3",), None),
        (("Content-Length: 10", "Expect: 100-continue"), None),  # the client waits for a 100
    ],
)
def test_small_bodies_are_awaited_in_the_event_loop_and_others_streamed(
    headers: tuple[str, ...], wait_for: int | None
) -> None:
    assert wait_for == body_to_stream(head(*headers))


def test_read1_hands_over_what_has_arrived_and_keeps_gunicorns_count() -> None:
    """The upload path's read: what gunicorn holds first, then one recv each, never past the body,
    never waiting for more than has arrived; gunicorn's count of what is left stays right."""
    content = os.urandom(300_000)
    client, server = socket.socketpair()
    with client, server:
        unreader = SocketUnreader(server)
        unreader.unread(content[:1000])  # read along with the request head
        body = Body(LengthReader(unreader, len(content)))
        environ: dict[str, Any] = {"wsgi.input": body}
        assert body is with_socket_body(environ)
        given = environ["wsgi.input"]
        assert isinstance(given, SocketBody)

        assert content[:1000] == given.read1(1024 * 1024)  # only what was held: no recv
        client.sendall(content[1000:5000])
        assert content[1000:5000] == given.read1(1024 * 1024)  # what has arrived, not a megabyte
        assert len(content) - 5000 == unread_body_bytes(body)
        sender = threading.Thread(target=client.sendall, args=(content[5000:] + b"the next request",))
        sender.start()
        received = [content[:5000]]
        while piece := given.read1(64 * 1024):
            assert len(piece) <= 64 * 1024
            received.append(piece)
        sender.join()
        assert content == b"".join(received)
        assert 0 == unread_body_bytes(body)
        assert b"the next request" == server.recv(100)  # nothing read past the body


def test_only_a_body_of_known_length_gets_read1() -> None:
    assert with_socket_body({"wsgi.input": object()}) is None


def test_the_head_deadline_is_20_seconds_unless_serve_is_given_another() -> None:
    """`tipline serve` without --head-timeout runs the worker itself (a 20 s deadline); with one,
    a subclass that differs only in its deadline (tests/functional/test_slow_clients.py times it)."""
    assert 20.0 == HEAD_TIMEOUT_SECONDS == serve.HEAD_TIMEOUT_SECONDS
    assert GuardedThreadWorker.head_timeout_seconds == HEAD_TIMEOUT_SECONDS
    assert with_head_timeout(HEAD_TIMEOUT_SECONDS) is GuardedThreadWorker
    assert GuardedThreadWorker is serve._gunicorn_options("127.0.0.1:0", 8, 1, 20.0)["worker_class"]
    shorter = with_head_timeout(2.5)
    assert issubclass(shorter, GuardedThreadWorker)
    assert 2.5 == shorter.head_timeout_seconds
    assert shorter is not GuardedThreadWorker
