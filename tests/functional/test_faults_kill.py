"""kill -9 of the whole server (tipline serve, both gunicorn arbiters, their workers) mid-request.

After a restart on the same data folder: nothing partial is visible, nothing committed before
the kill is lost, and `tipline check` finds the store consistent. What cleans up, and when:
- half-written uploads (.incoming): `tipline serve` at start, and every gunicorn worker as it
  boots, so also the worker gunicorn starts in place of one that was killed alone
  (LocalBlobStore.discard_abandoned: files no living writer holds a lock on);
- a complete blob whose row was never committed (killed between the two): `tipline check
  --repair`, which deletes orphans older than its grace period (never at start: on a shared store
  the orphan may be another server's submission being committed).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories.faults import (
    api_bytes,
    api_json,
    incoming,
    journalist_api,
    kill_everything,
    lock_holder,
    newsroom_identity,
    newsroom_plaintexts,
    store_dir,
    stored_blobs,
    wait_for,
)
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import (
    FilePart,
    LiveClient,
    create_account,
    log_in,
    lookup_token,
    multipart,
    multipart_parts,
    split,
)
from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.padding import unpad

AGE_HEADER = b"age-encryption.org/v1\n"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveInstance]:
    instance = serve(prepare_instance(tmp_path / "live"))
    yield instance
    instance.stop()


def restart(instance: LiveInstance) -> str:
    """Serve again on the same data folder; return what the restart printed."""
    before = len(instance.output())
    serve(instance)
    return instance.output()[before:]


def check(instance: LiveInstance, *args: str) -> tuple[int, str]:
    # Grace 0: count every leftover, however young (the default spares the last hour's).
    result = instance.cli("check", "--grace-seconds", "0", *args, check=False, process=True)
    return result.returncode, result.stdout + result.stderr


def reply_body(journalist: LiveClient, source: dict[str, Any], text: str) -> bytes:
    newsroom = api_json(journalist, "/api/v1/")["newsroom_recipient"]
    armored = encrypt_bytes(text.encode(), [source["age_recipient"], newsroom], armored=True).decode()
    return json.dumps({"reply": armored}).encode()


def only_source(journalist: LiveClient) -> dict[str, Any]:
    (source,) = api_json(journalist, "/api/v1/sources")["sources"]
    assert isinstance(source, dict)
    return source


def replies_decrypted(journalist: LiveClient, source: dict[str, Any], identity: str) -> list[str]:
    replies = api_json(journalist, source["replies_url"])["replies"]
    return [unpad(decrypt_bytes(api_bytes(journalist, r["download_url"]), [identity])).decode() for r in replies]


def upload_pieces(token: str) -> tuple[list[bytes], dict[str, str]]:
    """A 4 MiB upload as 64 KiB pieces, and its headers."""
    boundary = "----faults" + os.urandom(6).hex()
    parts, end = multipart_parts(
        [("csrf_token", token), ("message", "never finished")],
        [FilePart("files", "half.pdf", os.urandom(4 * 1024 * 1024), "application/pdf")],
        boundary,
    )
    body = b"".join(parts) + end
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body))}
    return split(body, 64 * 1024), headers


def test_killed_mid_upload_nothing_partial_nothing_lost(live: LiveInstance) -> None:
    """A source's 4 MiB upload is half-way (encrypted data in .incoming) when its worker, then
    every server process, is SIGKILLed. Each time the half upload is gone once serving resumes,
    while the submission and the reply committed before the kills are intact and decrypt."""
    store = store_dir(live)
    source = LiveClient(live.source_url)
    codename = create_account(source)
    document = os.urandom(200 * 1024)
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", "committed before the kill")],
        [FilePart("files", "kept.pdf", document, "application/pdf")],
    )
    assert 302 == source.post("/submit", body, content_type).status
    journalist = journalist_api(live)
    sent = journalist.post(
        only_source(journalist)["replies_url"],
        reply_body(journalist, only_source(journalist), "Reply committed before the kill"),
        "application/json",
    )
    assert 201 == sent.status, sent.text
    committed = stored_blobs(store)

    # First only the gunicorn worker writing an upload dies (as when the kernel kills it for
    # memory); gunicorn starts another, which removes the dead worker's half upload as it boots.
    pieces, headers = upload_pieces(lookup_token(source))

    def kill_the_writing_worker(sent: int) -> None:
        if sent > 1024 * 1024 and not killed_workers:
            wait_for(lambda: bool(incoming(store)), what="ciphertext in .incoming")
            killed_workers.append(lock_holder(incoming(store)[0]))
            os.kill(killed_workers[0], signal.SIGKILL)

    killed_workers: list[int] = []
    with pytest.raises(ConnectionError):
        source.stream("POST", "/submit", pieces, headers, between=kill_the_writing_worker)
    wait_for(lambda: not incoming(store), what="the new worker to discard the half upload")
    # The worker removes the file, then says so: under load the test may look in between.
    wait_for(lambda: "Discarded 1 unfinished write(s)" in live.output(), what="the discard to be reported")
    assert committed == stored_blobs(store)
    assert 302 == log_in(source, codename).status  # the session lived in the dead worker's memory

    # Then the whole server: a 4 MiB file; at 1 MiB in, with ciphertext in .incoming, kill -9.
    pieces, headers = upload_pieces(lookup_token(source))

    def kill_once_encrypting(sent: int) -> None:
        if live.process is not None and sent > 1024 * 1024:
            wait_for(lambda: any(p.stat().st_size > 0 for p in incoming(store)), what="ciphertext in .incoming")
            kill_everything(live)

    with pytest.raises(ConnectionError):  # the connection dies with the server
        source.stream("POST", "/submit", pieces, headers, between=kill_once_encrypting)
    assert live.process is None

    # The killed server left its half upload: encrypted, and reported by tipline check.
    (leftover,) = incoming(store)
    assert leftover.read_bytes().startswith(AGE_HEADER)
    status, report = check(live)
    assert 1 == status
    assert f"unfinished write: .incoming/{leftover.name}" in report

    # The restart removes it at once; nothing else changed.
    assert "Discarded 1 unfinished write(s)" in restart(live)
    assert [] == incoming(store)
    assert committed == stored_blobs(store)
    status, report = check(live)
    assert (0, "The database and the store agree.") == (status, report.splitlines()[-1])

    # Nothing partial is visible, and what was committed is intact.
    identity = newsroom_identity(live)
    listed = only_source(journalist)  # the API token was committed too: it still works
    assert (2, 1) == (listed["number_of_submissions"], listed["number_of_replies"])
    assert sorted([b"committed before the kill", document]) == sorted(newsroom_plaintexts(journalist, identity))
    assert ["Reply committed before the kill"] == replies_decrypted(journalist, listed, identity)
    returning = LiveClient(live.source_url)
    assert 302 == log_in(returning, codename).status  # sessions lived in the killed process
    page = returning.get("/lookup?l=en").text
    assert "Reply committed before the kill" in page


def test_killed_mid_reply_nothing_partial_nothing_lost(live: LiveInstance) -> None:
    """Three kills around a journalist's reply: mid-body, between its blob and its row, and just
    after its commit. Only the committed reply exists afterwards, and the source can read it."""
    store = store_dir(live)
    source = LiveClient(live.source_url)
    codename = create_account(source)
    body, content_type = multipart([("csrf_token", lookup_token(source)), ("message", "hello")])
    assert 302 == source.post("/submit", body, content_type).status
    journalist = journalist_api(live)
    target = only_source(journalist)
    identity = newsroom_identity(live)

    # 1. Killed while the reply's body is still arriving.
    whole = reply_body(journalist, target, "Reply cut off mid-body " + "x" * 200_000)
    pieces = split(whole, 16 * 1024)

    def kill_half_way(sent: int) -> None:
        if live.process is not None and sent > len(whole) // 2:
            kill_everything(live)

    blobs_before = stored_blobs(store)
    with pytest.raises(ConnectionError):
        journalist.stream(
            "POST",
            target["replies_url"],
            pieces,
            {"Content-Type": "application/json", "Content-Length": str(len(whole))},
            between=kill_half_way,
        )
    restart(live)
    assert blobs_before == stored_blobs(store)
    assert [] == replies_decrypted(journalist, target, identity)
    assert 0 == check(live)[0]

    # 2. Killed after the reply's blob is stored but before its row is committed: the test holds
    # SQLite's write lock, so the server's INSERT waits, and the kill falls between the two.
    holder = sqlite3.connect(live.data_dir / "tipline.sqlite", isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    answered: list[BaseException | int] = []

    def send() -> None:
        try:
            reply = journalist.post(
                target["replies_url"], reply_body(journalist, target, "Reply never committed"), "application/json"
            )
            answered.append(reply.status)
        except OSError as error:
            answered.append(error)

    try:
        blobs_before = stored_blobs(store)
        sender = threading.Thread(target=send)
        sender.start()
        wait_for(lambda: len(stored_blobs(store)) > len(blobs_before), what="the reply's blob")
        kill_everything(live)
    finally:
        holder.rollback()
        holder.close()
    sender.join(timeout=30)
    assert 1 == len(answered)
    assert isinstance(answered[0], OSError)  # no answer: the server died
    (orphan,) = set(stored_blobs(store)) - set(blobs_before)

    restart(live)
    assert [] == replies_decrypted(journalist, target, identity)  # nothing half-stored is visible
    status, report = check(live)
    assert 1 == status
    assert f"orphaned blob (no row names it): {orphan.name}" in report
    status, report = check(live, "--repair")
    assert 0 == status, report
    assert f"deleted orphaned blob: {orphan.name}" in report
    assert not orphan.exists()

    # 3. Killed the moment the reply's 201 arrives: the committed reply survives.
    sent = journalist.post(
        target["replies_url"], reply_body(journalist, target, "Reply just committed"), "application/json"
    )
    assert 201 == sent.status
    kill_everything(live)
    restart(live)
    assert ["Reply just committed"] == replies_decrypted(journalist, target, identity)
    assert [b"hello"] == newsroom_plaintexts(journalist, identity)
    assert 0 == check(live)[0]
    returning = LiveClient(live.source_url)
    assert 302 == log_in(returning, codename).status
    page = returning.get("/lookup?l=en").text
    assert "Reply just committed" in page
    assert "never committed" not in page
    assert "mid-body" not in page
