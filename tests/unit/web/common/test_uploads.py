"""Streamed uploads: file parts go into the encryptor on the submit route, nowhere on other routes,
and whatever the view did not take is aborted at teardown."""

from __future__ import annotations

import io
import os

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.exceptions import RequestEntityTooLarge

from tests.factories.forms import csrf_token
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.services import Services
from tipline.submissions.upload import READ_BYTES
from tipline.web.common.multipart import Part, TooManyParts
from tipline.web.common.uploads import install_streamed_uploads


def incoming_and_blobs(services: Services) -> tuple[list[str], list[str]]:
    incoming = sorted(p.name for p in (services.settings.effective_store_dir / ".incoming").iterdir())
    return incoming, list(services.store.keys())


def create_account(client: FlaskClient) -> None:
    page = client.get("/generate").get_data(as_text=True)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code


def test_a_file_sent_with_a_bad_csrf_token_is_discarded(source_client: FlaskClient, services: Services) -> None:
    """The body is encrypted as it arrives, before CSRF can be checked: the teardown must abort it."""
    create_account(source_client)
    response = source_client.post(
        "/submit",
        data={"csrf_token": "forged", "message": "", "files": [(io.BytesIO(b"x" * 300_000), "a.pdf")]},
        content_type="multipart/form-data",
    )
    assert 400 == response.status_code
    assert ([], []) == incoming_and_blobs(services)


def test_a_file_sent_to_a_route_that_takes_none_is_dropped(source_client: FlaskClient, services: Services) -> None:
    page = source_client.get("/login").get_data(as_text=True)
    response = source_client.post(
        "/login",
        data={"csrf_token": csrf_token(page), "codename": "a b c", "files": [(io.BytesIO(b"y" * 1000), "b.txt")]},
        content_type="multipart/form-data",
    )
    assert 401 == response.status_code
    assert ([], []) == incoming_and_blobs(services)


def test_a_file_on_the_submit_route_is_stored_encrypted(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    create_account(source_client)
    page = source_client.get("/lookup").get_data(as_text=True)
    # Under 500 KB: above that, Werkzeug's *test client* spools the request body it builds to a
    # temporary file it never closes (a ResourceWarning); the server side is what is tested here.
    content = b"%PDF " + bytes(range(256)) * 1500
    response = source_client.post(
        "/submit",
        data={"csrf_token": csrf_token(page), "message": "", "files": [(io.BytesIO(content), "big.pdf")]},
        content_type="multipart/form-data",
    )
    assert 302 == response.status_code
    incoming, blobs = incoming_and_blobs(services)
    assert [] == incoming
    plaintexts = []
    for key in blobs:
        with services.store.open(key) as blob:
            ciphertext = blob.read()
        assert content[:1000] not in ciphertext
        plaintexts.append(unpad(decrypt_bytes(ciphertext, [newsroom_identity])))
    assert content in plaintexts


def _counting_app() -> Flask:
    """Our request class with tiny limits: 3 parts, fields of 100 bytes, so the parser reads the
    body 100 bytes at a time and delimiters are cut between reads."""
    app = Flask(__name__)
    app.config.update(MAX_FORM_PARTS=3, MAX_FORM_MEMORY_SIZE=100)
    install_streamed_uploads(app, {})

    @app.post("/form")
    def form() -> str:
        return str(len(request.form.getlist("f")))

    @app.errorhandler(TooManyParts)
    def _parts(_error: TooManyParts) -> tuple[str, int]:
        return "too many parts", 413

    @app.errorhandler(RequestEntityTooLarge)
    def _size(_error: RequestEntityTooLarge) -> tuple[str, int]:
        return "too large", 413

    return app


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["a", "b", "c"], (200, "3")),
        (["a", "b", "c", "d"], (413, "too many parts")),
        (["a"] * 10_000, (413, "too many parts")),
        (["a", "x" * 200], (413, "too large")),  # a field too large is not called too many parts
        (["x" * 200, "b", "c", "d"], (413, "too large")),
    ],
    ids=["at the limit", "one over", "ten thousand", "a large field", "a large field first"],
)
def test_too_many_parts_is_told_apart_from_too_large(values: list[str], expected: tuple[int, str]) -> None:
    boundary = "tipline-boundary"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\n{value}\r\n'.encode() for value in values
    )
    response = (
        _counting_app()
        .test_client()
        .post(
            "/form",
            data=body + f"--{boundary}--\r\n".encode(),
            content_type=f"multipart/form-data; boundary={boundary}",
        )
    )
    assert expected == (response.status_code, response.get_data(as_text=True))


def test_a_file_larger_than_a_small_form_memory_limit_arrives_whole() -> None:
    """With a form-memory limit under 64 KiB the parser read the whole limit at a time, left no
    room for what a read leaves behind, and refused every binary file larger than the limit."""
    app = Flask(__name__)
    app.config.update(MAX_FORM_MEMORY_SIZE=32 * 1024)
    install_streamed_uploads(app, {})

    @app.post("/form")
    def form() -> str:
        return ",".join(storage.filename or "" for storage in request.files.getlist("files"))

    client = app.test_client()
    statuses = [
        client.post(
            "/form",
            data={"message": "x", "files": [(io.BytesIO(os.urandom(400_000)), "big.bin")]},
            content_type="multipart/form-data",
        ).status_code
        for _ in range(5)
    ]
    assert [200] * 5 == statuses


class SeenSink:
    """A file part's size, read as EncryptedUpload reads it (up to ``READ_BYTES`` at a time)."""

    complete = False

    def __init__(self) -> None:
        self.size = 0

    def receive(self, part: Part, /) -> None:
        while piece := part.read(READ_BYTES):
            self.size += len(piece)
        self.complete = True

    def abort(self) -> None:
        """Nothing kept."""


def test_a_chunked_body_is_read_until_it_ends() -> None:
    """No Content-Length (Transfer-Encoding: chunked): read until the server's input ends."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=10**6)
    install_streamed_uploads(app, {"form": SeenSink})

    @app.post("/form")
    def form() -> str:
        sink = request.files["f"].stream
        assert isinstance(sink, SeenSink)
        return f"{request.form['m']} {sink.size} {sink.complete}"

    boundary = "chunked-boundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="m"\r\n\r\nhi\r\n'
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n'
    body = head.encode() + b"x" * 200_000 + f"\r\n--{boundary}--\r\n".encode()
    response = app.test_client().post(
        "/form",
        environ_overrides={
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",  # the client would make its own
            "wsgi.input": io.BytesIO(body),
            "wsgi.input_terminated": True,  # as gunicorn says: it ends a chunked body
            "HTTP_TRANSFER_ENCODING": "chunked",
        },
    )
    assert (200, "hi 200000 True") == (response.status_code, response.get_data(as_text=True))
