"""PaddedResponses on a bare WSGI app: bodies padded, bodiless statuses left alone, results closed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tipline.web.common.padding import ASSET_FLOOR, PAGE_FLOOR, PaddedResponses, head_bytes


class _Body:
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts
        self.closed = False

    def __iter__(self) -> Any:
        return iter(self.parts)

    def close(self) -> None:
        self.closed = True


def _call(
    status: str, headers: list[tuple[str, str]], body: _Body, method: str = "GET"
) -> tuple[str, list[tuple[str, str]], bytes]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response(status, headers)
        return body

    seen: list[tuple[str, list[tuple[str, str]]]] = []
    result = PaddedResponses(app)({"REQUEST_METHOD": method}, lambda s, h, e=None: seen.append((s, h)))
    return seen[0][0], seen[0][1], b"".join(result)


def test_a_page_in_pieces_becomes_exactly_the_bucket_and_the_result_is_closed() -> None:
    body = _Body([b"<!doctype html><p>", b"a reply", b"</p>"])
    status, headers, data = _call(
        "200 OK", [("Content-Type", "text/html"), ("Date", "x"), ("Content-Length", "29")], body
    )
    assert body.closed
    assert data.startswith(b"<!doctype html><p>a reply</p>")
    assert data.rstrip(b" ") == b"".join(body.parts)
    assert "Date" not in dict(headers)
    assert PAGE_FLOOR == head_bytes(status, headers) + len(data)
    assert str(len(data)) == dict(headers)["Content-Length"]


def test_assets_take_the_small_series_and_large_pages_double() -> None:
    status, headers, data = _call("200 OK", [("Content-Type", "text/css")], _Body([b"p{}"]))
    assert ASSET_FLOOR == head_bytes(status, headers) + len(data)
    status, headers, data = _call("200 OK", [("Content-Type", "text/html")], _Body([b"x" * 20_000]))
    assert 2 * PAGE_FLOOR == head_bytes(status, headers) + len(data)


def test_no_body_statuses_are_left_alone() -> None:
    for status in ("304 Not Modified", "204 No Content"):
        assert (status, [("ETag", '"a"')], b"") == _call(status, [("ETag", '"a"')], _Body([]))


def test_head_announces_the_padded_length_without_a_body() -> None:
    headers = [("Content-Type", "text/html"), ("Content-Length", "1234")]
    status, padded, data = _call("200 OK", headers, _Body([]), method="HEAD")
    assert b"" == data
    assert PAGE_FLOOR == head_bytes(status, padded) + int(dict(padded)["Content-Length"])
