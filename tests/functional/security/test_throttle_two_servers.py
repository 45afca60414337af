"""Login throttling holds across processes: two real `tipline serve` instances on one PostgreSQL
database (sessions once in the database, once in Redis; the throttle counts in the database) count failed journalist
logins together, whichever server, interface (web or API) and worker each attempt reaches.

The source side keeps no counter (a flood of codename logins meets Tor's PoW defence and the
KDF's cost, not a throttle that would have to recognise a source): nothing to share there.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyotp
import pytest

from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance, free_ports, prepare_instance, serve
from tests.factories.live_http import LiveClient, urlencoded
from tests.factories.postgres import fresh_database
from tests.factories.redis import REDIS_URL, redis_prefix
from tipline.config import load_settings
from tipline.services import build_services

PER_ACCOUNT = 3
GLOBAL = 6


@pytest.fixture(params=["database", "redis"])
def two_servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[LiveInstance]]:
    with fresh_database() as database_url, redis_prefix() as prefix:
        env = {
            "TIPLINE_DATABASE_URL": database_url,
            "TIPLINE_SHARED_STATE": request.param,
            "TIPLINE_REDIS_URL": REDIS_URL,
            "TIPLINE_REDIS_PREFIX": prefix,
        }
        limits = {"login_failures_per_account": PER_ACCOUNT, "login_failures_global": GLOBAL}
        first = prepare_instance(tmp_path / "first", settings_overrides=limits, extra_env=env)
        ports = ",".join(map(str, free_ports(2)))
        second = dataclasses.replace(
            first,
            output_path=tmp_path / "second-output.log",
            source_url=f"http://127.0.0.1:{ports.split(',', maxsplit=1)[0]}",
            journalist_url=f"http://127.0.0.1:{ports.split(',')[1]}",
            env=first.env | {"TIPLINE_TEST_PORTS": ports},
        )
        # Both start at once: each waits mostly on its own imports.
        with ThreadPoolExecutor(2) as pool:
            starting = [pool.submit(serve, first, "--workers", "2", "--no-retention"), pool.submit(serve, second)]
        try:
            yield [future.result() for future in starting]
        finally:
            for server in (first, second):
                server.stop()


def add_journalists(server: LiveInstance, *usernames: str) -> list[dict[str, str]]:
    """Through the service, in this process (quicker than a `tipline journalist add` each)."""
    services = build_services(load_settings(server.data_dir, environ=server.env))
    try:
        created = [services.journalists.add(name) for name in usernames]
    finally:
        services.close()
    return [{"passphrase": c.passphrase, "totp_secret": c.totp_secret} for c in created]


def web_login(server: LiveInstance, username: str, passphrase: str, code: str) -> int:
    client = LiveClient(server.journalist_url)
    page = client.get("/login")
    fields = {"csrf_token": csrf_token(page.text), "username": username, "passphrase": passphrase}
    body, content_type = urlencoded(fields | {"one_time_code": code})
    return client.post("/login", body, content_type).status


def api_login(server: LiveInstance, username: str, passphrase: str, code: str) -> int:
    body = json.dumps({"username": username, "passphrase": passphrase, "one_time_code": code}).encode()
    return LiveClient(server.journalist_url).post("/api/v1/token", body, "application/json").status


def test_failed_logins_on_both_servers_hit_the_limit_together(two_servers: list[LiveInstance]) -> None:
    a, b = two_servers
    editor, reporter = add_journalists(a, "editor", "reporter")
    attempts = [(a, web_login), (b, api_login), (a, api_login), (b, web_login)]

    # Per account: the failures, a third of them on each process, add up
    failed = [login(server, "editor", "wrong passphrase", "000000") for server, login in attempts[:PER_ACCOUNT]]
    right_code = pyotp.TOTP(editor["totp_secret"]).now()
    throttled = [login(server, "editor", editor["passphrase"], right_code) for server, login in attempts]

    assert [401, 403, 403] == failed
    assert [429, 429, 429, 429] == throttled

    # Over all accounts: failures for names that do not exist, past the global limit, spread the
    # same way, refuse no one with the right credentials (they only raise an alert).
    for number in range(GLOBAL + 2):
        server, login = attempts[number % len(attempts)]
        assert login(server, f"nobody-{number}", "wrong passphrase", "000000") in (401, 403)
    code = pyotp.TOTP(reporter["totp_secret"]).now()
    assert 302 == web_login(a, "reporter", reporter["passphrase"], code)
