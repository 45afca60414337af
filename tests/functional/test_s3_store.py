"""The whole intake path works with the blobs in a real S3 server (SeaweedFS) instead of a folder."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories.forms import csrf_token
from tests.functional.test_source_story import api_token, create_account
from tipline.config import Settings
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services, prepare_store
from tipline.storage.s3 import S3BlobStore
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app


def submit_big(client: FlaskClient, message: str, content: bytes, filename: str) -> int:
    """Like the story's submit, with the body encoded in memory: Werkzeug's test client spools big
    bodies to a temporary file it never closes (a ResourceWarning that is not ours)."""
    page = client.get("/lookup").get_data(as_text=True)
    fields = {"csrf_token": csrf_token(page), "message": message, "files": FileStorage(io.BytesIO(content), filename)}
    boundary, body = encode_multipart(fields)
    response = client.post("/submit", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    return response.status_code


@pytest.fixture
def s3_services(settings: Settings, s3_settings: dict[str, str]) -> Iterator[Services]:
    configured = settings.replace(**s3_settings)
    upgrade(configured.effective_database_url)
    prepare_store(configured)
    built = build_services(configured)
    yield built
    built.close()


def test_source_submission_lands_in_s3_and_opens_for_the_newsroom(
    s3_services: Services, newsroom_identity: str
) -> None:
    assert isinstance(s3_services.store, S3BlobStore)
    source = create_source_app(s3_services).test_client()
    journalist = create_journalist_app(s3_services).test_client()
    create_account(source)
    big = b"%PDF-1.4 " + bytes(range(256)) * 40_000  # ~10 MiB: more than one part
    assert 302 == submit_big(source, "See the attached ledger.", big, "ledger.pdf")

    # Three blobs (message, file, manifest) are in the bucket and nothing is half-written
    assert 3 == len(list(s3_services.store.keys()))
    assert [] == s3_services.store.incomplete()

    token = api_token(journalist, s3_services)
    headers = {"Authorization": f"Token {token}"}
    listed = journalist.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    items = journalist.get(listed["submissions_url"], headers=headers).get_json()["submissions"]
    plaintexts = {
        unpad(decrypt_bytes(journalist.get(item["download_url"], headers=headers).data, [newsroom_identity]))
        for item in items
    }
    assert {b"See the attached ledger.", big} == plaintexts


def test_a_cut_off_upload_leaves_nothing_in_s3(s3_services: Services) -> None:
    """The connection drops after 10 MiB of a 12 MiB file (an S3 multipart upload was under way):
    no object and no incomplete multipart upload remain, and no row was written."""
    source = create_source_app(s3_services).test_client()
    create_account(source)
    page = source.get("/lookup").get_data(as_text=True)
    content = bytes(range(256)) * (12 * 4096)
    fields = {"csrf_token": csrf_token(page), "message": "", "files": FileStorage(io.BytesIO(content), "x.bin")}
    boundary, body = encode_multipart(fields)
    response = source.post(
        "/submit",
        data=body[: 10 * 1024 * 1024],
        content_type=f"multipart/form-data; boundary={boundary}",
        environ_overrides={"CONTENT_LENGTH": str(len(body))},
    )
    assert response.status_code in (400, 413)
    assert [] == list(s3_services.store.keys())
    assert [] == s3_services.store.incomplete()
