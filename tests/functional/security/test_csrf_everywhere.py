"""Every state-changing route of both web interfaces refuses a missing or wrong CSRF token and
changes nothing; the token-authenticated API ignores cookies, so CSRF cannot reach it.

Each request carries a logged-in session, so the refusal seen is the CSRF guard's and not the
login guard's. "Wrong" is three ways: garbage, the right token with its signature's last full
character changed (a comparison that stopped early would be fooled no more than one that did not),
and a genuine token of another session.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories.forms import csrf_token
from tests.factories.routes import SQLITE_ONLY, STATE_CHANGING, database_snapshot, routes
from tests.factories.web_sessions import JOURNALIST_COOKIE, SOURCE_COOKIE, cookie_of, journalist_web_login
from tests.functional.security.conftest import Newsroom
from tipline.db import Base
from tipline.services import Services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

# The API's way in, and its two read-only documents: they take no session and change nothing
# a cookie could ask for (the token route needs the journalist's passphrase and code).
PUBLIC_API = {"api.root", "api.openapi", "api.token"}
# Every field any form of either interface takes, so that only the token is missing or wrong.
FIELDS = {
    "message": "Meet me at the harbour.",
    "codename": "",
    "reply": "-----BEGIN AGE ENCRYPTED FILE-----",
    "note": "a note",
    "status": "closed",
    "labels": "urgent",
    "starred": "yes",
    "confirm": "yes",
    "submission": "",
    "username": "intruder",
    "is_admin": "y",
    "recipient": "",
}


def wrong_tokens(right: str, others: str) -> dict[str, str | None]:
    # Not the very last character: the token ends in unpadded base64 of a 20-byte HMAC, whose last
    # character carries two spare bits, so B, C or D turned into A decodes to the same signature and
    # is rightly accepted (CI met it: 3 tokens in 64). The one before it carries six real bits.
    changed = "A" if right[-2] != "A" else "B"
    last_byte = right[:-2] + changed + right[-1]
    return {"missing": None, "garbage": "x" * len(right), "last byte": last_byte, "another session's": others}


def refusals(
    client: FlaskClient, app: Flask, services: Services, values: dict[str, str], right: str, others: str
) -> tuple[list[str], int]:
    """Sends every wrong token to every state-changing web route; returns what went wrong and the count."""
    problems, count = [], 0
    before = database_snapshot(services)
    for route in routes(app, values):
        if route.method not in STATE_CHANGING or route.endpoint.startswith("api."):
            continue
        for name, token in wrong_tokens(right, others).items():
            data = dict(FIELDS) | ({"csrf_token": token} if token else {})
            headers = {"X-CSRFToken": token} if token else {}
            response = client.open(route.path, method=route.method, data=data, headers=headers)
            count += 1
            if 400 != response.status_code or "This form has expired" not in response.get_data(as_text=True):
                problems.append(f"{route.method} {route.path} with a {name} token: {response.status_code}")
            if database_snapshot(services) != before:
                problems.append(f"{route.method} {route.path} with a {name} token changed the database")
                before = database_snapshot(services)
    return problems, count


@SQLITE_ONLY
def test_every_source_form_refuses_a_missing_or_wrong_token(services: Services, newsroom: Newsroom) -> None:
    app = create_source_app(services)
    client, other = app.test_client(), app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    assert (
        302
        == client.post("/login", data={"csrf_token": csrf_token(login_page), "codename": newsroom.codename}).status_code
    )
    right = csrf_token(client.get("/lookup").get_data(as_text=True))
    others = csrf_token(other.get("/login").get_data(as_text=True))
    session_cookie = cookie_of(client, SOURCE_COOKIE)

    problems, count = refusals(client, app, services, newsroom.values, right, others)

    assert [] == problems
    assert 4 * 5 <= count  # create, login, submit, delete a reply, log out
    assert session_cookie == cookie_of(client, SOURCE_COOKIE)  # not logged out, not rotated
    assert 200 == client.get("/lookup").status_code
    # The control: the right token does change things, so the unchanged database above means something.
    before = database_snapshot(services)
    deleted = client.post(f"/replies/{newsroom.values['reply_uuid']}/delete", data={"csrf_token": right})
    assert 302 == deleted.status_code
    assert before["replies"] != database_snapshot(services)["replies"]


@SQLITE_ONLY
def test_every_journalist_form_refuses_a_missing_or_wrong_token(services: Services, newsroom: Newsroom) -> None:
    app = create_journalist_app(services)
    client, other = app.test_client(), app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    right = journalist_web_login(client, newsroom.admin)
    others = csrf_token(other.get("/login").get_data(as_text=True))
    session_cookie = cookie_of(client, JOURNALIST_COOKIE)

    problems, count = refusals(client, app, services, newsroom.values, right, others)

    assert [] == problems
    assert 4 * 15 <= count
    assert session_cookie == cookie_of(client, JOURNALIST_COOKIE)
    assert 200 == client.get("/").status_code
    assert services.journalists.get(newsroom.reporter.uuid).is_active
    before = database_snapshot(services)
    starred = client.post(f"/sources/{newsroom.source_uuid}/star", data={"csrf_token": right, "starred": "yes"})
    assert 302 == starred.status_code
    assert before != database_snapshot(services)


@SQLITE_ONLY
def test_the_api_ignores_cookies(services: Services, newsroom: Newsroom) -> None:
    """A browser logged in to the desk as an admin, and no token: every API route says 403 and changes nothing."""
    app = create_journalist_app(services)
    client = app.test_client()
    token = journalist_web_login(client, newsroom.admin)
    assert 200 == client.get("/admin/").status_code  # the cookie alone opens the admin pages
    before = database_snapshot(services)

    answers = {}
    for route in routes(app, newsroom.values):
        if route.endpoint.startswith("api.") and route.endpoint not in PUBLIC_API:
            response = client.open(
                route.path, method=route.method, json={"username": "intruder"}, headers={"X-CSRFToken": token}
            )
            answers[f"{route.method} {route.path}"] = response.status_code
    token_route = client.post("/api/v1/token", headers={"X-CSRFToken": token})

    assert 25 <= len(answers)
    assert {403} == set(answers.values()), answers
    assert 400 == token_route.status_code
    assert before == database_snapshot(services)
    assert {"api.root", "api.openapi", "api.token"} <= {rule.endpoint for rule in app.url_map.iter_rules()}


# CSRF guards only the state-changing methods, so a GET must change nothing. The one exception:
# downloads are written to the audit log and mark the item seen by the journalist (seen rows; the
# items' is_read and change stamps, their sources' stamps, the change clock), as on SecureDrop
# (and the desk's cookie is SameSite=Strict, so another site cannot make a journalist's browser
# send one with the session).
AUDITED_READS = {"download", "download_all", "download_reply"}
SEEN_TABLES = {"audit_log", "seen_submissions", "seen_replies", "change_clock"}
SEEN_COLUMNS = {"is_read", "change_seq"}


def _without_read_flags(services: Services) -> dict[str, list[str]]:
    """Every row of every table, but what a download may change (SEEN_TABLES, SEEN_COLUMNS)."""
    snapshot: dict[str, list[str]] = {}
    with services.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in SEEN_TABLES or table.name in ("shared_sessions",):
                continue
            columns = [c for c in table.columns if c.name not in SEEN_COLUMNS]
            snapshot[table.name] = sorted(repr(tuple(row)) for row in connection.execute(select(*columns)))
    snapshot["<blob store>"] = sorted(services.store.keys())
    return snapshot


@SQLITE_ONLY
def test_no_get_route_of_either_interface_changes_anything(services: Services, newsroom: Newsroom) -> None:
    source_app, journalist_app = create_source_app(services), create_journalist_app(services)
    source, desk = source_app.test_client(), journalist_app.test_client()
    login_page = source.get("/login").get_data(as_text=True)
    source.post("/login", data={"csrf_token": csrf_token(login_page), "codename": newsroom.codename})
    journalist_web_login(desk, newsroom.admin)
    before = _without_read_flags(services)
    audit_before = database_snapshot(services)["audit_log"]

    asked = 0
    for app, client in ((source_app, source), (journalist_app, desk)):
        for route in routes(app, newsroom.values):
            if route.method == "GET" and not route.endpoint.startswith("api."):
                client.get(route.path).close()
                asked += 1
    after = _without_read_flags(services)
    with services.engine.connect() as connection:
        audited = {row[0] for row in connection.exec_driver_sql("SELECT action FROM audit_log")}
        readers = {row[0] for row in connection.exec_driver_sql("SELECT journalist_id FROM seen_submissions")}

    assert 12 <= asked
    assert before == after
    assert set(audit_before) <= set(database_snapshot(services)["audit_log"])
    assert 1 == len(readers)  # seen by the journalist who downloaded, nobody else
    assert AUDITED_READS & audited  # the downloads were reached, not refused
    assert audited - AUDITED_READS <= {"login", "reply"}  # what the fixture and the login wrote
