"""Redis, holding the shared web sessions, goes away for real, and comes back.

Several app servers share web sessions through Redis (the login throttle counts in the database).
A TCP forwarder stands between the apps and this machine's Redis (tests/factories/tcp_proxy.py): cutting it drops every
connection and refuses new ones. Sources then get the 503 page in their language, journalists a
503 page and API clients a JSON 503 — never a plain 500 — and nothing of the request is kept.
When the forwarder listens again, the same session works.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.factories.faults import stored_blobs
from tests.factories.forms import csrf_token
from tests.factories.redis import REDIS_URL, redis_prefix
from tests.factories.settings import instance_settings
from tests.factories.tcp_proxy import TcpForwarder
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

SOURCE_TITLES = {
    "ko": "제보 창구를 지금은 쓸 수 없습니다",
    "ru": "Сейчас связь с редакцией недоступна",
}
LEAKS = ("Traceback", "redis", "Redis", "ConnectionError", "127.0.0.1")


@dataclass
class RedisOutage:
    services: Services
    redis: TcpForwarder
    store: Path


@pytest.fixture
def redis_behind_a_forwarder(tmp_path: Path, newsroom_keys: tuple[str, str]) -> Iterator[RedisOutage]:
    with redis_prefix() as prefix:
        host_port = REDIS_URL.split("//", 1)[1].split("/", 1)[0]
        host, port = host_port.rsplit(":", 1)
        forwarder = TcpForwarder((host, int(port))).start()
        settings = instance_settings(
            tmp_path / "data",
            newsroom_keys[1],
            redis_url=f"redis://127.0.0.1:{forwarder.port}/0",
            redis_prefix=prefix,
        )
        upgrade(settings.effective_database_url)
        services = build_services(settings)
        try:
            yield RedisOutage(services, forwarder, settings.effective_store_dir)
        finally:
            services.close()
            forwarder.stop()


def assert_unavailable(reply_text: str) -> None:
    for leak in LEAKS:
        assert leak not in reply_text


def lookup_csrf(source: FlaskClient) -> str:
    page = source.get("/lookup")
    assert 200 == page.status_code
    return csrf_token(page.get_data(as_text=True))


def test_a_redis_outage_is_a_503_on_both_interfaces_and_keeps_nothing(
    redis_behind_a_forwarder: RedisOutage,
) -> None:
    outage = redis_behind_a_forwarder
    source = create_source_app(outage.services).test_client()
    page = source.get("/generate?l=ko").get_data(as_text=True)
    assert 302 == source.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    token = lookup_csrf(source)
    assert 302 == source.post("/submit", data={"csrf_token": token, "message": "before the outage"}).status_code
    blobs_before = stored_blobs(outage.store)
    assert blobs_before  # the message and its batch's manifest
    desk = create_journalist_app(outage.services).test_client()
    login_page = desk.get("/login?l=en")
    assert 200 == login_page.status_code

    document = desk.get("/api/v1/openapi.json").get_json()
    outage.redis.cut()
    for language in ("ko", "ru"):
        reply = source.get(f"/lookup?l={language}")
        assert 503 == reply.status_code
        text = reply.get_data(as_text=True)
        assert f"<h1>{SOURCE_TITLES[language]}</h1>" in text
        assert_unavailable(text)
        assert reply.headers["Retry-After"].isdigit()
    sent = source.post("/submit", data={"csrf_token": token, "message": "during the outage"})
    assert 503 == sent.status_code
    assert blobs_before == stored_blobs(outage.store)
    # Journalists: the login needs the shared throttle, the API token too.
    login = desk.post(
        "/login?l=en",
        data={
            "csrf_token": csrf_token(login_page.get_data(as_text=True)),
            "username": "nobody",
            "passphrase": "wrong",
            "one_time_code": "000000",
        },
    )
    assert 503 == login.status_code
    assert "The session store is not available" in login.get_data(as_text=True)
    api = desk.post(
        "/api/v1/token",
        data=json.dumps({"username": "nobody", "passphrase": "wrong", "one_time_code": "000000"}),
        content_type="application/json",
    )
    assert 503 == api.status_code
    assert "application/json" == api.headers["Content-Type"]
    # The documented shape: an Error object, and 503 among the operation's responses.
    error_schema = document["components"]["schemas"]["Error"]
    assert set(error_schema["properties"]) == set(api.get_json())
    assert "503" in document["paths"]["/token"]["post"]["responses"]
    assert_unavailable(api.get_data(as_text=True))

    outage.redis.restore()
    assert 200 == source.get("/lookup").status_code  # the same session, untouched by the outage
    assert 302 == source.post("/submit", data={"csrf_token": token, "message": "after"}).status_code
    assert 2 * len(blobs_before) == len(stored_blobs(outage.store))
