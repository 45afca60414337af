"""The multipart parser reads big pieces without tripping Werkzeug's form-memory limit."""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.services import Services
from tipline.web.common.uploads import PARSE_BUFFER_BYTES, parse_buffer_size


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (None, PARSE_BUFFER_BYTES),
        (512 * 1024, 256 * 1024),  # the default message limit: half of it
        (64 * 1024 * 1024, PARSE_BUFFER_BYTES),
        (100 * 1024, 50 * 1024),  # always half: a read must leave room for what the last one left
        (10 * 1024, 5 * 1024),  # (reading the whole limit refused every file larger than it)
    ],
)
def test_parse_buffer_stays_within_the_form_memory_limit(limit: int | None, expected: int) -> None:
    assert expected == parse_buffer_size(limit)


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
