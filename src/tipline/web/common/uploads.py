"""Routing multipart file parts straight into the encryptor.

Werkzeug spools large file parts to *plaintext* temporary files. Our request class instead
hands each file part to a sink chosen per endpoint: on the submit endpoint an
:class:`EncryptedUpload`, elsewhere a sink that drops the bytes. Nothing is ever spooled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, cast

from flask import Flask, Request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser

# How much of the body the multipart parser reads at a time. Werkzeug's 64 KiB makes gunicorn's
# body reader copy what it buffered (up to 1 MiB) again for every read: measured, that copying
# held the GIL for most of an upload and starved the encryptor thread (benchmarks/bench_upload.py).
PARSE_BUFFER_BYTES = 1024 * 1024


class TooManyParts(RequestEntityTooLarge):
    """More parts (fields and files) in one form than ``MAX_FORM_PARTS``.

    Werkzeug refuses those with a bare RequestEntityTooLarge, as it does a field over its size:
    this tells the two apart, so that a source who chose too many small files is not told that
    they were too large.
    """


class _DelimiterCounter:
    """Reads a multipart body for the parser and counts the part delimiters that went by."""

    def __init__(self, stream: IO[bytes], boundary: bytes) -> None:
        self._stream = stream
        self._delimiter = b"--" + boundary
        self._tail = b""
        self.delimiters = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        # The tail is the last len(delimiter) - 1 bytes seen: too short to hold a delimiter, so
        # a delimiter in it plus the start of this read spans the two, and was not counted yet.
        # Only that seam is joined: copying every read (up to 1 MiB) would slow uploads down.
        keep = len(self._delimiter) - 1
        seam = self._tail + data[:keep]
        self.delimiters += seam.count(self._delimiter) + data.count(self._delimiter)
        self._tail = data[-keep:] if len(data) >= keep else seam[-keep:]
        return data


class DiscardingSink:
    """For file parts sent to routes that take no files."""

    def write(self, data: bytes) -> int:
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def read(self, size: int = -1) -> bytes:
        return b""

    def abort(self) -> None:
        """Nothing was kept."""


UploadFactory = Callable[[], Any]


def parse_buffer_size(max_form_memory_size: int | None) -> int:
    """PARSE_BUFFER_BYTES, or half the form-memory limit if that is less.

    Werkzeug refuses a read that makes its parse buffer exceed max_form_memory_size, whatever the
    part; half the limit leaves room for what a read leaves behind (at most a partial boundary).
    Never more than half: reading the whole limit (as this did under 64 KiB, Werkzeug's own read
    size) left no room, and every binary file larger than the limit was refused as too large.
    """
    if max_form_memory_size is None:
        return PARSE_BUFFER_BYTES
    return max(1, min(PARSE_BUFFER_BYTES, max_form_memory_size // 2))


class LargeReadFormDataParser(FormDataParser):
    """Werkzeug's parser, reading multipart bodies in pieces of :func:`parse_buffer_size` bytes."""

    def _parse_multipart(
        self, stream: IO[bytes], mimetype: str, content_length: int | None, options: dict[str, str]
    ) -> tuple[IO[bytes], MultiDict[str, str], MultiDict[str, FileStorage]]:
        # Same as Werkzeug 3.1's FormDataParser._parse_multipart but for buffer_size.
        parser = MultiPartParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=self.cls,
            buffer_size=parse_buffer_size(self.max_form_memory_size),
        )
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        counter = _DelimiterCounter(stream, boundary)
        try:
            form, files = parser.parse(cast(IO[bytes], counter), boundary, content_length)
        except RequestEntityTooLarge:
            # N parts take N + 1 delimiters (the last one closes the body): more than that many
            # read (the parser may not have reached them all) means more than N parts.
            if self.max_form_parts is not None and counter.delimiters > self.max_form_parts + 1:
                raise TooManyParts() from None
            raise
        return stream, form, files


def discard_uploads() -> None:
    """The current request's file parts are read and dropped: nothing is encrypted or written."""
    from flask import request

    request.__dict__["discard_uploads"] = True


def install_streamed_uploads(app: Flask, endpoints: dict[str, UploadFactory]) -> None:
    """File parts for ``endpoints`` go to the endpoint's factory; every other file part is dropped."""

    class StreamingRequest(Request):
        form_data_parser_class = LargeReadFormDataParser

        def _get_file_stream(
            self,
            total_content_length: int | None,
            content_type: str | None,
            filename: str | None = None,
            content_length: int | None = None,
        ) -> IO[bytes]:
            factory = None if self.__dict__.get("discard_uploads") else endpoints.get(self.endpoint or "")
            sink = factory() if factory is not None else DiscardingSink()
            self.__dict__.setdefault("open_uploads", []).append(sink)
            return cast(IO[bytes], sink)

    app.request_class = StreamingRequest

    @app.teardown_request
    def _abort_unfinished(_error: BaseException | None) -> None:
        from flask import request

        # Whatever was not finished and committed by the view is discarded: all or nothing.
        for sink in request.__dict__.pop("open_uploads", []):
            sink.abort()
