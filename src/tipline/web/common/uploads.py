"""File parts read straight into the encryptor, on the request's own thread.

Werkzeug's form parser spools large file parts to *plaintext* temporary files. Our request class
parses multipart bodies itself (:mod:`tipline.web.common.multipart`) and hands each file part to
a sink chosen per endpoint: on the submit endpoint an :class:`EncryptedUpload`, which reads the
part from the parser, which reads the socket, into our age writer (crypto/age_writer.py);
elsewhere a sink that reads and drops it. Nothing is ever spooled, nothing goes through a pipe
or a thread.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Protocol, cast

from flask import Flask, Request
from werkzeug.datastructures import FileStorage, Headers, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from tipline.web.common.multipart import MalformedBody, Part, parts


class UploadSink(Protocol):
    """What a file part is handed to: it reads the part to its end (or raises)."""

    complete: bool

    def receive(self, part: Part, /) -> None: ...

    def abort(self) -> None: ...


class DiscardingSink:
    """For file parts sent to routes that take no files (or by a browser with no session)."""

    complete = False

    def receive(self, part: Part, /) -> None:
        part.skip()
        self.complete = True

    def abort(self) -> None:
        """Nothing was kept."""


UploadFactory = Callable[[], UploadSink]


def discard_uploads() -> None:
    """The current request's file parts are read and dropped: nothing is encrypted or written."""
    from flask import request

    request.__dict__["discard_uploads"] = True


def install_streamed_uploads(app: Flask, endpoints: dict[str, UploadFactory]) -> None:
    """File parts for ``endpoints`` go to the endpoint's factory; every other file part is dropped."""

    class StreamingRequest(Request):
        def _load_form_data(self) -> None:
            if "form" in self.__dict__:
                return
            if self.mimetype != "multipart/form-data":
                super()._load_form_data()
                return
            form: MultiDict[str, str] = MultiDict()
            files: MultiDict[str, FileStorage] = MultiDict()
            stream, length = self._body()
            # Set before the body is read: whatever fails half-way, nothing reads the body again
            # and nothing half-parsed is handed on (an error page reads request.form too).
            self.__dict__.update(stream=io.BytesIO(), form=MultiDict(), files=MultiDict())
            boundary = self.mimetype_params.get("boundary", "")
            if not boundary or not boundary.isascii():
                raise MalformedBody("no usable boundary")
            for part in parts(
                stream,
                length,
                boundary.encode("ascii"),
                max_parts=self.max_form_parts,
                max_length=self.max_content_length,
            ):
                if part.filename is None:
                    form.add(part.name, part.text(self.max_form_memory_size))
                    continue
                sink = self._sink()
                stream = cast(IO[bytes], sink)
                files.add(part.name, FileStorage(stream, part.filename, part.name, headers=Headers(part.headers)))
                sink.receive(part)
            self.__dict__.update(form=form, files=files)

        def _body(self) -> tuple[IO[bytes], int | None]:
            """The body, and how much of it to read (None: until it ends)."""
            length = self.content_length
            if length is not None and self.max_content_length is not None and length > self.max_content_length:
                raise RequestEntityTooLarge()
            cached = getattr(self, "_cached_data", None)
            if cached is not None:
                return io.BytesIO(cached), len(cached)
            if length is not None:
                # The server's own input, read exactly to the Content-Length: Werkzeug's wrapper
                # around it copies every read twice more (benchmarks/bench_upload.py).
                return cast(IO[bytes], self.environ["wsgi.input"]), length
            return self.stream, None  # chunked: Werkzeug's wrapper ends it and caps it

        def _sink(self) -> UploadSink:
            factory = None if self.__dict__.get("discard_uploads") else endpoints.get(self.endpoint or "")
            sink = factory() if factory is not None else DiscardingSink()
            self.__dict__.setdefault("open_uploads", []).append(sink)
            return sink

    app.request_class = StreamingRequest

    @app.teardown_request
    def _abort_unfinished(_error: BaseException | None) -> None:
        from flask import request

        # Whatever was not finished and committed by the view is discarded: all or nothing.
        for sink in request.__dict__.pop("open_uploads", []):
            sink.abort()
