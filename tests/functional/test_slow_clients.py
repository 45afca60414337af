"""Slow clients cannot deny the source interface to others (issue 12 part 3; threat T8).

Through Tor, a connection that sends a request slowly, or half a request and then nothing, costs
an attacker nothing. gunicorn's gthread worker gave each such connection one of its eight threads
for as long as it liked: eight of them and no new visitor was answered. These tests hold hundreds
of such connections against a live `tipline serve` and time a new source's first page; they also
check what a refusal leaves on a kept-alive connection, that an upload without a session is refused
before its body is read, and that many-part uploads cannot run the server out of file descriptors.
Every wait is bounded; every socket is closed at the end.
"""

from __future__ import annotations

import contextlib
import http.client
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.disk import incoming
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, LiveClient, create_account, lookup_token, multipart, multipart_parts
from tests.factories.slow_clients import SlowClients, connect, head
from tipline.web.source.app import MAX_FILES_PER_SUBMISSION

KIB = 1024
HELD_CONNECTIONS = 500
ANSWER_WITHIN_SECONDS = 1.0
# Long enough for every kind of held connection to have had its chance to block a thread
# (gunicorn's own first-byte wait is 5 s) and short enough to keep the test quick.
HOLD_SECONDS = 8.0
UPLOAD_LIMIT = 256 * KIB
FOLLOW_UPS = 20
SERVER_THREADS = 8  # `tipline serve`'s default --threads
# The shared server's deadline for a whole request head (`tipline serve --head-timeout`; 20 s by
# default, tests/unit/test_guarded_worker.py): long enough for the other tests' requests, which
# send their heads at once, short enough not to hold a test worker idle for 20 s.
HEAD_TIMEOUT_SECONDS = 4.0


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveInstance]:
    instance = serve(prepare_instance(tmp_path, settings_overrides={"max_upload_bytes": UPLOAD_LIMIT}))
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture(scope="module")
def shared_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveInstance]:
    """One server for the tests that look only at the answers on their own connections: the
    follow-ups (a refused request, then plain GETs), the head that never ends, the upload without
    a session (six `tipline serve` start-ups become one). The test that measures answer times
    under 500 held clients has a server of its own."""
    instance = serve(
        prepare_instance(tmp_path_factory.mktemp("follow-ups"), settings_overrides={"max_upload_bytes": UPLOAD_LIMIT}),
        "--head-timeout",
        str(HEAD_TIMEOUT_SECONDS),
    )
    try:
        yield instance
    finally:
        instance.stop()


@contextlib.contextmanager
def descriptor_limit(limit: int) -> Iterator[None]:
    """RLIMIT_NOFILE's soft limit for this process (and what it starts meanwhile)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < limit:
        pytest.skip(f"needs {limit} file descriptors; the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def timed_get(client: LiveClient, path: str = "/") -> float:
    """Seconds until a new visitor's GET has its whole answer (the test fails past 5 s)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(client.host, client.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert 200 == response.status
    finally:
        connection.close()
    return time.monotonic() - started


def test_a_new_source_is_answered_within_a_second_while_500_slow_clients_are_held(live: LiveInstance) -> None:
    client = LiveClient(live.source_url)
    timed_get(client)  # the worker is up and warm
    slow = SlowClients(client, HELD_CONNECTIONS)
    try:
        times = []
        deadline = time.monotonic() + HOLD_SECONDS
        while time.monotonic() < deadline:
            try:
                times.append(timed_get(client))
            except (TimeoutError, OSError) as error:
                pytest.fail(f"GET / failed while {HELD_CONNECTIONS} slow clients were held: {error!r}")
            time.sleep(0.5)
    finally:
        slow.close()
    assert max(times) < ANSWER_WITHIN_SECONDS, times


def test_a_request_head_that_never_ends_is_closed(shared_live: LiveInstance) -> None:
    """Closed without an answer once the head deadline (from the connection) has passed, not
    before: the server checks its deadlines about once a second."""
    client = LiveClient(shared_live.source_url)
    started = time.monotonic()
    with connect(client) as sock:
        sock.sendall(head("GET", "/"))
        sock.settimeout(HEAD_TIMEOUT_SECONDS + 20)
        assert b"" == sock.recv(1024)
        waited = time.monotonic() - started
    assert HEAD_TIMEOUT_SECONDS - 0.5 < waited < HEAD_TIMEOUT_SECONDS + 15


@pytest.mark.parametrize(
    ("method", "path", "body_bytes"),
    [
        ("POST", "/", 10 * KIB),  # 405, with a body gunicorn drains
        ("POST", "/", 128 * KIB),  # 405, with more body than gunicorn drains
        ("POST", "/submit", 128 * KIB),  # no session: refused before reading the body
        ("POST", "/submit", UPLOAD_LIMIT + 2 * 1024 * KIB),  # 413 from Content-Length alone
    ],
)
def test_follow_up_requests_on_the_same_connection_after_a_refusal_all_succeed(
    shared_live: LiveInstance, method: str, path: str, body_bytes: int
) -> None:
    client = LiveClient(shared_live.source_url)
    connection = client.connect()
    try:
        body = b"x" * body_bytes
        # Sent in full before the answer is read (as http.client does): what a refusal leaves
        # unread is on the connection, ahead of the next request.
        connection.request(method, path, body=body, headers={"Content-Type": "application/octet-stream"})
        refused = connection.getresponse()
        refused.read()
        assert refused.status in (302, 405, 413)
        succeeded = 0
        for _ in range(FOLLOW_UPS):
            # http.client reconnects by itself only when the answer said "Connection: close".
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            succeeded += response.status == 200
    finally:
        connection.close()
    assert FOLLOW_UPS == succeeded


def test_an_upload_without_a_session_is_refused_before_its_body_is_read(shared_live: LiveInstance) -> None:
    client = LiveClient(shared_live.source_url)
    before = incoming(shared_live)
    body, content_type = multipart([("csrf_token", "x")], [FilePart("files", "a.bin", b"y" * 64 * KIB)])
    with connect(client) as sock:
        request = head("POST", "/submit", f"Content-Type: {content_type}", f"Content-Length: {len(body)}")
        sock.sendall(request + b"\r\n" + body[: 32 * KIB])  # half the file, then nothing
        sock.settimeout(5)
        answer = http.client.HTTPResponse(sock, method="POST")
        answer.begin()  # answered while the rest of the body is still owed
        assert 302 == answer.status
        assert answer.getheader("Location", "").endswith("/login")
        assert before == incoming(shared_live)  # nothing of this upload was written


def test_many_part_uploads_cannot_exhaust_1024_descriptors(tmp_path: Path) -> None:
    with descriptor_limit(1024):
        live = serve(prepare_instance(tmp_path, settings_overrides={"max_upload_bytes": 4 * 1024 * KIB}))
    try:
        hold_many_part_uploads(live)
    finally:
        live.stop()


def hold_many_part_uploads(live: LiveInstance) -> None:
    held: list[socket.socket] = []
    try:
        client = LiveClient(live.source_url)
        create_account(client)
        token = lookup_token(client)
        # Every part opened, the last one held back: a large last file (the server reads the body
        # a MiB at a time, and would wait for a whole MiB before opening any part).
        files = [FilePart("files", f"{n}.bin", b"z" * KIB) for n in range(MAX_FILES_PER_SUBMISSION - 1)]
        files.append(FilePart("files", "last.bin", b"z" * 2 * 1024 * KIB))
        boundary = "slowboundary"
        parts, end = multipart_parts([("csrf_token", token), ("message", "m")], files, boundary)
        whole = b"".join(parts)
        length = len(whole) + len(end)
        body = whole[: -512 * KIB]
        headers = [f"{k}: {v}" for k, v in client.headers().items()]
        request = head(
            "POST",
            "/submit",
            *headers,
            f"Content-Type: multipart/form-data; boundary={boundary}",
            f"Content-Length: {length}",
        )
        # Twice as many as there are threads, each with every part open and its end held back.
        for _ in range(2 * SERVER_THREADS):
            sock = connect(client)
            sock.sendall(request + b"\r\n" + body)
            held.append(sock)
        deadline = time.monotonic() + 20
        while len(incoming(live)) < SERVER_THREADS * MAX_FILES_PER_SUBMISSION and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(incoming(live)) >= SERVER_THREADS * MAX_FILES_PER_SUBMISSION
        assert timed_get(client) < ANSWER_WITHIN_SECONDS
        message, content_type = multipart([("csrf_token", token), ("message", "still here")])
        assert 302 == client.post("/submit", message, content_type).status
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 20
    while incoming(live) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [] == incoming(live)
    assert "Too many open files" not in live.output()
