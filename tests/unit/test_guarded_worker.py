"""What the guarded gunicorn worker decides from a request head, before any thread sees it."""

from __future__ import annotations

import pytest

from tipline.cli.guarded_worker import SMALL_BODY_BYTES, body_to_stream


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
