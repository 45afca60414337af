"""TOTP enrolment in the browser: a QR code drawn by the server, and no login before a first
correct code (for a new account and after a 2FA reset). Failed logins in the audit log."""

from __future__ import annotations

import html
import re

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories.forms import csrf_token
from tests.factories.journalists import code_of, make_journalist
from tests.functional.test_journalist_web import web_login
from tipline.audit.models import AuditEntry
from tipline.journalists.records import NewJournalist
from tipline.services import Services
from tipline.web.journalist.admin import totp_qr_svg

_UUID = r"[0-9a-f-]{36}"


def _shown(page: str, css: str) -> str:
    (value,) = re.findall(rf'<dd class="secret {css}">([^<]+)</dd>', page)
    return html.unescape(value)


def _add(client: FlaskClient, services: Services, username: str) -> tuple[str, NewJournalist]:
    admin = make_journalist(services, "editor", is_admin=True)
    assert 302 == web_login(client, admin)
    team = client.get("/admin/").get_data(as_text=True)
    response = client.post("/admin/journalists", data={"csrf_token": csrf_token(team), "username": username})
    assert 201 == response.status_code
    page = response.get_data(as_text=True)
    (uuid,) = re.findall(rf'action="/admin/journalists/({_UUID})/confirm-2fa"', page)
    secret = _shown(page, "totp")
    created = NewJournalist(username, uuid, _shown(page, "passphrase"), secret, "", False)
    return page, created


def test_enrolment_shows_a_server_drawn_qr_code_and_needs_a_first_code(
    journalist_client: FlaskClient, services: Services
) -> None:
    page, reporter = _add(journalist_client, services, "reporter")
    uri = pyotp.TOTP(reporter.totp_secret).provisioning_uri(name="reporter", issuer_name="Tipline")
    # The QR code is inline SVG of the provisioning URI, drawn here: no image from elsewhere, no script.
    assert str(totp_qr_svg(uri)) in page
    assert "<svg" in page
    assert "<script" not in page.split("<main", 1)[-1]
    assert "http" not in re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", str(totp_qr_svg(uri)))

    # Not confirmed yet: the right passphrase and code do not log in.
    other = journalist_client.application.test_client()
    assert 401 == web_login(other, reporter)

    token = csrf_token(page)
    wrong = journalist_client.post(
        f"/admin/journalists/{reporter.uuid}/confirm-2fa", data={"csrf_token": token, "one_time_code": "000000"}
    )
    assert 400 == wrong.status_code
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert "<svg" in wrong.get_data(as_text=True)  # the code is shown again to scan

    right = journalist_client.post(
        f"/admin/journalists/{reporter.uuid}/confirm-2fa",
        data={"csrf_token": token, "one_time_code": code_of(reporter.totp_secret, step_offset=-1)},
    )
    assert 302 == right.status_code
    assert 302 == web_login(other, reporter)
    audit = [e.action for e in _entries(services)]
    assert "confirm_2fa_failed" in audit
    assert "confirm_2fa" in audit
    # Once confirmed, the page does not show the secret again.
    assert 302 == journalist_client.get(f"/admin/journalists/{reporter.uuid}/confirm-2fa").status_code


def test_a_2fa_reset_needs_a_first_code_too(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services, "reporter")
    admin = make_journalist(services, "editor", is_admin=True)
    web_login(journalist_client, admin)
    team = journalist_client.get("/admin/").get_data(as_text=True)
    reset = journalist_client.post(
        f"/admin/journalists/{reporter.uuid}/reset-2fa", data={"csrf_token": csrf_token(team)}
    ).get_data(as_text=True)
    secret = _shown(reset, "totp")
    assert "<svg" in reset
    renewed = NewJournalist("reporter", reporter.uuid, reporter.passphrase, secret, "", False)
    other = journalist_client.application.test_client()
    assert 401 == web_login(other, renewed)
    assert "waiting for the first code" in journalist_client.get("/admin/").get_data(as_text=True)

    # The pending page can be opened again from the team list (the QR code shown again).
    pending = journalist_client.get(f"/admin/journalists/{reporter.uuid}/confirm-2fa")
    assert 200 == pending.status_code
    journalist_client.post(
        f"/admin/journalists/{reporter.uuid}/confirm-2fa",
        data={
            "csrf_token": csrf_token(pending.get_data(as_text=True)),
            "one_time_code": code_of(secret, step_offset=-1),
        },
    )
    assert 302 == web_login(other, renewed)


def test_the_command_line_and_api_still_create_accounts_that_log_in(
    journalist_client: FlaskClient, services: Services
) -> None:
    # Confirmation is the web enrolment's: accounts made by `tipline journalist add` (the first
    # admin) are ready at once, as before.
    assert 302 == web_login(journalist_client, make_journalist(services, "first"))


def _entries(services: Services) -> list[AuditEntry]:
    with services.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_failed_logins_are_audited_with_account_and_minute_never_an_address(
    journalist_client: FlaskClient, services: Services
) -> None:
    reporter = make_journalist(services, "reporter")
    typed_passphrase_as_username = "correct horse battery staple"
    for username in ("reporter", typed_passphrase_as_username):
        page = journalist_client.get("/login").get_data(as_text=True)
        journalist_client.post(
            "/login",
            data={"csrf_token": csrf_token(page), "username": username, "passphrase": "wrong", "one_time_code": "1"},
            environ_base={"REMOTE_ADDR": "203.0.113.77"},
        )
    journalist_client.post(
        "/api/v1/token", json={"username": "reporter", "passphrase": reporter.passphrase, "one_time_code": "000000"}
    )

    failed = [e for e in _entries(services) if e.action.startswith("login_failed")]
    assert [
        ("reporter", "login_failed", "web"),
        ("", "login_failed_unknown", "web"),
        ("reporter", "login_failed", "api"),
    ] == [(e.actor, e.action, e.via) for e in failed]
    for entry in failed:
        assert (entry.occurred_at.second, entry.occurred_at.microsecond) == (0, 0)
        row = " ".join(str(v) for v in (entry.actor, entry.detail, entry.source_designation, entry.target_journalist))
        assert "203.0.113.77" not in row
        assert typed_passphrase_as_username not in row
    admin = make_journalist(services, "editor", is_admin=True)
    web_login(journalist_client, admin)
    audit = journalist_client.get("/admin/audit").get_data(as_text=True)
    assert "failed login (no such account)" in audit
    assert "203.0.113.77" not in audit


def test_a_failed_security_key_login_is_audited_too(journalist_client: FlaskClient, services: Services) -> None:
    from tests.functional.test_security_keys import _key_step

    make_journalist(services, "reporter")
    verdict = _key_step(journalist_client, "reporter", "wrong passphrase")[3]
    assert 401 == verdict
    assert [("reporter", "login_failed", "web")] == [
        (e.actor, e.action, e.via) for e in _entries(services) if e.action.startswith("login_failed")
    ]
