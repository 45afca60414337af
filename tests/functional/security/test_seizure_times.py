"""The seizure test for *when*: after a source's story, no time the server holds dates it finer than a day.

A source creates an account, sends a message and a file, logs out, logs back in, reads the reply
and deletes it, against a real `tipline serve`. Then every path under the data folder (database,
WAL and SHM, configuration, keys, the store and its folders) is read for its mtime, atime and ctime
(folders listed with O_NOATIME, so the test leaves no atime of its own), and the S3 store's
objects for their LastModified.

- mtime and atime: every one is a UTC midnight — the store's at once, while the server runs; the
  database's after the restamp job's next run (it changes at every write).
- ctime (no program can set it) and LastModified: after the restamp job's run, every one is the
  instant of that run, none is the moment of a source action. What is left is the job's interval:
  an action shows only "between the previous run and this one" (docs/threat-model.md, T1).
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.factories.disk import every_path_without_atime
from tests.factories.live import TIPLINE, LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, LiveClient, create_account, log_in, lookup_token, multipart, urlencoded
from tests.factories.seizure import api_client, api_get, ctimes_outside, times_finer_than_a_day
from tipline.config import load_settings
from tipline.crypto.age import encrypt_bytes
from tipline.services import build_store
from tipline.storage.restamp import instance_restamper
from tipline.storage.s3 import S3BlobStore

# The kernel stamps ctime from its coarse clock (one tick, 4 ms at HZ=250, behind time.time()).
COARSE_CLOCK = 0.02


@dataclass
class Story:
    """The moments of the source's actions (Unix time), to say how close a time comes to them."""

    actions: list[float] = field(default_factory=list)

    def mark(self) -> None:
        self.actions.append(time.time())


def source_story(instance: LiveInstance) -> Story:
    story = Story()
    source = LiveClient(instance.source_url)
    codename = create_account(source)
    story.mark()
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", f"message {secrets.token_hex(8)}")],
        [FilePart("files", "ledger.pdf", os.urandom(40_000), "application/pdf")],
    )
    assert 302 == source.post("/submit", body, content_type).status
    story.mark()

    journalist = api_client(instance, "reporter", instance.add_journalist("reporter"))
    listed = api_get(journalist, "/api/v1/sources")["sources"]
    root = api_get(journalist, "/api/v1/")
    armored = encrypt_bytes(b"We read it.", [listed[0]["age_recipient"], root["newsroom_recipient"]], armored=True)
    reply = json.dumps({"reply": armored.decode()}).encode()
    assert 201 == journalist.post(listed[0]["replies_url"], reply, "application/json").status

    logout_body, logout_type = urlencoded({"csrf_token": lookup_token(source)})
    assert 200 == source.post("/logout", logout_body, logout_type).status
    story.mark()
    assert 302 == log_in(source, codename).status
    page = source.get("/lookup").text
    assert "We read it." in page  # the reply blob was read
    story.mark()
    reply_uuid = page.split("/replies/", 1)[1].split("/delete", 1)[0]
    delete_body, delete_type = urlencoded({"csrf_token": lookup_token(source)})
    assert 302 == source.post(f"/replies/{reply_uuid}/delete", delete_body, delete_type).status
    story.mark()
    return story


def _restamp_once(instance: LiveInstance) -> tuple[float, float]:
    """One run of the restamp job, as `tipline serve` runs it every restamp_interval_minutes."""
    settings = load_settings(instance.data_dir, environ=instance.env)
    run = instance_restamper(settings.data_dir, build_store(settings)).run()
    return run.started, run.seconds


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[LiveInstance]:
    live = serve(prepare_instance(tmp_path / "live"))
    yield live
    live.stop()


def test_a_seized_data_folder_dates_nothing_finer_than_a_day(instance: LiveInstance) -> None:
    story = source_story(instance)
    store = instance.data_dir / "store"
    assert len(every_path_without_atime(store)) >= 6  # root, .incoming, shard folders, blobs: all read

    # The store's mtimes and atimes say the day at once, the server still running.
    assert [] == [str(t) for t in times_finer_than_a_day(store)]

    # The database's files changed at the source's every action; the job's next run sets them.
    instance.stop()
    time.sleep(1.1)  # the run comes later than every action by more than a second
    started, seconds = _restamp_once(instance)
    assert story.actions[-1] < started - 1
    assert [] == [str(t) for t in times_finer_than_a_day(instance.data_dir)]
    outside = ctimes_outside(instance.data_dir, started - COARSE_CLOCK, started + seconds + COARSE_CLOCK)
    assert [] == [str(t) for t in outside]
    names = {path.name for path in every_path_without_atime(instance.data_dir)}
    assert {"tipline.sqlite", "tipline.toml", "newsroom-identity.txt", "store"} <= names


@pytest.fixture
def s3_instance(tmp_path: Path, s3_settings: dict[str, str]) -> Iterator[LiveInstance]:
    environment = {f"TIPLINE_{name.upper()}": value for name, value in s3_settings.items()}
    live = serve(prepare_instance(tmp_path / "live", extra_env=environment))
    yield live
    live.stop()


def test_a_seized_s3_store_dates_nothing_to_the_second_after_the_restamp_job(s3_instance: LiveInstance) -> None:
    """LastModified cannot be set: the job rewrites each new object in place, so it shows the run's time."""
    story = source_story(s3_instance)
    settings = load_settings(s3_instance.data_dir, environ=s3_instance.env)
    store = build_store(settings)
    assert isinstance(store, S3BlobStore)
    before = dict(store.objects())
    assert len(before) >= 3  # message, file, manifest (the reply was deleted)
    # Before the job, LastModified is the second of the submission: the residual it removes.
    assert all(abs(modified.timestamp() - story.actions[1]) < 60 for modified in before.values())

    time.sleep(2.1)  # LastModified has whole seconds: the run must fall in a later one
    restamper = instance_restamper(settings.data_dir, store)
    first = restamper.run()
    started, seconds = first.started, first.seconds
    after = dict(store.objects())
    assert before.keys() == after.keys()
    run_second = datetime.datetime.fromtimestamp(int(started), datetime.UTC)
    latest = datetime.datetime.fromtimestamp(started + seconds + 1, datetime.UTC)
    assert {} == {key: str(modified) for key, modified in after.items() if not run_second <= modified <= latest}
    assert all(modified.timestamp() > story.actions[-1] + 1 for modified in after.values())
    # Nothing new: the next run rewrites nothing (objects do not look new again at every run).
    assert restamper.objects is not None
    assert 0 == restamper.objects.run().stamped


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serve_and_worker_run_the_restamp_job(tmp_path: Path, command: str) -> None:
    instance = prepare_instance(tmp_path / "live")
    planted = instance.data_dir / "written-just-now"
    planted.write_bytes(b"x")
    assert times_finer_than_a_day(planted)
    if command == "serve":
        serve(instance)
    else:
        with instance.output_path.open("ab") as output:
            instance.process = subprocess.Popen(
                [TIPLINE, "worker"], env=instance.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
    try:
        deadline = time.monotonic() + 30
        while times_finer_than_a_day(planted) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [] == times_finer_than_a_day(planted), instance.output()
    finally:
        instance.stop()
