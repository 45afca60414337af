"""A source sends a message and a file, then reads a reply — over HTTP, nothing mocked."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.padding import unpad
from tipline.services import Services
from tipline.submissions.manifest import Manifest


def create_account(client: FlaskClient) -> str:
    page = client.get("/generate").get_data(as_text=True)
    codename = codename_on_page(page)
    response = client.post("/create", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/lookup")
    return codename


def submit(client: FlaskClient, message: str, files: list[tuple[bytes, str]]) -> int:
    page = client.get("/lookup").get_data(as_text=True)
    data: dict[str, object] = {
        "csrf_token": csrf_token(page),
        "message": message,
        "files": [(io.BytesIO(content), name) for content, name in files],
    }
    return client.post("/submit", data=data, content_type="multipart/form-data").status_code


def api_token(client: FlaskClient, services: Services) -> str:
    journalist = make_journalist(services)
    response = client.post(
        "/api/v1/token",
        json={"username": "reporter", "passphrase": journalist.passphrase, "one_time_code": current_code(journalist)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return str(response.get_json()["token"])


def test_source_submits_and_newsroom_decrypts(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    """What a source sends arrives encrypted to the newsroom, with its filename only in the manifest."""
    create_account(source_client)
    assert submit(source_client, "The officer takes bribes.", [(b"%PDF-1.4 evidence", "ledger.pdf")]) == 302

    token = api_token(journalist_client, services)
    headers = {"Authorization": f"Token {token}"}
    sources = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"]
    assert len(sources) == 1
    assert sources[0]["age_recipient"].startswith("age1")
    assert sources[0]["number_of_submissions"] == 2
    listing = journalist_client.get(sources[0]["submissions_url"], headers=headers).get_json()["submissions"]
    plaintexts = {}
    for item in listing:
        download = journalist_client.get(item["download_url"], headers=headers)
        assert f'"sha256:{item["sha256"]}"' == download.headers["ETag"]
        plaintexts[item["uuid"]] = unpad(decrypt_bytes(download.data, [newsroom_identity]))
    manifest_blob = journalist_client.get(listing[0]["manifest_url"], headers=headers).data
    manifest = Manifest.from_json(unpad(decrypt_bytes(manifest_blob, [newsroom_identity])))
    by_kind = {item.kind: item for item in manifest.items}
    assert plaintexts[by_kind["message"].submission] == b"The officer takes bribes."
    assert plaintexts[by_kind["file"].submission] == b"%PDF-1.4 evidence"
    assert by_kind["file"].filename == "ledger.pdf"


def test_source_reads_reply_after_logging_back_in(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    codename = create_account(source_client)
    submit(source_client, "hello", [])
    token = api_token(journalist_client, services)
    headers = {"Authorization": f"Token {token}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    root = journalist_client.get("/api/v1/", headers=headers).get_json()
    armored = encrypt_bytes(
        b"We read it. Can you tell us more?", [source["age_recipient"], root["newsroom_recipient"]], armored=True
    ).decode()
    assert journalist_client.post(source["replies_url"], json={"reply": armored}, headers=headers).status_code == 201

    page = source_client.get("/lookup").get_data(as_text=True)
    source_client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert source_client.get("/lookup").status_code == 302

    login_page = source_client.get("/login").get_data(as_text=True)
    # Typed back in upper case with extra spaces: normalisation makes it work.
    typed = "  " + codename.upper().replace(" ", "   ") + " "
    response = source_client.post("/login", data={"csrf_token": csrf_token(login_page), "codename": typed})
    assert response.status_code == 302
    lookup = source_client.get("/lookup").get_data(as_text=True)
    assert "We read it. Can you tell us more?" in lookup


@pytest.mark.parametrize("typed", ["wrong words entirely here now ok", ""])
def test_wrong_codename_is_refused_clearly(source_client: FlaskClient, typed: str) -> None:
    page = source_client.get("/login").get_data(as_text=True)
    response = source_client.post("/login", data={"csrf_token": csrf_token(page), "codename": typed})
    assert response.status_code in (400, 401)
    assert "codename" in response.get_data(as_text=True).lower()
