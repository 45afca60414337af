"""Journalist API v1 refuses what it must, always in JSON with a clear message."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
from typing import Any

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from werkzeug.test import TestResponse

from tests.factories.faults import lose_table
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.age import ARMOR_FOOTER, ARMOR_HEADER, decrypt_bytes, encrypt_bytes, generate_identity
from tipline.crypto.padding import unpad
from tipline.journalists.models import ApiToken
from tipline.journalists.records import NewJournalist
from tipline.services import Services

UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def journalist(services: Services) -> NewJournalist:
    return make_journalist(services)


@pytest.fixture
def token(journalist_client: FlaskClient, journalist: NewJournalist) -> str:
    response = journalist_client.post("/api/v1/token", json=credentials(journalist))
    assert 200 == response.status_code, response.get_data(as_text=True)
    return str(response.get_json()["token"])


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def credentials(journalist: NewJournalist, **changes: str) -> dict[str, str]:
    body = {
        "username": journalist.username,
        "passphrase": journalist.passphrase,
        "one_time_code": current_code(journalist),
    }
    body.update(changes)
    return body


def assert_json_error(response: TestResponse, status: int) -> dict[str, Any]:
    """The shape of every API error: the status, JSON, and a message a person can act on."""
    assert status == response.status_code, response.get_data(as_text=True)
    assert "application/json" == response.mimetype
    body = response.get_json()
    assert isinstance(body, dict)
    assert isinstance(body.get("error"), str)
    assert body["error"]
    assert isinstance(body.get("message"), str)
    assert len(body["message"]) >= 10
    return body


def source_with_submission(source_client: FlaskClient) -> str:
    """A source that sent a message and a file; returns its codename."""
    page = source_client.get("/generate").get_data(as_text=True)
    codename = codename_on_page(page)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    lookup = source_client.get("/lookup").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(lookup),
        "message": "the shipment leaves on Tuesday",
        "files": [(io.BytesIO(b"\x00binary evidence\xff" * 100), "evidence.bin")],
    }
    response = source_client.post("/submit", data=data, content_type="multipart/form-data")
    assert 302 == response.status_code
    return codename


# --- tokens ---


def wrong_code(journalist: NewJournalist) -> str:
    """A well-formed six-digit code that is valid for no step near now."""
    totp = pyotp.TOTP(journalist.totp_secret)
    near = {current_code(journalist, step_offset=offset) for offset in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(10**6)) if code not in near and totp.verify(code) is False)


@pytest.mark.parametrize("factor", ["passphrase", "username", "one_time_code"])
def test_token_with_a_wrong_factor_is_forbidden(
    journalist_client: FlaskClient, journalist: NewJournalist, factor: str
) -> None:
    """A wrong passphrase, unknown user or wrong TOTP code gets 403, without saying which was wrong."""
    wrong = {"passphrase": journalist.passphrase + "x", "username": "nobody", "one_time_code": wrong_code(journalist)}

    response = journalist_client.post("/api/v1/token", json=credentials(journalist, **{factor: wrong[factor]}))

    body = assert_json_error(response, 403)
    assert "token authentication failed" == body["message"]
    assert "token" not in body


def test_replayed_one_time_code_is_forbidden(journalist_client: FlaskClient, journalist: NewJournalist) -> None:
    """A TOTP code works once: the same code again (say, seen over a shoulder) gets 403."""
    body = credentials(journalist)
    assert 200 == journalist_client.post("/api/v1/token", json=body).status_code

    response = journalist_client.post("/api/v1/token", json=body)

    assert_json_error(response, 403)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(None, None, id="no body"),
        pytest.param(b"username=reporter", "application/x-www-form-urlencoded", id="form"),
        pytest.param(b"{not json", "application/json", id="broken JSON"),
        pytest.param(b'["reporter"]', "application/json", id="JSON array"),
        pytest.param(b"\xff\xfe\x00", "application/json", id="not UTF-8"),
    ],
)
def test_token_without_a_json_object_is_a_bad_request(
    journalist_client: FlaskClient, data: bytes | None, content_type: str | None
) -> None:
    """Missing or non-JSON bodies get 400 JSON, not a framework page."""
    response = journalist_client.post("/api/v1/token", data=data, content_type=content_type)

    body = assert_json_error(response, 400)
    assert "the request body must be a JSON object" == body["message"]


@pytest.mark.parametrize("missing", ["username", "passphrase", "one_time_code"])
def test_token_with_a_missing_field_is_a_bad_request(
    journalist_client: FlaskClient, journalist: NewJournalist, missing: str
) -> None:
    body = credentials(journalist)
    del body[missing]

    response = journalist_client.post("/api/v1/token", json=body)

    assert "username, passphrase and one_time_code are required strings" == assert_json_error(response, 400)["message"]


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="none"),
        pytest.param("Token ", id="empty"),
        pytest.param("Token not-a-real-token", id="invalid"),
        pytest.param("Bearer {token}", id="wrong scheme"),
        pytest.param("token {token}", id="lower-case scheme"),
    ],
)
def test_request_without_a_valid_token_is_unauthorized(
    journalist_client: FlaskClient, token: str, authorization: str | None
) -> None:
    """No token, or one that is not a live token in the right scheme: 403 JSON (SecureDrop's answer)."""
    headers = {} if authorization is None else {"Authorization": authorization.format(token=token)}

    response = journalist_client.get("/api/v1/sources", headers=headers)

    body = assert_json_error(response, 403)
    assert "Authorization: Token <token>" in body["message"]


def test_revoked_token_is_unauthorized(journalist_client: FlaskClient, auth: dict[str, str]) -> None:
    """After logout the same token no longer works."""
    assert 200 == journalist_client.post("/api/v1/logout", headers=auth).status_code

    assert_json_error(journalist_client.get("/api/v1/user", headers=auth), 403)


def test_expired_token_is_unauthorized(services: Services, journalist_client: FlaskClient) -> None:
    """A token past its lifetime is refused (tokens are stored with an hour-rounded expiry, so the
    test moves the row's expiry into the past rather than waiting)."""
    journalist = make_journalist(services, "hasty")
    issued = journalist_client.post("/api/v1/token", json=credentials(journalist))
    assert 200 == issued.status_code
    with services.sessions.begin() as session:
        session.execute(update(ApiToken).values(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)))

    response = journalist_client.get("/api/v1/user", headers={"Authorization": f"Token {issued.get_json()['token']}"})

    assert_json_error(response, 403)


# --- unknown objects and routes ---


@pytest.mark.parametrize(
    ("path", "what"),
    [
        (f"/api/v1/sources/{UNKNOWN_UUID}", "source"),
        (f"/api/v1/sources/{UNKNOWN_UUID}/submissions", "source"),
        (f"/api/v1/sources/{{source}}/submissions/{UNKNOWN_UUID}", "submission"),
        (f"/api/v1/sources/{{source}}/submissions/{UNKNOWN_UUID}/download", "submission"),
        (f"/api/v1/sources/{UNKNOWN_UUID}/submissions/{{submission}}/download", "submission"),
        (f"/api/v1/sources/{{source}}/batches/{UNKNOWN_UUID}/manifest", "batch"),
        ("/api/v1/sources/../../etc/passwd", None),
        ("/api/v1/no-such-endpoint", None),
    ],
)
def test_unknown_objects_are_not_found(
    journalist_client: FlaskClient, source_client: FlaskClient, auth: dict[str, str], path: str, what: str | None
) -> None:
    """Unknown sources, submissions, batches and routes: 404 JSON naming what was not found."""
    source_with_submission(source_client)
    source = journalist_client.get("/api/v1/sources", headers=auth).get_json()["sources"][0]
    submission = journalist_client.get(source["submissions_url"], headers=auth).get_json()["submissions"][0]

    response = journalist_client.get(path.format(source=source["uuid"], submission=submission["uuid"]), headers=auth)

    body = assert_json_error(response, 404)
    if what is not None:
        assert f"no such {what}" == body["message"]


def test_reply_to_an_unknown_source_is_not_found(journalist_client: FlaskClient, auth: dict[str, str]) -> None:
    armored = encrypt_bytes(b"hello", [generate_identity()[1]], armored=True).decode()

    response = journalist_client.post(f"/api/v1/sources/{UNKNOWN_UUID}/replies", json={"reply": armored}, headers=auth)

    assert "no such source" == assert_json_error(response, 404)["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/token"), ("DELETE", "/api/v1/sources"), ("PUT", "/api/v1/user"), ("GET", "/api/v1/logout")],
)
def test_wrong_method_is_json_405(journalist_client: FlaskClient, auth: dict[str, str], method: str, path: str) -> None:
    response = journalist_client.open(path, method=method, headers=auth)

    assert_json_error(response, 405)


def test_unexpected_failure_is_json_500(
    journalist_client: FlaskClient, services: Services, auth: dict[str, str]
) -> None:
    """When the server itself fails (its database lost a table), the API still answers JSON, without details."""
    lose_table(services.engine, "replies")

    response = journalist_client.get("/api/v1/sources", headers=auth)

    body = assert_json_error(response, 500)
    assert "replies" not in body["message"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_too_large_body_is_json_413(journalist_client: FlaskClient, auth: dict[str, str]) -> None:
    response = journalist_client.post(
        f"/api/v1/sources/{UNKNOWN_UUID}/replies",
        data=b'{"reply": "' + b"A" * (9 * 1024 * 1024) + b'"}',
        content_type="application/json",
        headers=auth,
    )

    assert_json_error(response, 413)


# --- replies ---


def armored_garbage() -> str:
    return f"{ARMOR_HEADER}\n{base64.b64encode(b'not an age file at all').decode()}\n{ARMOR_FOOTER}\n"


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("We read your message.", id="plain text"),
        pytest.param("", id="empty"),
        pytest.param(42, id="a number"),
        pytest.param(None, id="null"),
        pytest.param(armored_garbage(), id="armor around something else"),
        pytest.param(f"{ARMOR_HEADER}\n!!!not base64!!!\n{ARMOR_FOOTER}", id="armor around non-base64"),
        pytest.param("binary", id="binary age, not armored"),
        pytest.param("huge", id="over 1 MiB"),
    ],
)
def test_reply_that_is_not_an_armored_age_ciphertext_is_refused(
    journalist_client: FlaskClient, source_client: FlaskClient, services: Services, auth: dict[str, str], reply: object
) -> None:
    """The server cannot read replies, but it refuses what cannot be one: 400 JSON, nothing stored."""
    source_with_submission(source_client)
    source = journalist_client.get("/api/v1/sources", headers=auth).get_json()["sources"][0]
    if reply == "binary":
        reply = base64.b64encode(encrypt_bytes(b"hello", [source["age_recipient"]])).decode()
    elif reply == "huge":
        reply = encrypt_bytes(b"x" * (1024 * 1024), [source["age_recipient"]], armored=True).decode()
    blobs_before = sorted(services.store.keys())

    response = journalist_client.post(source["replies_url"], json={"reply": reply}, headers=auth)

    body = assert_json_error(response, 400)
    assert "armored age ciphertext" in body["message"]
    assert blobs_before == sorted(services.store.keys())
    assert 0 == journalist_client.get(source["url"], headers=auth).get_json()["number_of_replies"]


# --- what the API hands out ---


def test_download_etag_is_the_sha256_of_the_bytes(
    journalist_client: FlaskClient, source_client: FlaskClient, auth: dict[str, str], newsroom_identity: str
) -> None:
    """Each download carries ETag "sha256:<hex>" of exactly the bytes sent, and its Content-Length."""
    source_with_submission(source_client)
    source = journalist_client.get("/api/v1/sources", headers=auth).get_json()["sources"][0]
    listing = journalist_client.get(source["submissions_url"], headers=auth).get_json()["submissions"]
    assert 2 == len(listing)

    for item in listing:
        for url in (item["download_url"], item["manifest_url"]):
            response = journalist_client.get(url, headers=auth)
            assert 200 == response.status_code
            assert f'"sha256:{hashlib.sha256(response.data).hexdigest()}"' == response.headers["Etag"]
            assert str(len(response.data)) == response.headers["Content-Length"]
            assert unpad(decrypt_bytes(response.data, [newsroom_identity]))
        assert f'"sha256:{item["sha256"]}"' == journalist_client.get(item["download_url"], headers=auth).headers["Etag"]


def test_key_is_the_sources_own_age_recipient(
    journalist_client: FlaskClient, source_client: FlaskClient, services: Services, auth: dict[str, str]
) -> None:
    """`key` is the recipient derived from the source's codename: a reply to it opens for the source."""
    codename = source_with_submission(source_client)
    source = journalist_client.get("/api/v1/sources", headers=auth).get_json()["sources"][0]

    recipient = services.sources.derive_keys(codename).recipient
    assert recipient == source["age_recipient"]
    # SecureDrop's shape of `key`: an object; an age recipient is its own fingerprint.
    assert {"type": "age", "public": recipient, "fingerprint": recipient} == source["key"]
    armored = encrypt_bytes(b"Only you can read this.", [source["age_recipient"]], armored=True).decode()
    assert 201 == journalist_client.post(source["replies_url"], json={"reply": armored}, headers=auth).status_code
    assert "Only you can read this." in source_client.get("/lookup").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(None, None, id="no body"),
        pytest.param(b"reply=hello", "application/x-www-form-urlencoded", id="form"),
        pytest.param(b'"-----BEGIN AGE ENCRYPTED FILE-----"', "application/json", id="JSON string"),
    ],
)
def test_reply_without_a_json_object_is_a_bad_request(
    journalist_client: FlaskClient, auth: dict[str, str], data: bytes | None, content_type: str | None
) -> None:
    response = journalist_client.post(
        f"/api/v1/sources/{UNKNOWN_UUID}/replies", data=data, content_type=content_type, headers=auth
    )

    assert "the request body must be a JSON object" == assert_json_error(response, 400)["message"]
