"""A multipart/form-data body, read in large pieces and handed on one part at a time, pulled.

The boundaries are found by `multipart`'s sans-IO parser (``PushMultipartParser``: ``bytes.find``
over the whole buffer, so the scanning runs in C, not a Python loop). Nothing here is pushed: a
file part is a readable (:class:`Part`) whose ``read`` takes the next piece of the part from the
parser, which reads the next megabyte of the body only when the piece before is used up. So the
upload (``submissions.upload.EncryptedUpload``, into our age writer) reads a file part straight
from the socket, on the request's own thread, and no part is ever held whole, spooled or copied
through a pipe.

A body cut off (the client went away, or sent less than its Content-Length) raises
:class:`BodyCutOff` from the part being read: never a short, "complete" part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from multipart import MultipartError, MultipartSegment, ParserLimitReached, PushMultipartParser
from werkzeug.exceptions import BadRequest, ClientDisconnected, RequestEntityTooLarge
from werkzeug.http import parse_options_header

# The most of the body read at a time, from a server input with ``read1`` (one recv: whatever
# has arrived; tipline serve's, cli/guarded_worker.SocketBody): each read costs a Python call,
# a parser turn and a GIL hand-over, so few large ones (benchmarks/bench_upload.py).
READ_BYTES = 1024 * 1024
# From an input with only ``read`` (a chunked body, another server), which waits until it has
# all it was asked for: no more than a client may send before it waits for an answer (a 413).
BLOCKING_READ_BYTES = 64 * 1024
# A header line of a part, and their number: a browser sends two or three. A filename of a
# few thousand Hangul or invisible characters is taken (as data: the desk makes it safe,
# tests/functional/test_hostile_uploads.py), a header longer than this is refused (413).
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADERS = 8

_END = object()


class BodyCutOff(ClientDisconnected):
    """The body ended before its multipart stream did."""


class MalformedBody(BadRequest):
    """Not a multipart stream (a wrong boundary, a broken delimiter or header)."""


class TooManyParts(RequestEntityTooLarge):
    """More parts (fields and files) in one form than ``MAX_FORM_PARTS``.

    Told apart from a field over the form-memory limit (also a 413), so that a source who chose
    too many small files is not told that they were too large.
    """


class _Body:
    """The body as the parser's events, read from ``stream`` only when the events run out."""

    def __init__(self, stream: IO[bytes], length: int | None, boundary: bytes, max_length: int | None) -> None:
        self._stream = stream
        self._read1: Callable[[int], bytes] | None = getattr(stream, "read1", None)
        self._left = length  # None: until the stream ends (a chunked body)
        self._max_length = max_length
        self._read = 0
        try:
            # The length is enforced here (and a part without a body gets a CRLF added below).
            self._parser = PushMultipartParser(boundary, max_header_size=MAX_HEADER_BYTES, max_header_count=MAX_HEADERS)
        except MultipartError as error:
            raise MalformedBody(str(error)) from None
        self._events: Iterator[MultipartSegment | bytes | None] = iter(())
        self._dash_boundary = b"--" + boundary
        self._headers_then_delimiter = b"\r\n\r\n--" + boundary
        self._pieces: list[bytes] = []
        self._after_headers = False

    def next_event(self) -> MultipartSegment | bytes | object | None:
        """A part's headers, a piece of its content, None at its end, or _END after the last part."""
        while True:
            try:
                event = next(self._events, _END)
                if event is not _END:
                    self._after_headers = isinstance(event, MultipartSegment)
                    return event
                if self._parser.closed:
                    return _END
                # Parsing an empty chunk closes the parser: it raises unless the stream was complete.
                self._events = self._parser.parse(self._next_piece())
            except ParserLimitReached as error:
                raise RequestEntityTooLarge(str(error)) from None
            except MultipartError as error:
                raise MalformedBody(str(error)) from None

    def _next_piece(self) -> bytes:
        """The next chunk of the body, cut where a header block may be followed by a delimiter.

        RFC 2046 makes the CRLF between a part's headers and its body optional when the body is
        empty (Werkzeug's test client sends it so), but the parser needs the CRLF that begins a
        delimiter: where a part's headers have just ended and a delimiter follows at once, it is
        added. Only there: elsewhere the same bytes are content ending in CRLF, left as they are.
        """
        if not self._pieces:
            chunk = self._next_chunk()
            start = 0
            at = chunk.find(self._headers_then_delimiter)
            while at >= 0:
                # After a header line, not after an empty line (a browser's empty part).
                if at >= 2 and chunk[at - 2 : at] != b"\r\n":
                    self._pieces.append(chunk[start : at + 4])
                    start = at + 4
                at = chunk.find(self._headers_then_delimiter, at + 1)
            self._pieces.append(chunk[start:] if start else chunk)
        piece = self._pieces.pop(0)
        # The parser holds nothing back (a CR that may begin a delimiter) only right after headers
        # that end the piece before: its buffer is read for that (multipart 2, pinned in the lock).
        if self._after_headers and not self._parser._buffer and piece.startswith(self._dash_boundary):
            piece = b"\r\n" + piece
        return piece

    def _next_chunk(self) -> bytes:
        if self._left is None:
            chunk = self._stream.read(BLOCKING_READ_BYTES)
            self._read += len(chunk)
            if self._max_length is not None and self._read > self._max_length:
                raise RequestEntityTooLarge()
            return chunk
        if self._left == 0:
            return b""
        chunk = (
            self._read1(min(self._left, READ_BYTES))
            if self._read1
            else self._stream.read(min(self._left, BLOCKING_READ_BYTES))
        )
        if not chunk:
            raise BodyCutOff()
        self._left -= len(chunk)
        self._read += len(chunk)
        return chunk


class Part:
    """One part: its name, filename (None for a text field) and type, and its content to read."""

    def __init__(self, body: _Body, segment: MultipartSegment) -> None:
        self._body = body
        self.name, self.filename = _disposition(segment)
        self.content_type: str | None = segment.header("Content-Type")  # with its parameters
        self.headers: list[tuple[str, str]] = list(segment.headerlist)
        # A bare CR or LF inside a header line (found by fuzz/fuzz_multipart.py): no browser sends one.
        if any("\r" in text or "\n" in text for header in self.headers for text in header):
            raise MalformedBody("a line break inside a part's header")
        self._piece = b""
        self._at = 0
        self.ended = False

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes of the content (all that the parser holds if ``size`` < 0); b""
        only at the part's end. Raises BodyCutOff (or MalformedBody) rather than end a part early."""
        if self._at >= len(self._piece):
            if self.ended:
                return b""
            event = self._body.next_event()
            if event is None:
                self.ended = True
                self._piece = b""
                return b""
            if not isinstance(event, bytes):  # the parser ends a part before it starts another
                raise MalformedBody("a part without its end")
            self._piece, self._at = event, 0
        start = self._at
        end = len(self._piece) if size < 0 else min(len(self._piece), start + size)
        self._at = end
        # The whole piece, when asked for, is handed on as it is (no copy).
        return self._piece if start == 0 and end == len(self._piece) else self._piece[start:end]

    def skip(self) -> None:
        """Read the rest of the part and drop it."""
        while self.read():
            pass

    def text(self, limit: int | None) -> str:
        """The content as text (UTF-8, undecodable bytes replaced); over ``limit`` bytes: a 413."""
        pieces: list[bytes] = []
        size = 0
        while piece := self.read():
            size += len(piece)
            if limit is not None and size > limit:
                raise RequestEntityTooLarge()
            pieces.append(piece)
        return b"".join(pieces).decode("utf-8", "replace")


def parts(
    stream: IO[bytes],
    length: int | None,
    boundary: bytes,
    *,
    max_parts: int | None,
    max_length: int | None = None,
) -> Iterator[Part]:
    """The parts of a multipart body, each to be read (or skipped) before the next is taken.

    ``length`` is the Content-Length (read exactly that much; None: until ``stream`` ends, with
    ``max_length`` the most that is read). More than ``max_parts`` parts raise TooManyParts.
    After the last part the rest of the body (an epilogue) is read too, so that the connection
    can carry the next request.
    """
    body = _Body(stream, length, boundary, max_length)
    count = 0
    previous: Part | None = None
    while True:
        if previous is not None and not previous.ended:
            previous.skip()
        event = body.next_event()
        if event is _END:
            return
        if not isinstance(event, MultipartSegment):  # content or an end with no part started
            raise MalformedBody("content outside a part")
        count += 1
        if max_parts is not None and count > max_parts:
            raise TooManyParts()
        previous = Part(body, event)
        yield previous


def _disposition(segment: MultipartSegment) -> tuple[str, str | None]:
    """The part's name and filename as Werkzeug reads them (as before this parser): quoted-string
    escapes undone, and ``filename*=`` (RFC 5987) preferred to ``filename=`` when both are sent."""
    # Sent twice (no browser does): the last, as the parser itself reads it.
    sent = [value for name, value in segment.headerlist if name.lower() == "content-disposition"]
    _kind, options = parse_options_header(sent[-1] if sent else "")
    return options.get("name", segment.name or ""), options.get("filename")
