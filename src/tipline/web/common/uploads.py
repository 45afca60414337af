"""Routing multipart file parts straight into the encryptor.

Werkzeug spools large file parts to *plaintext* temporary files. Our request class instead
hands each file part to a sink chosen per endpoint: on the submit endpoint an
:class:`EncryptedUpload`, elsewhere a sink that drops the bytes. Nothing is ever spooled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, cast

from flask import Flask, Request


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


def install_streamed_uploads(app: Flask, endpoints: dict[str, UploadFactory]) -> None:
    """File parts for ``endpoints`` go to the endpoint's factory; every other file part is dropped."""

    class StreamingRequest(Request):
        def _get_file_stream(
            self,
            total_content_length: int | None,
            content_type: str | None,
            filename: str | None = None,
            content_length: int | None = None,
        ) -> IO[bytes]:
            factory = endpoints.get(self.endpoint or "")
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
