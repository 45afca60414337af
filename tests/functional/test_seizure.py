"""The seizure test: image the server after a source's whole story, and find nothing of the source.

A source (from a distinctive loopback address, with a distinctive User-Agent) creates an account,
sends a message and a file, logs out, logs back in and reads the newsroom's reply. Then every file
the server could have written is searched — the data folder (database, WAL, store, config), the
server's TMPDIR, its whole output, and new files in /tmp — for what was sent and who sent it, in
raw, UTF-16, hex, base64 and URL-encoded forms, and in the names of its files.

tests/functional/test_seizure_full_story.py extends this to both interfaces, the desk and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.disk import files_under, scan
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, LiveClient, create_account, log_in, lookup_token, multipart, urlencoded
from tests.factories.seizure import (
    api_client,
    api_get,
    assert_searched_everything,
    ctimes_outside,
    named_after,
    new_files_in_tmp,
    newsroom_identity,
    report,
    times_finer_than_a_day,
)
from tipline.config import load_settings
from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.codenames import normalise
from tipline.crypto.padding import unpad
from tipline.services import build_store
from tipline.storage.restamp import instance_restamper
from tipline.submissions.manifest import Manifest

SOURCE_ADDRESS = "127.0.0.77"


@pytest.fixture
def started() -> float:
    """When the test began (before the server starts): files in /tmp changed since are searched."""
    return time.time() - 1


@pytest.fixture
def instance(started: float, tmp_path: Path) -> Iterator[LiveInstance]:
    live = serve(prepare_instance(tmp_path / "live"))
    yield live
    live.stop()


def test_a_seized_server_holds_nothing_of_the_source(instance: LiveInstance, started: float, tmp_path: Path) -> None:
    """After a source's whole story, no file the server wrote holds the source's words, file, codename or traces."""
    marker = secrets.token_hex(12)
    message = f"The border guard at post {marker} takes bribes. 국경 경비대 {marker}"
    content = os.urandom(300 * 1024)
    filename = f"평양-ledger-{secrets.token_hex(8)}.pdf"
    user_agent = f"Mozilla/5.0 (Android 14; Mobile) SeizureProbe/{secrets.token_hex(8)}"
    reply_text = f"We read it. Meet us at {secrets.token_hex(12)}."
    source = LiveClient(instance.source_url, source_address=SOURCE_ADDRESS, user_agent=user_agent)
    probe = source.connect()
    probe.connect()
    assert SOURCE_ADDRESS == probe.sock.getsockname()[0]  # the server really sees this address
    probe.close()

    # A source creates an account and sends a message and a file.
    codename = create_account(source)
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", message)],
        [FilePart("files", filename, content, "application/pdf")],
    )
    sent = source.post("/submit", body, content_type)
    assert 302 == sent.status, sent.text

    # The newsroom receives it (proof it all reached the server) and replies.
    journalist = api_client(instance, "reporter", instance.add_journalist("reporter"))
    identity = newsroom_identity(instance)
    listed = api_get(journalist, "/api/v1/sources")["sources"]
    assert 1 == len(listed)
    submissions = api_get(journalist, listed[0]["submissions_url"])["submissions"]
    plaintexts = {
        item["uuid"]: unpad(decrypt_bytes(api_get(journalist, item["download_url"]), [identity]))
        for item in submissions
    }
    manifest = Manifest.from_json(unpad(decrypt_bytes(api_get(journalist, submissions[0]["manifest_url"]), [identity])))
    by_kind = {item.kind: item for item in manifest.items}
    assert message.encode() == plaintexts[by_kind["message"].submission]
    assert content == plaintexts[by_kind["file"].submission]
    assert filename == by_kind["file"].filename
    root = api_get(journalist, "/api/v1/")
    armored = encrypt_bytes(reply_text.encode(), [listed[0]["age_recipient"], root["newsroom_recipient"]], armored=True)
    stored = journalist.post(
        listed[0]["replies_url"], json.dumps({"reply": armored.decode()}).encode(), "application/json"
    )
    assert 201 == stored.status, stored.text

    # The source logs out, comes back with the codename typed loosely, and reads the reply.
    logout_body, logout_type = urlencoded({"csrf_token": lookup_token(source)})
    assert 200 == source.post("/logout", logout_body, logout_type).status
    typed = "  " + codename.upper().replace(" ", "   ") + " "
    assert 302 == log_in(source, typed).status
    assert reply_text in source.get("/lookup").text

    secrets_to_find: dict[str, bytes | str] = {
        "message": message,
        "message marker": marker,
        "file bytes (start)": content[:64],
        "file bytes (middle)": content[150_000:150_064],
        "filename": filename,
        "filename (random part)": filename.rsplit("-", maxsplit=1)[-1],
        "codename": codename,
        "codename as typed": typed.strip(),
        "client address": SOURCE_ADDRESS,
        "User-Agent": user_agent,
        "User-Agent (random part)": user_agent.rsplit("/", 1)[-1],
        "reply": reply_text,
    }
    if normalise(codename) != codename:
        secrets_to_find["codename (normalised)"] = normalise(codename)

    # Seized while running (database WAL and all), then again once stopped.
    running = sorted(files_under(tmp_path))
    assert_searched_everything(running, instance, stored_value=listed[0]["age_recipient"])
    hits_running = scan(running, secrets_to_find)
    instance.stop()
    stopped = sorted(files_under(tmp_path))
    hits_stopped = scan(stopped, secrets_to_find)
    # Elsewhere in /tmp, the forms a careless write would take: the text itself, UTF-8 or UTF-16.
    hits_tmp = scan(new_files_in_tmp(started, stopped), secrets_to_find, forms=("bytes", "utf-16-le"))

    names = named_after(tmp_path.rglob("*"), tmp_path, secrets_to_find)
    found = {"while running": hits_running, "once stopped": hits_stopped, "in /tmp": hits_tmp, "file names": names}
    assert {} == {moment: hits for moment, hits in found.items() if hits}, report(found)

    # When: after the restamp job's next run, no time in the data folder is finer than a day but
    # ctime, which is the run's (tests/functional/security/test_seizure_times.py says more).
    time.sleep(1.1)
    settings = load_settings(instance.data_dir, environ=instance.env)
    run = instance_restamper(settings.data_dir, build_store(settings)).run()
    assert [] == [str(t) for t in times_finer_than_a_day(instance.data_dir)]
    assert [] == [
        str(t) for t in ctimes_outside(instance.data_dir, run.started - 0.02, run.started + run.seconds + 0.02)
    ]


def test_a_malformed_request_leaves_no_client_address_in_the_output(instance: LiveInstance) -> None:
    """gunicorn names the client of a request it cannot parse; the server's output must not."""
    address = "127.0.0.78"
    port = int(instance.source_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0)) as sock:
        sock.sendall(b"GET / HTTP/1.1\nHost: tipline\n\n")  # bare LF: refused by the server
        answer = sock.recv(4096)
    instance.stop()

    assert answer.startswith(b"HTTP/1.1 400")
    assert [] == scan([instance.output_path], {"client address": address})


def test_the_tmp_backstop_finds_a_careless_write_and_skips_only_pytest_folders(tmp_path: Path, started: float) -> None:
    """new_files_in_tmp: a file written straight into /tmp (or a folder of its own there), as a
    process ignoring its TMPDIR would, is found; this test's own folder is left to its own
    rules, and pytest's folders of other tests are not walked (nothing under test writes there)."""
    careless = Path("/tmp") / f"tipline-careless-{secrets.token_hex(4)}"
    loose = careless.with_suffix(".txt")
    careless.mkdir()
    try:
        (careless / "nested.txt").write_text("a careless write")
        loose.write_text("another")
        own = tmp_path / "own.txt"
        own.write_text("searched by the test's own rules")
        other_test = tmp_path.parent / f"another-test-{secrets.token_hex(4)}"
        other_test.mkdir()
        (other_test / "theirs.txt").write_text("another test's file")

        found = new_files_in_tmp(started, outside=[tmp_path])

        assert {careless / "nested.txt", loose} <= set(found)
        assert not {own, other_test / "theirs.txt"} & set(found)
    finally:
        loose.unlink(missing_ok=True)
        (careless / "nested.txt").unlink(missing_ok=True)
        careless.rmdir()
