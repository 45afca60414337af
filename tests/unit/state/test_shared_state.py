"""Sessions shared between server processes, in the database and in Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tipline.services import Services, build_services


@pytest.fixture
def other_process(shared_services: Services) -> Iterator[Services]:
    """Services built independently from the same settings: what a second server process has."""
    built = build_services(shared_services.settings)
    yield built
    built.close()


@pytest.fixture(params=["database", "redis"])
def shared_services(request: pytest.FixtureRequest, services: Services) -> Iterator[Services]:
    """Services whose sessions are shared: the database (both engines) or Redis.

    Built on the database of ``services``, which conftest lends already migrated (a copy of the
    session's migrated SQLite file, a borrowed PostgreSQL database) instead of a new, empty one
    that each test migrated again."""
    changes: dict[str, str] = {"shared_state": request.param}
    if request.param == "redis":
        changes |= request.getfixturevalue("redis_settings")
    built = build_services(services.settings.replace(**changes))
    yield built
    built.close()


def test_a_session_saved_by_one_process_loads_in_another(shared_services: Services, other_process: Services) -> None:
    first = shared_services.state.session_store("source")
    second = other_process.state.session_store("source")
    assert first is not None
    assert second is not None
    first.save("a" * 64, b"ciphertext", 60)
    assert b"ciphertext" == second.load("a" * 64)
    second.delete("a" * 64)
    assert first.load("a" * 64) is None


def test_interfaces_do_not_share_sessions(shared_services: Services) -> None:
    source = shared_services.state.session_store("source")
    journalist = shared_services.state.session_store("journalist")
    assert source is not None
    assert journalist is not None
    source.save("b" * 64, b"source data", 60)
    assert journalist.load("b" * 64) is None


def test_an_expired_session_is_gone(shared_services: Services) -> None:
    store = shared_services.state.session_store("source")
    assert store is not None
    store.save("c" * 64, b"short-lived", 1)
    time.sleep(1.2)
    assert store.load("c" * 64) is None


def test_expired_database_rows_are_purged(shared_services: Services) -> None:
    store = shared_services.state.session_store("source")
    assert store is not None
    store.save("d" * 64, b"short-lived", 1)
    store.save("e" * 64, b"long-lived", 600)
    time.sleep(1.2)
    expected = 1 if shared_services.settings.effective_shared_state == "database" else 0  # Redis expires keys itself
    assert expected == shared_services.state.purge_expired()
    assert b"long-lived" == store.load("e" * 64)


def test_memory_is_the_default_and_not_shared(services: Services) -> None:
    assert not services.state.is_shared
    assert services.state.session_store("source") is None
