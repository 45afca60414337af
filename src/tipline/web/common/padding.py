"""Every response of the source interface padded to one of a few sizes (docs/padding-design.md).

A network observer who sees a source's traffic (or the Tor cells of it) must not learn from the
bytes which page the source read: replies or none, an error or a success. This WSGI middleware
wraps the whole Flask app, so that it sees each response last, after the session cookie was
set or deleted, and pads the body with spaces so that the status line, the headers (Content-
Length included) and the body together make exactly a bucket. Spaces are inert after
``</html>``, in CSS and SVG, and past the end of an image.

Two series: every page (HTML: forms, replies, errors, redirects) is PAGE_FLOOR (12 KiB), or that
doubled as often as needed; everything else (the stylesheets: the same file for every source and
every page, so its size tells nothing) is ASSET_FLOOR (4 KiB) doubled likewise. A page and its
stylesheet together stay within the 16 KiB that every page view was held to before.

What is left to the server is the same for every page: gunicorn adds ``Server``, ``Date`` (fixed
length; the app's own is dropped here) and ``Connection`` (keep-alive, or close after a refused
upload). Nothing here compresses, and gunicorn does not either (a compressed page's size would
again depend on its content).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

PAGE_FLOOR = 12 * 1024
ASSET_FLOOR = 4 * 1024
_SEPARATOR = 2  # ": " or "\r\n"
_PAD = b" "

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def response_bucket(size: int, floor: int = PAGE_FLOOR) -> int:
    """``floor``, doubled until ``size`` fits."""
    bucket = floor
    while bucket < size:
        bucket *= 2
    return bucket


def floor_for(content_type: str | None) -> int:
    """Pages (HTML, and anything without a type) on one series, assets on the other."""
    kind = (content_type or "text/html").split(";", 1)[0].strip().lower()
    return PAGE_FLOOR if kind == "text/html" else ASSET_FLOOR


def head_bytes(status: str, headers: Iterable[tuple[str, str]]) -> int:
    """The bytes of ``HTTP/1.1 <status>``, the headers and the blank line, as sent (latin-1)."""
    size = len("HTTP/1.1 ") + len(status.encode("latin-1")) + _SEPARATOR
    for name, value in headers:
        size += len(name.encode("latin-1")) + _SEPARATOR + len(value.encode("latin-1")) + _SEPARATOR
    return size + _SEPARATOR


def padded_length(status: str, headers: list[tuple[str, str]], content_length: int) -> int:
    """The Content-Length that makes head (``headers`` plus Content-Length) and body a bucket."""
    base = head_bytes(status, [*headers, ("Content-Length", "")])
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    target = response_bucket(base + len(str(content_length)) + content_length, floor_for(content_type))
    while True:
        # Content-Length's own digits count: try each width until one is consistent.
        for digits in range(1, 20):
            length = target - base - digits
            if length >= content_length and len(str(length)) == digits:
                return length
        target *= 2


class PaddedResponses:
    """WSGI middleware: each response's whole size is a bucket (see the module's docstring)."""

    def __init__(self, app: WSGIApp) -> None:
        self._app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        captured: list[tuple[str, list[tuple[str, str]], Any]] = []
        chunks: list[bytes] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
            captured[:] = [(status, headers, exc_info)]
            return chunks.append

        result = self._app(environ, capture)
        try:
            # Source pages are small and held in memory anyway (templates, a stylesheet); the
            # source interface streams nothing out.
            chunks.extend(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers, exc_info = captured[0]
        body = b"".join(chunks)
        code = int(status.split(" ", 1)[0])
        if code < 200 or code in (204, 304):  # no body allowed: a status line and headers only
            start_response(status, headers, exc_info)
            return [body]
        declared = next((v for k, v in headers if k.lower() == "content-length"), None)
        # The app's own Date (send_file sets one) is dropped: gunicorn sends its own in any case,
        # and one the app added would make static files 37 bytes longer than counted.
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "date")]
        is_head = environ.get("REQUEST_METHOD") == "HEAD"
        # A HEAD answer has no body but announces the GET's length: padded the same way.
        size = int(declared) if is_head and declared is not None and declared.isdigit() else len(body)
        length = padded_length(status, kept, size)
        start_response(status, [*kept, ("Content-Length", str(length))], exc_info)
        if is_head:
            return [b""]
        return [body + _PAD * (length - len(body))]
