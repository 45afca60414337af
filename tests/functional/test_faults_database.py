"""The database goes away under a live server, for real, and comes back.

A TCP forwarder stands between `tipline serve` and PostgreSQL (tests/factories/tcp_proxy.py):
cutting it drops every connection and refuses new ones. Sources get a 503 page in their language
with Retry-After; journalists a 503 page, and API clients a JSON 503; nothing half-stored stays;
when the forwarder listens again, the same session and codename work and submitting works.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories.faults import (
    api_json,
    incoming,
    journalist_api,
    newsroom_identity,
    newsroom_plaintexts,
    store_dir,
    stored_blobs,
    wait_for,
)
from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import (
    FilePart,
    HttpResult,
    LiveClient,
    create_account,
    log_in,
    lookup_token,
    multipart,
    multipart_parts,
    split,
    urlencoded,
)
from tests.factories.postgres import fresh_database
from tests.factories.settings import instance_settings
from tests.factories.tcp_proxy import TcpForwarder
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

SOURCE_TITLES = {
    "ko": "제보 창구를 지금은 쓸 수 없습니다",
    "en": "The tip line is not available right now",
    "ru": "Сейчас связь с редакцией недоступна",
}
SOURCE_NOTHING_KEPT = {
    "ko": "보낸 것은 아무것도 남지 않았습니다.",
    "en": "Nothing you sent was kept.",
    "ru": "Ничего из отправленного не сохранено.",
}
JOURNALIST_TITLES = {"ko": "데이터베이스를 지금 쓸 수 없습니다", "en": "The database is not available"}
LEAKS = ("Traceback", "psycopg", "sqlalchemy", "OperationalError", "127.0.0.1", "5432", "SELECT", "tipline_test_")


@dataclass
class ProxiedInstance:
    live: LiveInstance
    database: TcpForwarder


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[ProxiedInstance]:
    with fresh_database() as direct_url:
        parts = urllib.parse.urlsplit(direct_url)
        forwarder = TcpForwarder((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
        via_forwarder = parts._replace(netloc=f"{parts.username}@127.0.0.1:{forwarder.port}").geturl()
        instance = prepare_instance(tmp_path / "live", extra_env={"TIPLINE_DATABASE_URL": via_forwarder})
        try:
            yield ProxiedInstance(serve(instance), forwarder)
        finally:
            instance.stop()
            forwarder.stop()


def assert_unavailable_page(reply: HttpResult, title: str, nothing_kept: str | None = None) -> None:
    assert 503 == reply.status, reply.text
    assert "60" == reply.header("Retry-After")
    assert f"<h1>{title}</h1>" in reply.text
    if nothing_kept is not None:
        assert nothing_kept in reply.text
    for leak in LEAKS:
        assert leak not in reply.text


def test_sources_get_a_503_in_their_language_and_lose_nothing(proxied: ProxiedInstance) -> None:
    """Down: 503 pages (ko by default, ru and en when chosen), a submission cut by the outage
    leaves no blob, no row, no partial file. Back: the same session and codename work."""
    live, database = proxied.live, proxied.database
    source = LiveClient(live.source_url, extra_headers={"Accept-Language": ""})
    codename = create_account(source)
    body, content_type = multipart([("csrf_token", lookup_token(source)), ("message", "before the outage")])
    assert 302 == source.post("/submit", body, content_type).status
    store = store_dir(live)
    blobs_before = stored_blobs(store)
    ru_reader = LiveClient(live.source_url)
    login_page = ru_reader.get("/login?l=ru")

    # A submission with a large file is under way when the database goes away.
    content = os.urandom(2 * 1024 * 1024)
    boundary = "----faults" + os.urandom(6).hex()
    parts, end = multipart_parts(
        [("csrf_token", lookup_token(source)), ("message", "cut by the outage")],
        [FilePart("files", "ledger.pdf", content, "application/pdf")],
        boundary,
    )
    pieces = split(b"".join(parts) + end, 64 * 1024)
    cut = False

    def cut_when_encrypting(sent: int) -> None:
        nonlocal cut
        if not cut and sent > 1024 * 1024:
            wait_for(lambda: bool(incoming(store)), what="encrypted data in .incoming")
            database.cut()
            cut = True

    outcome = source.stream(
        "POST",
        "/submit",
        pieces,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(sum(map(len, pieces)))},
        between=cut_when_encrypting,
    )
    assert cut
    assert_unavailable_page(outcome.reply, SOURCE_TITLES["ko"], SOURCE_NOTHING_KEPT["ko"])
    assert blobs_before == stored_blobs(store)
    assert [] == incoming(store)

    # While it is down: every page that needs it is a 503 in the reader's language.
    assert_unavailable_page(source.get("/lookup"), SOURCE_TITLES["ko"])
    assert_unavailable_page(source.get("/lookup?l=en"), SOURCE_TITLES["en"])
    form, form_type = urlencoded({"csrf_token": csrf_token(login_page.text), "codename": codename})
    assert_unavailable_page(ru_reader.post("/login", form, form_type), SOURCE_TITLES["ru"])
    assert 200 == source.get("/").status  # pages that need no database still answer

    # Back: the same session works, the same codename logs in, and submitting works.
    database.restore()
    assert 200 == source.get("/lookup?l=ko").status
    assert 302 == log_in(ru_reader, codename).status
    body, content_type = multipart([("csrf_token", lookup_token(ru_reader)), ("message", "after the outage")])
    assert 302 == ru_reader.post("/submit", body, content_type).status
    journalist = journalist_api(live)
    assert [b"before the outage", b"after the outage"] == newsroom_plaintexts(journalist, newsroom_identity(live))
    assert [] == incoming(store)
    check = live.cli("check", "--grace-seconds", "0", check=False, process=True)
    assert 0 == check.returncode, check.stdout + check.stderr


def test_journalists_get_a_503_page_and_api_clients_a_json_503(proxied: ProxiedInstance) -> None:
    live, database = proxied.live, proxied.database
    api = journalist_api(live)
    assert [] == api_json(api, "/api/v1/sources")["sources"]
    desk = LiveClient(live.journalist_url, extra_headers={"Accept-Language": ""})
    login_page = desk.get("/login")
    fields = {"username": "reporter", "passphrase": "not it", "one_time_code": "000000"}

    database.cut()
    answers = {
        language: desk.post(f"/login?l={language}", *urlencoded({**fields, "csrf_token": csrf_token(login_page.text)}))
        for language in ("ko", "en")
    }
    listed = api.get("/api/v1/sources")

    for language, reply in answers.items():
        assert_unavailable_page(reply, JOURNALIST_TITLES[language])
    assert 503 == listed.status
    assert "application/json" == listed.header("Content-Type")
    assert "60" == listed.header("Retry-After")
    assert "Service Unavailable" == json.loads(listed.body)["error"]
    for leak in LEAKS:
        assert leak not in listed.text

    database.restore()
    assert [] == api_json(api, "/api/v1/sources")["sources"]


@pytest.fixture
def sessions_in_the_database(tmp_path: Path, newsroom_keys: tuple[str, str]) -> Iterator[tuple[Services, TcpForwarder]]:
    """Several app servers share sessions through the database: then a session cannot even be
    opened while it is down. In-process apps (Flask's test client) on PostgreSQL via the forwarder."""
    with fresh_database() as direct_url:
        parts = urllib.parse.urlsplit(direct_url)
        forwarder = TcpForwarder((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
        via_forwarder = parts._replace(netloc=f"{parts.username}@127.0.0.1:{forwarder.port}").geturl()
        settings = instance_settings(
            tmp_path / "data", newsroom_keys[1], database_url=via_forwarder, shared_state="database"
        )
        upgrade(settings.effective_database_url)
        services = build_services(settings)
        try:
            yield services, forwarder
        finally:
            services.close()
            forwarder.stop()


def test_sessions_kept_in_the_database_give_the_same_503(
    sessions_in_the_database: tuple[Services, TcpForwarder],
) -> None:
    services, database = sessions_in_the_database
    source = create_source_app(services).test_client()
    page = source.get("/generate?l=ko").get_data(as_text=True)
    assert 302 == source.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    desk = create_journalist_app(services).test_client()

    database.cut()
    # Opening the stored session fails: the 503 page, in the language the URL asks for.
    for language in ("ko", "ru"):
        reply = source.get(f"/lookup?l={language}")
        assert 503 == reply.status_code
        assert f"<h1>{SOURCE_TITLES[language]}</h1>" in reply.get_data(as_text=True)
    # A newcomer's first session cannot be saved: the same page, not a 500.
    newcomer = create_source_app(services).test_client()
    reply = newcomer.get("/?l=en")
    assert 503 == reply.status_code
    assert f"<h1>{SOURCE_TITLES['en']}</h1>" in reply.get_data(as_text=True)
    assert "60" == reply.headers["Retry-After"]
    assert 503 == desk.get("/login?l=en").status_code

    database.restore()
    assert 200 == source.get("/lookup").status_code  # the same session, untouched by the outage
