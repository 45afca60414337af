"""Stored sizes say only the bucket (issue 20.1, docs/padding-design.md).

age puts a random "grease" stanza in every header (33 to about 200 bytes, drawn afresh for each
encryption, whatever the content): two ciphertexts of one padded length differ by that noise
alone. So these tests compare the payload (the ciphertext after its header), which is the same
to the byte, and hold the whole size to the grease's spread.
"""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from tests.factories.forms import csrf_token
from tests.functional.test_source_story import api_token, create_account
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import FILE_FLOOR, FRAME_BYTES, SMALL_FLOOR, file_bucket, unpad
from tipline.services import Services
from tipline.submissions.models import Batch, Reply, Submission

MIB = 1024 * 1024
# The spread of age's grease, measured over 20,000 encryptions to one recipient: 213 to 385 bytes
# of header. Padding buckets are at least 1,536 bytes apart, so the bands never meet.
GREASE_SPREAD = 200
TEN = "열글자의 짧은 제보"  # 10 characters
NINE_THOUSAND = ("로동자들은 매일 열네시간 일한다. " * 500)[:9000]  # 9,000 characters, 22,266 bytes


def payload_length(ciphertext: bytes) -> int:
    """The bytes after an age file's header (after its "--- MAC" line); armor taken off first."""
    if ciphertext.startswith(b"-----BEGIN"):
        ciphertext = base64.b64decode(b"".join(ciphertext.strip().splitlines()[1:-1]))
    mac_line = ciphertext.index(b"\n--- ") + 1
    return len(ciphertext) - (ciphertext.index(b"\n", mac_line) + 1)


def _submit(client: FlaskClient, message: str, files: list[tuple[bytes, str]]) -> None:
    page = client.get("/lookup").get_data(as_text=True)
    data: dict[str, object] = {
        "csrf_token": csrf_token(page),
        "message": message,
        "files": [(io.BytesIO(content), name) for content, name in files],
    }
    # A body of more than 500 KiB is built in a temporary file that the test client never closes.
    builder = EnvironBuilder(path="/submit", method="POST", data=data, content_type="multipart/form-data")
    environ = builder.get_environ()
    try:
        assert 302 == client.open(environ).status_code
    finally:
        environ["wsgi.input"].close()
        builder.close()


def _stored(services: Services) -> dict[str, tuple[int, int, bytes]]:
    """blob key → (size in the database, size in the blob store, ciphertext)."""
    found: dict[str, tuple[int, int, bytes]] = {}
    with services.sessions() as session:
        rows = [(s.blob, s.size) for s in session.scalars(select(Submission))]
        rows += [(b.manifest_blob, b.manifest_size) for b in session.scalars(select(Batch))]
        rows += [(r.blob, r.size) for r in session.scalars(select(Reply))]
    for key, size in rows:
        with services.store.open(key) as blob:
            found[key] = (size, services.store.size(key), blob.read())
    return found


def _by_plaintext(services: Services, identity: str) -> dict[bytes, tuple[int, int, bytes]]:
    return {
        unpad(decrypt_bytes(ciphertext, [identity])): (db, disk, ciphertext)
        for db, disk, ciphertext in _stored(services).values()
    }


def _same_size(first: tuple[int, int, bytes], second: tuple[int, int, bytes]) -> None:
    for db, disk, ciphertext in (first, second):
        assert db == disk == len(ciphertext)  # the database holds the blob's size, nothing else
    payloads = {payload_length(c) for _, _, c in (first, second)}
    assert 1 == len(payloads), payloads
    assert abs(first[0] - second[0]) <= GREASE_SPREAD


def test_messages_of_10_and_9000_characters_store_as_the_same_size(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    assert 10 == len(TEN)
    assert 9000 == len(NINE_THOUSAND)
    create_account(source_client)
    _submit(source_client, TEN, [])
    _submit(source_client, NINE_THOUSAND, [])

    stored = _by_plaintext(services, newsroom_identity)
    short, long = stored[TEN.encode()], stored[NINE_THOUSAND.encode()]
    _same_size(short, long)
    for _, _, ciphertext in (short, long):
        assert SMALL_FLOOR == len(decrypt_bytes(ciphertext, [newsroom_identity]))
    # The manifests of the two batches too (one file name more or less changes nothing).
    manifests = [v for k, v in stored.items() if k.startswith(b"{")]
    assert 2 == len(manifests)
    _same_size(*manifests)


def test_files_of_1_00_and_1_05_mib_store_as_the_same_size_and_the_api_says_so(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    one = b"\x89PNG" + bytes(MIB - 4)
    one_o_five = b"%PDF" + b"\x01" * (int(1.05 * MIB) - 4)
    create_account(source_client)
    _submit(source_client, "", [(one, "one.png")])
    _submit(source_client, "", [(one_o_five, "one-o-five.pdf")])

    stored = _by_plaintext(services, newsroom_identity)
    _same_size(stored[one], stored[one_o_five])
    bucket = file_bucket(MIB + FRAME_BYTES)
    assert bucket == len(decrypt_bytes(stored[one][2], [newsroom_identity]))
    assert bucket <= 1.12 * (MIB + FRAME_BYTES)
    # The API v1 (the SecureDrop SDK's) reports the padded size, and serves that many bytes.
    headers = {"Authorization": f"Token {api_token(journalist_client, services)}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    listing = journalist_client.get(source["submissions_url"], headers=headers).get_json()["submissions"]
    assert {stored[one][0], stored[one_o_five][0]} == {item["size"] for item in listing}
    for item in listing:
        with journalist_client.get(item["download_url"], headers=headers) as download:
            assert item["size"] == len(download.data)


def test_a_small_file_takes_the_file_floor(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    create_account(source_client)
    _submit(source_client, "", [(b"tiny", "tiny.txt")])
    stored = _by_plaintext(services, newsroom_identity)
    assert FILE_FLOOR == len(decrypt_bytes(stored[b"tiny"][2], [newsroom_identity]))


def test_the_age_cli_decrypts_a_stored_blob_and_unpad_gives_what_was_sent(
    source_client: FlaskClient, services: Services, newsroom_identity: str, tmp_path: Path
) -> None:
    create_account(source_client)
    _submit(source_client, TEN, [(b"evidence " * 1000, "e.txt")])
    identity_file = tmp_path / "identity.txt"
    identity_file.write_text(newsroom_identity + "\n")
    identity_file.chmod(0o600)
    opened = []
    for _, _, ciphertext in _stored(services).values():
        blob = tmp_path / "blob.age"
        blob.write_bytes(ciphertext)
        done = subprocess.run(
            ["age", "-d", "-i", str(identity_file), str(blob)], capture_output=True, check=True, timeout=30
        )
        assert len(done.stdout) in {SMALL_FLOOR, FILE_FLOOR}  # the frame, padding and all
        opened.append(unpad(done.stdout))
    assert TEN.encode() in opened
    assert b"evidence " * 1000 in opened


def test_replies_written_by_tipline_are_padded_and_the_source_reads_them(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    """The server-encrypted reply (journalist web interface and API "message"): 32 KiB inside."""
    create_account(source_client)
    _submit(source_client, TEN, [])
    headers = {"Authorization": f"Token {api_token(journalist_client, services)}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    for text in ("예.", "알았습니다. " * 1000):
        answer = journalist_client.post(source["replies_url"], json={"message": text}, headers=headers)
        assert 201 == answer.status_code
    stored = _by_plaintext(services, newsroom_identity)
    short, long = stored["예.".encode()], stored[("알았습니다. " * 1000).strip().encode()]
    _same_size(short, long)
    page = source_client.get("/lookup").get_data(as_text=True)
    assert "예." in page
    assert "알았습니다." in page
