"""The multipart parser reads the body in big pieces, whatever the form-memory limit."""

from __future__ import annotations

import io
import os

from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.services import Services
from tipline.web.common.multipart import READ_BYTES, parts


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A browser-shaped body, built in memory (the test client would spool a big one to a file)."""
    boundary = "----TiplineTest" + os.urandom(8).hex()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _log_in(client: FlaskClient) -> str:
    page = client.get("/generate").get_data(as_text=True)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    return csrf_token(client.get("/lookup").get_data(as_text=True))


def test_a_file_many_times_the_form_memory_limit_arrives_whole(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    # Given a file of 3 MiB, six times the form-memory limit, read in 256 KiB pieces
    content = os.urandom(3 * 1024 * 1024 + 17)
    token = _log_in(source_client)
    body, content_type = _multipart({"csrf_token": token, "message": ""}, {"files": ("big.bin", content)})
    # When it is sent
    response = source_client.post("/submit", data=body, content_type=content_type)
    # Then it is stored, encrypted, byte for byte
    assert 302 == response.status_code
    store = services.submissions.store
    (blob,) = [key for key in store.keys() if store.size(key) > len(content)]  # noqa: SIM118 - not a dict
    with store.open(blob) as handle:
        assert content == unpad(decrypt_bytes(handle.read(), [newsroom_identity]))


def test_a_message_over_the_form_memory_limit_is_still_refused(source_client: FlaskClient) -> None:
    token = _log_in(source_client)
    body, content_type = _multipart({"csrf_token": token, "message": "x" * (600 * 1024)}, {})
    response = source_client.post("/submit", data=body, content_type=content_type)
    assert 413 == response.status_code


class RecordingInput(io.BytesIO):
    """The server's input (with read1, as tipline serve's), noting the size of each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        raise AssertionError("read1 is there: read would wait for all it asks for")

    def read1(self, size: int | None = -1, /) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read1(size)


def test_the_body_is_read_from_the_server_in_pieces_of_a_megabyte() -> None:
    """Each read of the server's input costs a copy of its buffer and a GIL hand-over: few, large
    reads (the form-memory limit, 512 KiB, has no say in them), the last one only what is left."""
    content = os.urandom(3 * READ_BYTES)
    body, content_type = _multipart({"csrf_token": "t", "message": ""}, {"files": ("big.bin", content)})
    given = RecordingInput(body)
    boundary = content_type.partition("boundary=")[2].encode()
    received = {}
    for part in parts(given, len(body), boundary, max_parts=3):
        received[part.name] = b"".join(iter(lambda part=part: part.read(8192), b""))  # type: ignore[misc]
    assert {"csrf_token": b"t", "message": b"", "files": content} == received
    assert [READ_BYTES] * 3 + [len(body) - 3 * READ_BYTES] == given.asked
