"""Retention deletes on schedule: rows and blobs, audited; an expired source is simply unknown."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.factories.audit_faults import audit_table_gone, everything
from tests.factories.forms import csrf_token
from tests.factories.live import prepare_instance, serve
from tests.factories.postgres import live_environment
from tests.factories.sources import store_reply
from tests.functional.test_source_story import create_account
from tipline.audit.service import RetentionAudit
from tipline.config import Settings, load_settings
from tipline.crypto.age import encrypt_bytes
from tipline.db import today
from tipline.retention import RetentionPolicy, RetentionService
from tipline.services import Services, build_services
from tipline.sources.models import Source
from tipline.submissions.models import Batch, Reply, Submission

TODAY = datetime.date(2026, 11, 26)


@dataclass
class RecordingAudit:
    entries: list[tuple[str, str]] = field(default_factory=list)

    def record(self, session: Session, action: str, designation: str) -> None:
        self.entries.append((action, designation))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """These tests read the English messages; a new instance's default language is Korean."""
    return settings.replace(default_locale="en")


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _source(services: Services, *, sent_days_ago: int, active_days_ago: int | None = None) -> tuple[int, str]:
    """A source with one message (+ manifest) sent SENT_DAYS_AGO and one reply, all backdated."""
    login = services.sources.create(services.sources.generate_codename())
    services.submissions.submit(login.source_id, "A message.", [])
    with services.sessions() as session:
        source_uuid = str(session.scalar(select(Source.uuid).where(Source.id == login.source_id)))
    with services.sessions() as session:
        recipient = str(session.scalar(select(Source.recipient).where(Source.id == login.source_id)))
    armored = encrypt_bytes(b"A reply.", [recipient], armored=True).decode()
    store_reply(services, source_uuid, armored)
    _backdate(services, login.source_id, sent_days_ago, active_days_ago)
    with services.sessions() as session:
        designation = str(session.scalar(select(Source.designation).where(Source.id == login.source_id)))
    return login.source_id, designation


def _backdate(services: Services, source_id: int, sent_days_ago: int, active_days_ago: int | None = None) -> None:
    sent = _days_ago(sent_days_ago)
    active = _days_ago(active_days_ago if active_days_ago is not None else sent_days_ago)
    with services.sessions.begin() as session:
        session.execute(update(Batch).where(Batch.source_id == source_id).values(received_on=sent))
        session.execute(update(Submission).where(Submission.source_id == source_id).values(received_on=sent))
        session.execute(update(Reply).where(Reply.source_id == source_id).values(sent_on=sent))
        session.execute(update(Source).where(Source.id == source_id).values(created_on=sent, last_activity_on=active))


def _counts(services: Services) -> tuple[int, int, int, int, int]:
    with services.sessions() as session:
        return (
            session.scalar(select(func.count(Source.id))) or 0,
            session.scalar(select(func.count(Batch.id))) or 0,
            session.scalar(select(func.count(Submission.id))) or 0,
            session.scalar(select(func.count(Reply.id))) or 0,
            len(list(services.store.keys())),
        )


def _retention(
    services: Services, audit: RecordingAudit, today: datetime.date = TODAY, **policy: int
) -> RetentionService:
    return RetentionService(services.sessions, services.store, RetentionPolicy(**policy), audit, lambda: today)


def test_old_submissions_and_replies_go_recent_ones_stay(services: Services) -> None:
    # Given one source who sent 40 days ago and one who sent 20 days ago
    _, old = _source(services, sent_days_ago=40)
    _source(services, sent_days_ago=20)
    audit = RecordingAudit()

    # When submissions and replies live 30 days (grace 14)
    report = _retention(services, audit, submission_days=30, reply_days=30, grace_days=14).run()

    # Then only the old material is gone, rows and blobs, and each deletion is audited
    assert (1, 1, 1, 1) == (
        report.deleted_batches,
        report.deleted_submissions,
        report.deleted_replies,
        len(report.sources),
    )
    assert (2, 1, 1, 1, 3) == _counts(services)  # both sources stay; 3 blobs: message, manifest, reply
    assert [("retention.submissions_deleted", old), ("retention.replies_deleted", old)] == audit.entries


def test_grace_period_restarts_when_the_source_adds_material(services: Services) -> None:
    # Given a source whose first message is 40 days old and who sent more 5 days ago
    source_id, designation = _source(services, sent_days_ago=40)
    services.submissions.submit(source_id, "More detail.", [])
    with services.sessions.begin() as session:
        newest = session.scalar(select(func.max(Batch.id)))
        session.execute(update(Batch).where(Batch.id == newest).values(received_on=_days_ago(5)))
    audit = RecordingAudit()

    # Then within 14 days of the newest material nothing of the source is deleted
    assert [] == _retention(services, audit, submission_days=30, grace_days=14).run().sources
    assert 2 == _counts(services)[1]

    # When the grace period has passed (10 days later), the batch older than 30 days goes
    later = TODAY + datetime.timedelta(days=10)
    report = _retention(services, audit, today=later, submission_days=30, grace_days=14).run()
    assert (1, 1) == (report.deleted_batches, _counts(services)[1])
    assert [("retention.submissions_deleted", designation)] == audit.entries


def test_dry_run_changes_nothing(services: Services) -> None:
    _source(services, sent_days_ago=400)
    before = _counts(services)
    audit = RecordingAudit()
    report = _retention(services, audit, source_days=365).run(dry_run=True)
    assert (1, 3) == (report.deleted_sources, len(report.blobs))  # message, manifest, reply
    assert before == _counts(services)
    assert [] == audit.entries


def test_an_expired_source_gets_the_ordinary_wrong_codename_message(
    services: Services, source_client: FlaskClient
) -> None:
    # Given a source account created over HTTP, then left inactive for more than a year
    codename = create_account(source_client)
    with services.sessions() as session:
        source_id = int(session.scalar(select(Source.id)) or 0)
    _backdate(services, source_id, 400)
    audit = RecordingAudit()

    # When retention runs with inactive sources living 365 days
    report = _retention(services, audit, source_days=365).run()
    assert 1 == report.deleted_sources
    assert ((0, 0, 0, 0, 0)) == _counts(services)
    assert ["retention.source_deleted"] == [action for action, _ in audit.entries]

    # Then the session still open on the phone is gone, and logging in says what any typo says
    assert source_client.get("/lookup").status_code == 302
    page = source_client.get("/login").get_data(as_text=True)
    response = source_client.post("/login", data={"csrf_token": csrf_token(page), "codename": codename})
    assert 401 == response.status_code
    assert "That codename is not right. Check each word and try again." in response.get_data(as_text=True)


def test_a_login_counts_as_activity(services: Services) -> None:
    codename = services.sources.generate_codename()
    login = services.sources.create(codename)
    _backdate(services, login.source_id, 400)
    services.sources.login(codename)
    assert [] == _retention(services, RecordingAudit(), today=today(), source_days=365).run().sources


def test_retention_command_and_the_job_inside_serve(tmp_path: Path, database_url: str) -> None:
    instance = prepare_instance(
        tmp_path / "cli",
        settings_overrides={"source_retention_days": 365, "retention_interval_minutes": 1},
        extra_env=live_environment(database_url),
    )
    settings = load_settings(instance.data_dir, environ=instance.env)
    services = build_services(settings)
    try:
        real_today = today()
        for _ in range(2):
            login = services.sources.create(services.sources.generate_codename())
            with services.sessions.begin() as session:
                stale = real_today - datetime.timedelta(days=400)
                session.execute(
                    update(Source).where(Source.id == login.source_id).values(created_on=stale, last_activity_on=stale)
                )

        # `--dry-run` names what would go and deletes nothing
        result = instance.cli("retention", "run", "--dry-run")
        assert 2 == result.stdout.count(": whole account")
        assert 2 == _counts(services)[0]

        # `tipline serve` runs the job at start and then every interval
        serve(instance)
        deadline = time.monotonic() + 30
        while _counts(services)[0] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert 0 == _counts(services)[0]
        instance.stop()
        assert "retention deleted: 2 source(s)" in instance.output()
        result = instance.cli("retention", "run")
        assert "retention deleted: 0 source(s)" in result.stdout
    finally:
        services.close()
        instance.stop()


def test_deletions_on_schedule_are_written_to_the_audit_log(services: Services) -> None:
    """The default retention job records each deletion in the real audit log, by designation only."""
    # Given a source whose material is past retention
    _, old = _source(services, sent_days_ago=40)
    policy = RetentionPolicy(submission_days=30, reply_days=30, grace_days=14)

    # When the job wired by services runs
    RetentionService(services.sessions, services.store, policy, RetentionAudit(services.audit), lambda: TODAY).run()

    # Then the audit log names the source's designation, the system as actor, and nothing else
    entries = [(e.actor, e.action, e.source_designation, e.via) for e in services.audit.page().entries]
    assert [
        ("system", "retention.replies_deleted", old, "schedule"),
        ("system", "retention.submissions_deleted", old, "schedule"),
    ] == entries


def test_a_deletion_whose_audit_entry_fails_deletes_nothing(services: Services) -> None:
    """The rows and their entries share one transaction: with the audit table renamed away (a
    real fault in the database), the run fails and every row and blob is still there."""
    _source(services, sent_days_ago=40)
    policy = RetentionPolicy(submission_days=30, reply_days=30, grace_days=14)
    job = RetentionService(services.sessions, services.store, policy, RetentionAudit(services.audit), lambda: TODAY)
    before = everything(services)
    with audit_table_gone(services), pytest.raises(DBAPIError):
        job.run()
    assert before == everything(services)
    assert job.run().sources  # the same run, with the log back, deletes
