"""Roles, deactivation, login throttling and the audit log, over HTTP."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories.api import logged_in
from tests.factories.journalists import current_code, make_journalist
from tests.factories.sources import designation_of, make_source
from tipline.services import Services
from tipline.web.journalist.openapi import openapi_document

ADMIN_ONLY = [
    (method.upper(), path)
    for path, ops in openapi_document()["paths"].items()
    for method in ops
    if path.startswith(("/journalists", "/audit"))
]


def _fill(path: str, journalist_uuid: str) -> str:
    return "/api/v1" + path.replace("{journalist_uuid}", journalist_uuid)


def test_a_journalist_cannot_reach_any_admin_route(journalist_client: FlaskClient, services: Services) -> None:
    reporter, headers = logged_in(journalist_client, services)
    assert len(ADMIN_ONLY) >= 9
    for method, path in ADMIN_ONLY:
        response = journalist_client.open(
            _fill(path, reporter.uuid), method=method, headers=headers, json={"is_admin": True, "username": "x-y"}
        )
        assert 403 == response.status_code, (method, path)
    assert [] == [j for j in services.journalists.list_all() if j.username == "x-y"]
    assert services.journalists.get(reporter.uuid).is_admin is False


def test_an_admin_manages_the_team(
    journalist_client: FlaskClient, services: Services, newsroom_keys: tuple[str, str]
) -> None:
    _, headers = logged_in(journalist_client, services, "editor", is_admin=True)

    created = journalist_client.post("/api/v1/journalists", json={"username": "newbie"}, headers=headers)
    newbie_uuid = created.get_json()["uuid"]
    recipient = journalist_client.put(
        f"/api/v1/journalists/{newbie_uuid}/recipient", json={"recipient": newsroom_keys[1]}, headers=headers
    )
    promoted = journalist_client.put(
        f"/api/v1/journalists/{newbie_uuid}/role", json={"is_admin": True}, headers=headers
    )
    reset = journalist_client.post(f"/api/v1/journalists/{newbie_uuid}/reset-passphrase", headers=headers)
    second = journalist_client.post(f"/api/v1/journalists/{newbie_uuid}/reset-2fa", headers=headers)

    assert 201 == created.status_code
    assert 7 == len(created.get_json()["passphrase"].split())
    assert newsroom_keys[1] == recipient.get_json()["age_recipient"]
    assert promoted.get_json()["is_admin"] is True
    assert 7 == len(reset.get_json()["passphrase"].split())
    assert second.get_json()["totp_uri"].startswith("otpauth://")
    assert newsroom_keys[1] in services.submissions.current_recipients()


def test_deactivation_stops_a_token_at_once(journalist_client: FlaskClient, services: Services) -> None:
    _, admin_headers = logged_in(journalist_client, services, "editor", is_admin=True)
    reporter, headers = logged_in(journalist_client, services)
    assert 200 == journalist_client.get("/api/v1/sources", headers=headers).status_code

    response = journalist_client.post(f"/api/v1/journalists/{reporter.uuid}/deactivate", headers=admin_headers)

    assert 200 == response.status_code
    assert 403 == journalist_client.get("/api/v1/sources", headers=headers).status_code
    again = journalist_client.post(
        "/api/v1/token",
        json={
            "username": "reporter",
            "passphrase": reporter.passphrase,
            "one_time_code": current_code(reporter, step_offset=1),
        },
    )
    assert 403 == again.status_code


def test_the_last_admin_cannot_be_deactivated(journalist_client: FlaskClient, services: Services) -> None:
    editor, headers = logged_in(journalist_client, services, "editor", is_admin=True)
    response = journalist_client.post(f"/api/v1/journalists/{editor.uuid}/deactivate", headers=headers)
    assert 400 == response.status_code
    assert "last active admin" in response.get_json()["message"]


def test_a_totp_code_works_once(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    # One code, taken once: asked for twice, a step's boundary between the two would give a new one.
    body = {"username": "reporter", "passphrase": reporter.passphrase, "one_time_code": current_code(reporter)}
    assert 200 == journalist_client.post("/api/v1/token", json=body).status_code
    assert 403 == journalist_client.post("/api/v1/token", json=body).status_code


def test_failed_logins_are_throttled_alike_for_known_and_unknown_names(
    journalist_client: FlaskClient, services: Services
) -> None:
    reporter = make_journalist(services)
    limit = services.settings.login_failures_per_account
    for username in ("reporter", "nobody-here"):
        statuses = [
            journalist_client.post(
                "/api/v1/token", json={"username": username, "passphrase": "wrong", "one_time_code": "000000"}
            ).status_code
            for _ in range(limit + 1)
        ]
        assert [403] * limit + [429] == statuses, username
    # Even the right credentials wait until the window has passed.
    right = {"username": "reporter", "passphrase": reporter.passphrase, "one_time_code": current_code(reporter)}
    response = journalist_client.post("/api/v1/token", json=right)
    assert 429 == response.status_code
    assert "too many failed logins" in response.get_json()["message"]


def test_the_audit_log_records_actions_by_designation_only(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "secret words")
    _, headers = logged_in(journalist_client, services, "editor", is_admin=True)
    submissions = journalist_client.get(f"/api/v1/sources/{source.uuid}/submissions", headers=headers).json
    journalist_client.get(submissions["submissions"][0]["download_url"], headers=headers)
    journalist_client.post(f"/api/v1/sources/{source.uuid}/replies", json={"message": "private reply"}, headers=headers)
    journalist_client.delete(submissions["submissions"][0]["url"], headers=headers)

    entries = journalist_client.get("/api/v1/audit", headers=headers).get_json()["entries"]

    assert ["delete_submission", "reply", "download", "login"] == [e["action"] for e in entries]
    assert {designation_of(services, source)} == {e["source_designation"] for e in entries[:3]}
    text = repr(entries)
    for secret in (source.codename, "secret words", "private reply", "127.0.0.1"):
        assert secret not in text


def test_journalists_cannot_read_the_audit_log(journalist_client: FlaskClient, services: Services) -> None:
    _, headers = logged_in(journalist_client, services)
    assert 403 == journalist_client.get("/api/v1/audit", headers=headers).status_code
