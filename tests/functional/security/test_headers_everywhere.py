"""Every response of both interfaces carries the security headers: every route of the URL map,
with its own method and a wrong one, anonymous and logged in, and every kind of error (400 CSRF,
404, 405, 413, 500), static files, redirects, API JSON and API errors.

tests/unit/web/common/test_headers.py checks the policy on two pages; this walks everything.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.factories.api import token_for
from tests.factories.faults import lose_table
from tests.factories.journalists import make_journalist
from tests.factories.live import prepare_instance, serve
from tests.factories.live_http import LiveClient
from tests.factories.routes import SQLITE_ONLY, fill, routes, static_paths, wrong_method
from tests.factories.web_sessions import create_source_account, journalist_web_login
from tests.functional.security.conftest import Newsroom
from tipline.services import Services
from tipline.web.common.headers import JOURNALIST_CSP, SOURCE_CSP
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

EXPECTED = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Expires": "0",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Nothing that names the software, and nothing a browser could use to revalidate a cached copy.
ABSENT = ("Server", "X-Powered-By", "Last-Modified")


def header_problems(what: str, headers: Iterable[tuple[str, str]], csp: str) -> list[str]:
    present: dict[str, list[str]] = {}
    for name, value in headers:
        present.setdefault(name.lower(), []).append(value)
    problems = []
    for name, value in {"Content-Security-Policy": csp, **EXPECTED}.items():
        if present.get(name.lower()) != [value]:
            problems.append(f"{what}: {name} is {present.get(name.lower())}")
    problems += [f"{what}: {name} present" for name in ABSENT if name.lower() in present]
    return problems


class Recorder:
    """Sends requests through a test client and keeps every header problem and status seen."""

    def __init__(self, app: Flask, csp: str) -> None:
        self.client = app.test_client()
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.csp = csp
        self.problems: list[str] = []
        self.statuses: set[int] = set()

    def open(self, method: str, path: str, **kwargs: object) -> TestResponse:
        response = self.client.open(path, method=method, **kwargs)  # type: ignore[arg-type]
        response.close()
        self.statuses.add(response.status_code)
        what = f"{method} {path} → {response.status_code}"
        self.problems += header_problems(what, response.headers.items(), self.csp)
        return response

    def walk(self, app: Flask, values: dict[str, str], **kwargs: object) -> None:
        """Every route with its own method (GET first: later POSTs may delete what GETs show), then a wrong one."""
        every = routes(app, values)
        for route in sorted(every, key=lambda r: r.method != "GET"):
            self.open(route.method, route.path, **kwargs)
        for rule in sorted({r.rule for r in every}):
            self.open(wrong_method(app, rule), fill(rule, values), **kwargs)
        for path in static_paths(app):
            self.open("GET", path)


@SQLITE_ONLY
def test_every_source_response_carries_the_headers(services: Services, newsroom: Newsroom) -> None:
    app = create_source_app(services)
    recorder = Recorder(app, SOURCE_CSP)

    recorder.walk(app, newsroom.values)  # anonymous: pages, redirects to /login, 400 (no CSRF token), 405
    token = create_source_account(recorder.client)
    recorder.walk(app, newsroom.values, data={"csrf_token": token})  # logged in, valid token
    create_source_account(recorder.client)
    recorder.open("GET", "/no-such-page")
    recorder.open("GET", "/static/no-such.css")
    recorder.open("GET", "/?l=ru")
    too_large = b"x" * (int(app.config["MAX_CONTENT_LENGTH"]) + 1)
    recorder.open("POST", "/submit", data=too_large, content_type="application/octet-stream")
    lose_table(services.engine, "replies")
    recorder.open("GET", "/lookup")

    assert [] == recorder.problems
    assert {200, 302, 400, 404, 405, 413, 500} <= recorder.statuses


@SQLITE_ONLY
def test_every_journalist_response_carries_the_headers(services: Services, newsroom: Newsroom) -> None:
    app = create_journalist_app(services)
    recorder = Recorder(app, JOURNALIST_CSP)

    recorder.walk(app, newsroom.values)  # anonymous: login redirects, API 403s, 400 (no CSRF), 405
    token = journalist_web_login(recorder.client, newsroom.admin)
    recorder.walk(app, newsroom.values, data={"csrf_token": token}, headers={"X-CSRFToken": token})
    api = token_for(recorder.client, newsroom.admin, step_offset=1)
    recorder.walk(app, newsroom.values, headers=api, json={})  # API with a token: JSON answers and errors
    # The walks logged the admin out and revoked its token: another admin for what follows.
    chief = make_journalist(services, "chief", is_admin=True)
    api = token_for(recorder.client, chief, step_offset=-1)
    recorder.open("GET", "/api/v1/no-such-thing", headers=api)
    recorder.open("POST", "/api/v1/journalists", headers=api, json={"username": "newbie"})
    recorder.open("GET", "/api/v1/audit", headers=token_for(recorder.client, make_journalist(services, "third")))
    recorder.open("POST", "/api/v1/seen", headers=api, data=b"{not json", content_type="application/json")
    recorder.open("POST", "/api/v1/seen", headers=api, data=b"x" * (8 * 1024 * 1024 + 1))
    recorder.open("POST", "/login", data=b"x" * (8 * 1024 * 1024 + 1), content_type="application/x-www-form-urlencoded")
    recorder.open("GET", "/no-such-page")
    journalist_web_login(recorder.client, chief)
    lose_table(services.engine, "replies")
    recorder.open("GET", "/api/v1/replies", headers=api)
    recorder.open("GET", f"/sources/{newsroom.source_uuid}")

    assert [] == recorder.problems
    assert {200, 201, 302, 400, 403, 404, 405, 413, 500} <= recorder.statuses


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterable[tuple[LiveClient, LiveClient]]:
    instance = serve(prepare_instance(tmp_path_factory.mktemp("headers")))
    yield LiveClient(instance.source_url), LiveClient(instance.journalist_url)
    instance.stop()


@pytest.mark.parametrize(
    ("interface", "method", "path"),
    [
        ("source", "GET", "/"),
        ("source", "GET", "/static/style.css"),
        ("source", "GET", "/no-such-page"),
        ("source", "GET", "/logout"),
        ("source", "POST", "/login"),
        ("journalist", "GET", "/"),
        ("journalist", "GET", "/static/webauthn.js"),
        ("journalist", "GET", "/api/v1/sources"),
        ("journalist", "DELETE", "/api/v1/"),
    ],
)
def test_the_real_server_sends_them_and_names_no_version(
    live: tuple[LiveClient, LiveClient], interface: str, method: str, path: str
) -> None:
    """Under gunicorn: the same headers, and Server is only "tipline" (gunicorn would add its own)."""
    client = live[0] if interface == "source" else live[1]
    csp = SOURCE_CSP if interface == "source" else JOURNALIST_CSP

    reply = client.request(method, path, b"" if method != "GET" else None)

    headers = [(k, v) for k, v in reply.headers.items() if k.lower() != "server"]
    assert [] == header_problems(f"{method} {path}", headers, csp)
    assert ["tipline"] == reply.headers.get_all("Server")


@SQLITE_ONLY
def test_every_static_file_is_listed(services: Services) -> None:
    """The walk above serves each static file; it must find them (or it checked nothing)."""
    source_files = static_paths(create_source_app(services))
    journalist_files = static_paths(create_journalist_app(services))
    assert "/static/style.css" in source_files
    assert "/static/webauthn.js" in journalist_files
    assert all(Path(p).suffix for p in source_files + journalist_files)


MALFORMED = {
    "a header without a colon": b"GET / HTTP/1.1\r\nHost: x\r\nNo-Colon-<script>\r\n\r\n",
    "a garbage request line": b"<script>alert(1)</script>\r\n\r\n",
    "a 9,000-byte URL": b"GET /" + b"a" * 9000 + b"<script> HTTP/1.1\r\nHost: x\r\n\r\n",
    "a 9,000-byte header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: <script>" + b"a" * 9000 + b"\r\n\r\n",
}


def raw_exchange(client: LiveClient, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send bytes no HTTP library would; read the whole answer (gunicorn closes after an error)."""
    with socket.create_connection((client.host, client.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines)]
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("interface", ["source", "journalist"])
@pytest.mark.parametrize("what", sorted(MALFORMED))
def test_requests_the_server_cannot_parse_get_the_headers_too(
    live: tuple[LiveClient, LiveClient], interface: str, what: str
) -> None:
    """gunicorn answers these itself, before the app: the same headers, and nothing of the request echoed."""
    client = live[0] if interface == "source" else live[1]
    csp = SOURCE_CSP if interface == "source" else JOURNALIST_CSP

    status, headers, body = raw_exchange(client, MALFORMED[what])

    assert status in (400, 414, 431)
    assert [] == header_problems(what, headers, csp)
    assert b"script" not in body
    assert b"<!doctype html>" in body
