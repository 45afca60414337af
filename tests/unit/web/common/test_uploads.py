"""Streamed uploads: file parts go into the encryptor on the submit route, nowhere on other routes,
and whatever the view did not take is aborted at teardown."""

from __future__ import annotations

import io

from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tipline.crypto.age import decrypt_bytes
from tipline.services import Services


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
        plaintexts.append(decrypt_bytes(ciphertext, [newsroom_identity]))
    assert content in plaintexts
