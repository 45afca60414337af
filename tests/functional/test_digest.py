"""The daily new-submission digest: a count by e-mail and webhook, sent by the worker, once a day,
and nothing else — no designation, time, size or kind."""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading
import time

from sqlalchemy import update

from tests.factories.mail_sink import mail_and_webhook_sinks
from tests.factories.sources import designation_of, make_source
from tipline.alerts.digest import DigestJob
from tipline.cli.retention import run_worker
from tipline.config import Settings
from tipline.services import Services
from tipline.submissions.models import Submission


def _yesterday_and_today(services: Services) -> list[str]:
    """Three submissions yesterday (from two sources) and one today; their designations."""
    early, busy, today = make_source(services, "a"), make_source(services, "b", "c"), make_source(services, "d")
    yesterday = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1)
    with services.sessions.begin() as session:
        for source in (early, busy):
            session.execute(
                update(Submission).where(Submission.source_id == source.login.source_id).values(received_on=yesterday)
            )
    return [designation_of(services, s) for s in (early, busy, today)]


def test_the_digest_says_only_how_many_came_yesterday(settings: Settings, services: Services) -> None:
    designations = _yesterday_and_today(services)
    with mail_and_webhook_sinks() as (port, webhook, received):
        configured = dataclasses.replace(
            settings,
            digest_email_to="desk@newsroom.example",
            digest_webhook_url=webhook,
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
            default_locale="en",
        )
        job = DigestJob(configured, services.sessions)
        today = datetime.datetime.now(datetime.UTC).date()
        morning = datetime.datetime.combine(today, datetime.time(8, 0), tzinfo=datetime.UTC)

        assert job.run(morning.replace(hour=3)) is None  # before digest_hour_utc (7)
        sent = job.run(morning)
        assert sent is not None
        assert sent.count == 3
        assert job.run(morning.replace(hour=20)) is None  # once a day

    (mail,) = received.messages
    (post,) = received.posts
    text = mail.decode("utf-8")
    assert "3 new submissions since yesterday." in text
    assert "Subject: Tipline: new submissions" in text
    assert "\nDate:" not in text
    assert {"text": "3 new submissions since yesterday.", "new_submissions": 3} == json.loads(post)
    for designation in designations:
        assert designation not in text
        assert designation not in post.decode()
    # No size, kind or time: the body is the one sentence.
    body = text.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in text else text.split("\n\n", 1)[1]
    assert "3 new submissions since yesterday." == body.strip()


def test_the_digest_is_in_the_instance_language_and_sent_on_quiet_days_too(
    settings: Settings, services: Services
) -> None:
    with mail_and_webhook_sinks() as (_port, webhook, received):
        configured = dataclasses.replace(settings, digest_webhook_url=webhook, default_locale="ko")
        sent = DigestJob(configured, services.sessions).run(datetime.datetime.now(datetime.UTC).replace(hour=9))
    assert sent is not None
    assert {"text": "어제부터 새 제보 0건.", "new_submissions": 0} == json.loads(received.posts[0])
    assert [] == received.messages


def test_the_worker_sends_the_digest(settings: Settings, services: Services) -> None:
    _yesterday_and_today(services)
    with mail_and_webhook_sinks() as (_port, webhook, received):
        configured = dataclasses.replace(
            settings, digest_webhook_url=webhook, digest_hour_utc=0, retention_interval_minutes=60
        )
        stop = threading.Event()
        worker = threading.Thread(target=run_worker, args=(configured, stop), daemon=True)
        worker.start()
        deadline = time.monotonic() + 30
        while not received.posts and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        worker.join(timeout=30)
    assert 3 == json.loads(received.posts[0])["new_submissions"]
    assert (settings.data_dir / "digest-sent-on").read_text().strip() == datetime.datetime.now(
        datetime.UTC
    ).date().isoformat()


def test_an_unreachable_channel_is_an_error_and_the_day_stays_unsent(settings: Settings, services: Services) -> None:
    import socket

    import pytest

    from tipline.errors import DigestError

    with socket.socket() as closed:  # a loopback port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    configured = dataclasses.replace(settings, digest_webhook_url=f"http://127.0.0.1:{port}/hook")
    job = DigestJob(configured, services.sessions)
    morning = datetime.datetime.now(datetime.UTC).replace(hour=9)
    with pytest.raises(DigestError, match="not reached") as failed:
        job.run(morning)
    assert "0" not in str(failed.value)  # the error names the channel, never the count
    assert not (settings.data_dir / "digest-sent-on").exists()
    assert job.due(morning)  # tried again at the next run
