"""A large upload is encrypted as it streams: no plaintext on disk even mid-upload, and age opens it.

Over the live server, a ~30 MiB file with a marker at its start is sent slowly. At checkpoints
while it is in flight, every file in the data folder and the server's TMPDIR, and every regular
file the server's processes hold open (unnamed temporary files included), is searched for the
marker and for the bytes just sent. Afterwards the stored ciphertext is decrypted with the `age`
command-line tool and must be exactly the original bytes: the round trip.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.factories.disk import (
    files_under,
    in_flight_to,
    incoming,
    open_regular_files,
    scan,
    server_pids,
    stored_blobs,
)
from tests.factories.forms import csrf_token
from tests.factories.live import LiveInstance
from tests.factories.live_http import FilePart, LiveClient, create_account, lookup_token, multipart_parts, split
from tipline.crypto.age import BINARY_HEADER
from tipline.crypto.padding import FRAME_BYTES, file_bucket, unpad

MIB = 1024 * 1024
SIZE = 30 * MIB
CHECKPOINTS = (4 * MIB, 12 * MIB, 20 * MIB, 28 * MIB)


def wait_for_incoming(instance: LiveInstance, at_least: int, before: list[Path]) -> int:
    """Wait until the blob being written (the one not in ``before``) holds ``at_least`` bytes of
    ciphertext; return its size."""
    deadline = time.monotonic() + 15
    while True:
        partial = added(incoming(instance), before)
        size = partial[0].stat().st_size if len(partial) == 1 else 0
        if size >= at_least:
            return size
        assert time.monotonic() < deadline, f"the server did not take the upload in: {partial}, {size} bytes"
        time.sleep(0.05)


def added(paths: list[Path], before: list[Path]) -> list[Path]:
    """What this test's requests added: the server is shared with the worker's other tests."""
    return [path for path in paths if path not in before]


def test_plaintext_never_touches_disk_and_age_opens_the_stored_ciphertext(shared_live_instance: LiveInstance) -> None:
    """Mid-upload only ciphertext is on disk or in open files; the stored blob decrypts to the exact bytes."""
    age = shutil.which("age")
    if age is None:
        pytest.skip("the `age` command-line tool is not installed (bin/install-system-deps installs it)")
    marker = b"PLAINTEXT-MARKER-" + secrets.token_hex(16).encode()
    content = marker + os.urandom(SIZE - len(marker))
    client = LiveClient(shared_live_instance.source_url)
    create_account(client)
    blobs_before, incoming_before = stored_blobs(shared_live_instance), incoming(shared_live_instance)
    boundary = "b" + secrets.token_hex(8)
    parts, end = multipart_parts(
        [("csrf_token", lookup_token(client))], [FilePart("files", "big.bin", content)], boundary
    )
    preamble = len(parts[0]) + parts[1].index(marker)
    pieces = split(b"".join(parts) + end, MIB)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(sum(map(len, pieces))),
    }
    observed: list[tuple[int, int, list[str], list[str]]] = []

    def look(sent: int) -> None:
        if not any(sent - MIB < checkpoint <= sent for checkpoint in CHECKPOINTS):
            return
        # The server has taken in (and encrypted) all but the last ~2 MiB sent.
        ciphertext_size = wait_for_incoming(shared_live_instance, sent - 2 * MIB, incoming_before)
        recent = sent - preamble - 3 * MIB
        plaintext = {"marker": marker, "bytes just sent": content[recent : recent + 64]}
        on_disk = [*files_under(shared_live_instance.data_dir), *files_under(shared_live_instance.tmp_dir)]
        held_open = open_regular_files(server_pids(shared_live_instance))
        hits = [str(hit) for hit in scan(on_disk, plaintext)]
        hits += [f"{hit} (open file {held_open[hit.path]})" for hit in scan(held_open, plaintext)]
        committed = [str(path) for path in added(stored_blobs(shared_live_instance), blobs_before)]
        observed.append((sent, ciphertext_size, hits, committed))
        assert (
            added(incoming(shared_live_instance), incoming_before)[0].read_bytes()[: len(BINARY_HEADER)]
            == BINARY_HEADER
        )

    outcome = client.stream("POST", "/submit", pieces, headers, between=look, pause=0.02)

    assert 302 == outcome.reply.status, outcome.reply.text
    assert len(CHECKPOINTS) == len(observed)
    for sent, ciphertext_size, hits, committed in observed:
        assert [] == hits, f"plaintext on disk with {sent} bytes sent: " + "; ".join(hits)
        assert [] == committed, "a blob was visible in the store before the upload finished"
        assert ciphertext_size >= sent - 2 * MIB
    # The round trip: the largest blob is the file (the other is its manifest).
    blob = max(added(stored_blobs(shared_live_instance), blobs_before), key=lambda path: path.stat().st_size)
    identity = shared_live_instance.data_dir / "newsroom-identity.txt"
    decrypted = subprocess.run([age, "-d", "-i", str(identity), str(blob)], capture_output=True, check=True, timeout=60)
    # What age opens is the padded frame (docs/padding-design.md); its content is what was sent.
    assert file_bucket(len(content) + FRAME_BYTES) == len(decrypted.stdout)
    assert hashlib.sha256(content).hexdigest() == hashlib.sha256(unpad(decrypted.stdout)).hexdigest()


def test_file_sent_to_a_form_without_uploads_is_dropped_unread(shared_live_instance: LiveInstance) -> None:
    """A file part posted to the login form is neither kept nor spooled anywhere, even mid-request."""
    marker = b"PLAINTEXT-MARKER-" + secrets.token_hex(16).encode()
    content = marker + os.urandom(12 * MIB - len(marker))
    client = LiveClient(shared_live_instance.source_url)
    token = csrf_token(client.get("/login").text)
    boundary = "b" + secrets.token_hex(8)
    fields = [("csrf_token", token), ("codename", "not a codename")]
    parts, end = multipart_parts(fields, [FilePart("files", "big.bin", content)], boundary)
    pieces = split(b"".join(parts) + end, MIB)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(sum(map(len, pieces))),
    }
    pids = server_pids(shared_live_instance)
    before = stored_blobs(shared_live_instance), incoming(shared_live_instance)
    findings: list[str] = []

    def look(sent: int) -> None:
        if sent not in (4 * MIB, 8 * MIB):
            return
        # The server has read (nearly) all that was sent so far.
        deadline = time.monotonic() + 15
        while in_flight_to(client.port) > 128 * 1024:
            assert time.monotonic() < deadline, "the server did not read the request body"
            time.sleep(0.05)
        held_open = open_regular_files(pids)
        findings.extend(f"{hit} (open file {held_open[hit.path]})" for hit in scan(held_open, {"marker": marker}))
        on_disk = [*files_under(shared_live_instance.data_dir), *files_under(shared_live_instance.tmp_dir)]
        findings.extend(map(str, scan(on_disk, {"marker": marker})))

    outcome = client.stream("POST", "/login", pieces, headers, between=look, pause=0.02)

    assert 401 == outcome.reply.status
    assert [] == findings
    assert ([], []) == (
        added(stored_blobs(shared_live_instance), before[0]),
        added(incoming(shared_live_instance), before[1]),
    )
