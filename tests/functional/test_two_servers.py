"""Two `tipline serve` processes on one PostgreSQL and one S3 store, sessions in Redis or the
database: a source's session works through both, request by request, as behind a balancer."""

from __future__ import annotations

import dataclasses
import http.cookiejar
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from werkzeug.test import encode_multipart

from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.live import LiveInstance, free_ports, prepare_instance, serve
from tests.factories.postgres import MigratedDatabases
from tests.factories.redis import REDIS_URL, redis_prefix
from tests.factories.seaweed import SeaweedS3


class Browser:
    """A cookie-keeping client without JavaScript, like Tor Browser at its safest setting."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, url: str, body: bytes, content_type: str) -> tuple[int, str, str]:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def post_form(self, url: str, fields: dict[str, str]) -> tuple[int, str, str]:
        return self.post(url, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")


def _json(url: str, payload: dict[str, str] | None = None, token: str | None = None) -> dict[str, object]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Token {token}"} if token else {})
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        result: dict[str, object] = json.load(response)
        return result


@pytest.fixture(params=["redis", "database"])
def two_servers(
    request: pytest.FixtureRequest, tmp_path: Path, s3_server: SeaweedS3, migrated_postgres: MigratedDatabases
) -> Iterator[list[LiveInstance]]:
    # A borrowed database already at head: `tipline init` finds nothing to migrate (migrating an
    # empty one costs a second or two of CPU), as on the conftest's live instances.
    with migrated_postgres.borrow() as database_url, redis_prefix() as prefix:
        env = {
            "TIPLINE_DATABASE_URL": database_url,
            "TIPLINE_S3_BUCKET": "tipline-tests",
            "TIPLINE_S3_PREFIX": f"two-servers-{prefix.strip(':')}",
            "TIPLINE_S3_ENDPOINT_URL": s3_server.endpoint_url,
            "TIPLINE_S3_ACCESS_KEY_ID": s3_server.access_key_id,
            "TIPLINE_S3_SECRET_ACCESS_KEY": s3_server.secret_access_key,
            "TIPLINE_SHARED_STATE": request.param,
            "TIPLINE_REDIS_URL": REDIS_URL,
            "TIPLINE_REDIS_PREFIX": prefix,
        }
        first = prepare_instance(tmp_path / "first", extra_env=env)
        ports = ",".join(map(str, free_ports(2)))
        second = dataclasses.replace(
            first,
            output_path=tmp_path / "second-output.log",
            source_url=f"http://127.0.0.1:{ports.split(',', maxsplit=1)[0]}",
            journalist_url=f"http://127.0.0.1:{ports.split(',')[1]}",
            env=first.env | {"TIPLINE_TEST_PORTS": ports},
        )
        servers = [serve(first, "--workers", "2"), serve(second)]
        try:
            yield servers
        finally:
            for server in servers:
                server.stop()


def test_a_source_session_works_through_both_servers(two_servers: list[LiveInstance]) -> None:
    a, b = two_servers
    browser = Browser()

    # A codename shown by one server is confirmed on the other
    _, _, page = browser.get(a.source_url + "/generate")
    codename = codename_on_page(page)
    status, url, _ = browser.post_form(b.source_url + "/create", {"csrf_token": csrf_token(page)})
    assert (200, b.source_url + "/lookup") == (status, url)

    # Logged in on both; a message sent through one
    _, url, page = browser.get(a.source_url + "/lookup")
    assert a.source_url + "/lookup" == url
    boundary, body = encode_multipart({"csrf_token": csrf_token(page), "message": "Meet at the port."})
    status, url, _ = browser.post(b.source_url + "/submit", body, f"multipart/form-data; boundary={boundary}")
    assert (200, b.source_url + "/lookup") == (status, url)

    # Logged out through one, back in through the other with the codename
    _, _, page = browser.get(b.source_url + "/lookup")
    browser.post_form(a.source_url + "/logout", {"csrf_token": csrf_token(page)})
    _, url, _ = browser.get(b.source_url + "/lookup")
    assert b.source_url + "/login" == url
    _, _, page = browser.get(a.source_url + "/login")
    status, url, _ = browser.post_form(b.source_url + "/login", {"csrf_token": csrf_token(page), "codename": codename})
    assert (200, b.source_url + "/lookup") == (status, url)

    # The newsroom sees one source with one message, whichever server it asks
    editor = a.add_journalist("editor")
    code = pyotp.TOTP(str(editor["totp_secret"])).now()
    credentials = {"username": "editor", "passphrase": str(editor["passphrase"]), "one_time_code": code}
    token = str(_json(b.journalist_url + "/api/v1/token", credentials)["token"])
    sources = _json(a.journalist_url + "/api/v1/sources", token=token)["sources"]
    assert isinstance(sources, list)
    assert [1] == [source["number_of_submissions"] for source in sources]
