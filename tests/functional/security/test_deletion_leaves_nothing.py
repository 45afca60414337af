"""Deleting a source leaves nothing of it in any file of the data folder: not in the SQLite WAL either.

With ``secure_delete`` the database file's freed pages are zeroed, but the WAL keeps the old page
images (the source's uuid, lookup and recipient) until a checkpoint copies them back and the WAL
is emptied. Every file of the data folder is searched, raw bytes, after each kind of deletion.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.factories.disk import files_under, scan
from tests.factories.journalists import current_code, make_journalist
from tests.factories.settings import instance_settings
from tests.factories.sources import make_source
from tipline.crypto.age import generate_identity
from tipline.migrations.runner import upgrade
from tipline.retention import RetentionPolicy, RetentionService
from tipline.services import Services, build_services
from tipline.sources.models import Source
from tipline.submissions.models import Batch, Reply, Submission


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[Services]:
    settings = instance_settings(tmp_path / "data", generate_identity()[1])
    upgrade(settings.effective_database_url)
    services = build_services(settings)
    yield services
    services.close()


def _traces(services: Services, source_uuid: str) -> dict[str, bytes | str]:
    with services.sessions() as session:
        row = session.scalars(select(Source).where(Source.uuid == source_uuid)).one()
        return {"source uuid": row.uuid, "lookup": row.lookup, "recipient": row.recipient}


def _found_in_data_folder(services: Services, traces: dict[str, bytes | str]) -> list[str]:
    """Every file of the data folder, the server still running (its connections open)."""
    files = sorted(files_under(services.settings.data_dir))
    assert {"tipline.sqlite", "tipline.sqlite-wal"} <= {path.name for path in files}
    return [str(hit) for hit in scan(files, traces, forms=("bytes",))]


def test_a_source_deleted_by_the_newsroom_leaves_nothing_in_the_wal(sqlite_services: Services) -> None:
    services = sqlite_services
    made = make_source(services, "first message", "second message")
    traces = _traces(services, made.uuid)
    assert _found_in_data_folder(services, traces)  # the search finds them while they exist
    journalist = make_journalist(services)
    actor = services.newsroom.login(journalist.username, journalist.passphrase, current_code(journalist), "web")
    assert actor is not None

    services.newsroom.delete_source(actor, made.uuid, "web")

    assert [] == _found_in_data_folder(services, traces)


def test_a_source_deleted_by_retention_leaves_nothing_in_the_wal(sqlite_services: Services) -> None:
    services = sqlite_services
    made = make_source(services, "old message")
    traces = _traces(services, made.uuid)
    long_ago = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=400)
    with services.sessions.begin() as session:
        session.execute(update(Source).values(created_on=long_ago, last_activity_on=long_ago))
        for model in (Batch, Submission):
            session.execute(update(model).values(received_on=long_ago))
        session.execute(update(Reply).values(sent_on=long_ago))
    policy = RetentionPolicy(submission_days=90, reply_days=30, source_days=365, grace_days=14)
    report = RetentionService(services.sessions, services.store, policy).run()
    assert 1 == report.deleted_sources

    assert [] == _found_in_data_folder(services, traces)
