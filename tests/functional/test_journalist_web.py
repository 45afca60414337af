"""The journalist web interface over HTTP: TOTP login, the desk, admin pages, revocation."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.sources import designation_of, make_source
from tests.factories.web_sessions import post_journalist_login
from tipline.journalists.records import NewJournalist
from tipline.services import Services


def web_login(client: FlaskClient, journalist: NewJournalist, *, step_offset: int = 0) -> int:
    return post_journalist_login(client, journalist, step_offset=step_offset).status_code


def test_pages_need_a_login(journalist_client: FlaskClient) -> None:
    for path in ("/", "/sources/x", "/admin/", "/admin/audit"):
        response = journalist_client.get(path)
        assert 302 == response.status_code, path
        assert response.headers["Location"].endswith("/login")


def test_login_with_totp_then_the_sources_list(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "hello")
    reporter = make_journalist(services)

    assert 302 == web_login(journalist_client, reporter)
    page = journalist_client.get("/")

    assert 200 == page.status_code
    assert designation_of(services, source) in page.get_data(as_text=True)
    cookie = page.request.headers.get("Cookie", "")
    assert cookie.startswith("tipline_journalist=")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "no-store" == page.headers["Cache-Control"]


def test_wrong_factor_and_unknown_user_get_the_same_answer(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    page = journalist_client.get("/login").get_data(as_text=True)
    answers = []
    for username, code in (("reporter", "000000"), ("no-such-person", current_code(reporter))):
        response = journalist_client.post(
            "/login",
            data={
                "csrf_token": csrf_token(page),
                "username": username,
                "passphrase": reporter.passphrase,
                "one_time_code": code,
            },
        )
        answers.append((response.status_code, "Login failed" in response.get_data(as_text=True)))
    assert [(401, True), (401, True)] == answers


def test_login_is_throttled_with_a_clear_message(journalist_client: FlaskClient, services: Services) -> None:
    make_journalist(services)
    page = journalist_client.get("/login").get_data(as_text=True)
    bad = {"csrf_token": csrf_token(page), "username": "reporter", "passphrase": "no", "one_time_code": "123456"}
    for _ in range(services.settings.login_failures_per_account):
        journalist_client.post("/login", data=bad)
    response = journalist_client.post("/login", data=bad)
    assert 429 == response.status_code
    assert "Too many failed login attempts" in response.get_data(as_text=True)


def test_login_needs_csrf(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    response = journalist_client.post(
        "/login",
        data={"username": "reporter", "passphrase": reporter.passphrase, "one_time_code": current_code(reporter)},
    )
    assert 400 == response.status_code
    assert 302 == journalist_client.get("/").status_code


def test_reply_star_case_and_delete_from_the_source_page(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one", "two")
    web_login(journalist_client, make_journalist(services))
    url = f"/sources/{source.uuid}"
    page = journalist_client.get(url).get_data(as_text=True)
    token = csrf_token(page)

    journalist_client.post(f"{url}/reply", data={"csrf_token": token, "message": "Thank you."})
    journalist_client.post(f"{url}/star", data={"csrf_token": token, "starred": "yes"})
    journalist_client.post(
        f"{url}/case", data={"csrf_token": token, "status": "verified", "labels": "a, b", "assignee": ""}
    )
    journalist_client.post(f"{url}/note", data={"csrf_token": token, "note": "check the ledger"})
    submissions = services.newsroom.submissions_of(source.uuid)
    journalist_client.post(
        f"{url}/read", data={"csrf_token": token, "submission": [submissions[0].uuid], "action": "read"}
    )
    download = journalist_client.get(f"{url}/submissions/{submissions[0].uuid}/download")
    journalist_client.post(
        f"{url}/submissions/{submissions[1].uuid}/delete", data={"csrf_token": token, "confirm": "yes"}
    )

    row = services.newsroom.source(source.uuid)
    assert (1, True, "verified", ["a", "b"], True, 1, 0) == (
        row.reply_count,
        row.starred,
        row.status,
        row.labels,
        row.has_note,
        row.submission_count,
        row.unread_count,
    )
    assert download.data.startswith(b"age-encryption.org/v1")
    assert "check the ledger" not in journalist_client.get(url).get_data(as_text=True)

    refused = journalist_client.post(f"{url}/delete", data={"csrf_token": token})
    assert 302 == refused.status_code
    assert source.uuid == services.newsroom.source(source.uuid).uuid  # not deleted without the tick
    deleted = journalist_client.post(f"{url}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert 302 == deleted.status_code
    assert 404 == journalist_client.get(url).status_code
    assert [] == list(services.store.keys())


def test_download_all_from_the_web(journalist_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "one")
    web_login(journalist_client, make_journalist(services))
    response = journalist_client.get(f"/sources/{source.uuid}/download")
    assert 200 == response.status_code
    assert response.data.startswith(b"PK")


def test_a_journalist_cannot_reach_admin_pages(journalist_client: FlaskClient, services: Services) -> None:
    editor = make_journalist(services, "editor", is_admin=True)
    web_login(journalist_client, make_journalist(services))
    page = journalist_client.get("/").get_data(as_text=True)
    token = csrf_token(page)
    assert 403 == journalist_client.get("/admin/").status_code
    assert 403 == journalist_client.get("/admin/audit").status_code
    for action in ("deactivate", "reset-passphrase", "reset-2fa", "make-journalist", "recipient"):
        assert (
            403
            == journalist_client.post(
                f"/admin/journalists/{editor.uuid}/{action}", data={"csrf_token": token}
            ).status_code
        )
    assert 403 == journalist_client.post("/admin/journalists", data={"csrf_token": token, "username": "x"}).status_code


def test_deactivation_ends_web_sessions_at_once(journalist_app: Flask, services: Services) -> None:
    admin_client, reporter_client = journalist_app.test_client(), journalist_app.test_client()
    reporter = make_journalist(services)
    web_login(admin_client, make_journalist(services, "editor", is_admin=True))
    web_login(reporter_client, reporter)
    assert 200 == reporter_client.get("/").status_code

    team = admin_client.get("/admin/").get_data(as_text=True)
    response = admin_client.post(
        f"/admin/journalists/{reporter.uuid}/deactivate", data={"csrf_token": csrf_token(team)}
    )

    assert 302 == response.status_code
    assert 302 == reporter_client.get("/").status_code  # sent back to the login page
    assert 401 == web_login(reporter_client, reporter, step_offset=1)


def test_admin_adds_a_journalist_and_sees_credentials_once(journalist_client: FlaskClient, services: Services) -> None:
    web_login(journalist_client, make_journalist(services, "editor", is_admin=True))
    team = journalist_client.get("/admin/").get_data(as_text=True)

    response = journalist_client.post("/admin/journalists", data={"csrf_token": csrf_token(team), "username": "newbie"})

    assert 201 == response.status_code
    assert 'class="secret passphrase"' in response.get_data(as_text=True)
    assert 'class="secret passphrase"' not in journalist_client.get("/admin/").get_data(as_text=True)
    audit = journalist_client.get("/admin/audit").get_data(as_text=True)
    assert "added a journalist" in audit
    assert "newbie" in audit
