"""Logging in through the real pages of either interface, and reading the session cookie."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code
from tipline.journalists.records import NewJournalist

SOURCE_COOKIE = "tipline_source"
JOURNALIST_COOKIE = "tipline_journalist"


def create_source_account(client: FlaskClient) -> str:
    """Through the pages, as a source does; the client is then logged in. Returns the lookup page's token."""
    page = client.get("/generate").get_data(as_text=True)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    lookup = client.get("/lookup")
    assert 200 == lookup.status_code
    return csrf_token(lookup.get_data(as_text=True))


def cookie_of(client: FlaskClient, name: str) -> str | None:
    cookie = client.get_cookie(name)
    return cookie.value if cookie is not None else None


def post_journalist_login(client: FlaskClient, journalist: NewJournalist, *, step_offset: int = 0) -> TestResponse:
    """Passphrase and TOTP code sent through /login as the page's form does; the answer, unchecked."""
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        "/login",
        data={
            "csrf_token": csrf_token(page),
            "username": journalist.username,
            "passphrase": journalist.passphrase,
            "one_time_code": current_code(journalist, step_offset=step_offset),
        },
    )


def journalist_web_login(client: FlaskClient, journalist: NewJournalist, *, step_offset: int = 0) -> str:
    """Passphrase and TOTP through /login; returns the CSRF token of the desk page."""
    response = post_journalist_login(client, journalist, step_offset=step_offset)
    assert 302 == response.status_code, response.get_data(as_text=True)
    desk = client.get("/")
    assert 200 == desk.status_code
    return csrf_token(desk.get_data(as_text=True))
