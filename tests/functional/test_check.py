"""`tipline check` finds where the database and the blob store disagree; --repair fixes what is safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories.live import prepare_instance
from tests.factories.postgres import live_environment
from tipline.errors import RepairRefused
from tipline.integrity import IntegrityChecker, MissingBlob
from tipline.services import Services, build_services, prepare_store
from tipline.storage import BlobStore
from tipline.submissions.models import Submission


@pytest.fixture(params=["local", "s3"])
def any_store_services(request: pytest.FixtureRequest, services: Services) -> Iterator[Services]:
    """The test's services (on the session's migrated database) with a local folder or an S3 bucket."""
    if request.param == "local":
        yield services
        return
    configured = services.settings.replace(**request.getfixturevalue("s3_settings"))
    prepare_store(configured)
    built = build_services(configured)
    yield built
    built.close()


def _source_with_message(services: Services) -> str:
    login = services.sources.create(services.sources.generate_codename())
    services.submissions.submit(login.source_id, "The ledger is in the safe.", [])
    with services.sessions() as session:
        return str(session.scalar(select(Submission.blob)))


def _orphan(store: BlobStore) -> str:
    writer = store.create()
    writer.write(b"ciphertext nobody names")
    return writer.commit().key


def test_agreeing_database_and_store_pass(any_store_services: Services) -> None:
    _source_with_message(any_store_services)
    report = IntegrityChecker(any_store_services.sessions, any_store_services.store).check()
    assert (True, 2, 2) == (report.ok, report.referenced, report.stored)  # message + manifest


def test_orphaned_blob_is_reported_then_repaired(any_store_services: Services) -> None:
    services = any_store_services
    kept = _source_with_message(services)
    orphan = _orphan(services.store)
    checker = IntegrityChecker(services.sessions, services.store)

    assert [orphan] == checker.check().orphaned_blobs
    assert [] == checker.check(grace_seconds=3600).orphaned_blobs  # young: may be in flight
    assert [orphan] == checker.check().orphaned_blobs  # checking changed nothing

    repaired = checker.repair(grace_seconds=0)
    assert [orphan] == repaired.deleted_orphans
    assert checker.check().ok
    assert kept in set(services.store.keys())


def test_row_without_blob_is_reported_and_never_deleted(any_store_services: Services) -> None:
    services = any_store_services
    blob = _source_with_message(services)
    services.store.delete(blob)
    checker = IntegrityChecker(services.sessions, services.store)
    with services.sessions() as session:
        uuid = str(session.scalar(select(Submission.uuid)))

    assert [MissingBlob("submissions", uuid, blob)] == checker.check().missing_blobs
    checker.repair(grace_seconds=0)
    assert [MissingBlob("submissions", uuid, blob)] == checker.check().missing_blobs


def test_repair_refuses_when_both_sides_disagree(any_store_services: Services) -> None:
    """Rows without blobs and blobs without rows: more likely the wrong store than damage."""
    services = any_store_services
    services.store.delete(_source_with_message(services))
    orphan = _orphan(services.store)
    with pytest.raises(RepairRefused):
        IntegrityChecker(services.sessions, services.store).repair(grace_seconds=0)
    assert orphan in set(services.store.keys())


def test_unfinished_writes_are_reported_and_discarded(any_store_services: Services) -> None:
    services = any_store_services
    _source_with_message(services)
    writer = services.store.create()
    writer.write(b"x" * (9 * 1024 * 1024))  # past one 8 MiB part: an S3 multipart upload is under way
    checker = IntegrityChecker(services.sessions, services.store)
    assert 1 == len(checker.check().incomplete_writes)
    assert 1 == checker.repair(grace_seconds=0).discarded_incomplete
    assert checker.check().ok
    writer.abort()


def test_check_command_reports_and_repairs(tmp_path: Path, database_url: str) -> None:
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url))
    result = instance.cli("check")
    assert (0, "The database and the store agree.") == (result.returncode, result.stdout.splitlines()[-1])

    # An orphan appears (a blob written by a crashed server) and a leftover in .incoming
    store = instance.data_dir / "store"
    (store / "ab").mkdir()
    (store / "ab" / ("ab" + "0" * 30)).write_bytes(b"ciphertext")
    (store / ".incoming" / ("cd" + "0" * 30)).write_bytes(b"half")

    result = instance.cli("check", "--grace-seconds", "0", check=False)
    assert 1 == result.returncode
    assert "orphaned blob (no row names it): ab" + "0" * 30 in result.stdout
    assert "unfinished write: .incoming/cd" + "0" * 30 in result.stdout
    assert (store / "ab" / ("ab" + "0" * 30)).exists()

    # The database names no blob at all: repair refuses rather than empty a store it may not own
    result = instance.cli("check", "--repair", "--grace-seconds", "0", check=False)
    assert 1 == result.returncode
    assert "names no blob at all" in result.stderr
    assert (store / "ab" / ("ab" + "0" * 30)).exists()
