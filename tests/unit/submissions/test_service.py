"""SubmissionService: what a source sends is stored encrypted, all or nothing; replies really go."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import BinaryIO

import pytest
from sqlalchemy import func, select

from tests.factories.sources import listed_sources, store_reply, stored_ciphertext
from tipline.crypto.age import decrypt_bytes, encrypt_bytes, generate_identity
from tipline.crypto.padding import unpad
from tipline.db import Base
from tipline.errors import EmptySubmission, InvalidReply, NotFound, UploadTooLarge
from tipline.services import Services
from tipline.sources.service import SourceLogin
from tipline.storage import BlobStore, BlobWriter, StoredBlob
from tipline.submissions.manifest import MANIFEST_VERSION, Manifest
from tipline.submissions.models import Batch, Reply, Submission
from tipline.submissions.service import MAX_REPLY_BYTES, IncomingFile, SubmissionService


@pytest.fixture
def source(services: Services) -> SourceLogin:
    return services.sources.create(services.sources.generate_codename())


def incoming(submissions: SubmissionService, content: bytes, filename: str, content_type: str) -> IncomingFile:
    """A file part as the web layer hands it over: read through the encryptor to its end."""
    upload = submissions.open_upload()
    upload.receive(io.BytesIO(content))
    return IncomingFile(upload, filename, content_type)


def counts(services: Services) -> dict[str, int]:
    with services.sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Batch, Submission, Reply)
        }


def nothing_stored(services: Services) -> bool:
    return (
        {"batches": 0, "submissions": 0, "replies": 0} == counts(services)
        and [] == list(services.store.keys())
        and [] == list((services.settings.effective_store_dir / ".incoming").iterdir())
    )


def read_blob(services: Services, key: str) -> bytes:
    with services.store.open(key) as blob:
        return blob.read()


def manifest_of(services: Services, batch_uuid: str, identity: str) -> Manifest:
    with services.sessions() as session:
        key = session.scalars(select(Batch.manifest_blob).where(Batch.uuid == batch_uuid)).one()
    return Manifest.from_json(unpad(decrypt_bytes(read_blob(services, key), [identity])))


def test_a_message_and_files_are_stored_encrypted_with_a_manifest(
    services: Services, source: SourceLogin, newsroom_identity: str
) -> None:
    files = [
        incoming(services.submissions, b"%PDF-1.4 ledger" * 1000, "ledger 2025.pdf", "application/pdf"),
        incoming(services.submissions, "사진".encode() * 10, "사진.jpg", "image/jpeg"),
    ]
    receipt = services.submissions.submit(source.source_id, "  The officer takes bribes.\n", files)

    assert {"batches": 1, "submissions": 3, "replies": 0} == counts(services)
    assert 4 == len(list(services.store.keys()))  # message, two files, manifest
    manifest = manifest_of(services, receipt.batch_uuid, newsroom_identity)
    assert receipt.batch_uuid == manifest.batch
    assert list(receipt.submission_uuids) == [item.submission for item in manifest.items]
    assert [
        ("message", None, "text/plain; charset=utf-8", len(b"The officer takes bribes.")),
        ("file", "ledger 2025.pdf", "application/pdf", 15000),
        ("file", "사진.jpg", "image/jpeg", len("사진".encode()) * 10),
    ] == [(i.kind, i.filename, i.content_type, i.size) for i in manifest.items]

    views = {v.uuid: v for v in services.newsroom.submissions_of(listed_sources(services)[0].uuid)}
    plaintexts = {uuid: unpad(decrypt_bytes(stored_ciphertext(services, uuid), [newsroom_identity])) for uuid in views}
    assert [b"The officer takes bribes.", b"%PDF-1.4 ledger" * 1000, "사진".encode() * 10] == [
        plaintexts[u] for u in receipt.submission_uuids
    ]


def test_filenames_appear_only_inside_ciphertext(services: Services, source: SourceLogin) -> None:
    """Threat T1: a seized store or database must not show what was sent or what it was called."""
    files = [incoming(services.submissions, b"secret contents", "kim-jong-evidence.pdf", "application/pdf")]
    services.submissions.submit(source.source_id, "a message", files)
    everything = b"".join(read_blob(services, key) for key in list(services.store.keys()))
    assert b"kim-jong-evidence" not in everything
    assert b"secret contents" not in everything
    assert b"a message" not in everything
    # Every value of every row, whichever engine holds them.
    with services.sessions() as session:
        rows = [
            repr(tuple(row)).encode()
            for table in Base.metadata.sorted_tables
            for row in session.execute(table.select())
        ]
    assert [] == [row for row in rows if b"kim-jong-evidence" in row or b"secret contents" in row]
    if services.settings.effective_database_url.startswith("sqlite"):
        database = services.settings.data_dir / "tipline.sqlite"
        services.close()
        assert b"kim-jong-evidence" not in database.read_bytes()


def test_the_manifest_json_has_a_version(services: Services, source: SourceLogin, newsroom_identity: str) -> None:
    receipt = services.submissions.submit(source.source_id, "hi", [])
    with services.sessions() as session:
        key = session.scalars(select(Batch.manifest_blob)).one()
    body = json.loads(unpad(decrypt_bytes(read_blob(services, key), [newsroom_identity])))
    assert MANIFEST_VERSION == body["version"]
    assert receipt.batch_uuid == body["batch"]


@pytest.mark.parametrize("message", ["", "   \n\t "])
def test_an_empty_submission_is_refused_and_leaves_nothing(
    services: Services, source: SourceLogin, message: str
) -> None:
    empty_file = incoming(services.submissions, b"", "empty.txt", "text/plain")
    with pytest.raises(EmptySubmission):
        services.submissions.submit(source.source_id, message, [empty_file])
    assert nothing_stored(services)


def test_a_zero_byte_file_is_dropped(services: Services, source: SourceLogin, newsroom_identity: str) -> None:
    files = [
        incoming(services.submissions, b"", "empty.txt", "text/plain"),
        incoming(services.submissions, b"data", "full.txt", "text/plain"),
    ]
    receipt = services.submissions.submit(source.source_id, "", files)
    manifest = manifest_of(services, receipt.batch_uuid, newsroom_identity)
    assert [("file", "full.txt", 4)] == [(i.kind, i.filename, i.size) for i in manifest.items]
    assert 2 == len(list(services.store.keys()))  # the file and the manifest
    assert [] == list((services.settings.effective_store_dir / ".incoming").iterdir())


class FailingStore:
    """A real LocalBlobStore whose Nth commit fails, as a full disk would."""

    def __init__(self, inner: BlobStore, fail_at: int) -> None:
        self._inner = inner
        self._fail_at = fail_at
        self.commits = 0

    def create(self) -> BlobWriter:
        store = self
        writer = self._inner.create()

        class Writer:
            key = writer.key

            def write(self, data: bytes | memoryview, /) -> int:
                return writer.write(data)

            def commit(self) -> StoredBlob:
                store.commits += 1
                if store.commits == store._fail_at:
                    writer.abort()
                    raise OSError(28, "No space left on device")
                return writer.commit()

            def abort(self) -> None:
                writer.abort()

        return Writer()

    def open(self, key: str) -> BinaryIO:
        return self._inner.open(key)

    def size(self, key: str) -> int:
        return self._inner.size(key)

    def delete(self, key: str) -> None:
        self._inner.delete(key)

    def keys(self) -> Iterator[str]:
        return self._inner.keys()

    def discard_incomplete(self) -> int:
        return self._inner.discard_incomplete()


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_failure_at_any_blob_leaves_no_rows_and_no_blobs(
    services: Services, source: SourceLogin, fail_at: int
) -> None:
    """Message, two files and the manifest are four commits; whichever fails, nothing remains."""
    store = FailingStore(services.store, fail_at)
    submissions = SubmissionService(
        services.sessions, store, services.submissions.current_recipients, services.settings.max_upload_bytes
    )
    files = [
        incoming(submissions, b"first file" * 100, "a.txt", "text/plain"),
        incoming(submissions, b"second file" * 100, "b.txt", "text/plain"),
    ]
    with pytest.raises(OSError, match="No space left"):
        submissions.submit(source.source_id, "a message", files)
    assert fail_at == store.commits
    assert nothing_stored(services)


def test_a_database_failure_removes_every_blob(services: Services) -> None:
    files = [incoming(services.submissions, b"data", "a.txt", "text/plain")]
    with pytest.raises(NotFound):
        services.submissions.submit(9999, "for a source that does not exist", files)
    assert nothing_stored(services)


def test_an_upload_over_the_limit_is_refused(services: Services) -> None:
    submissions = SubmissionService(services.sessions, services.store, services.submissions.current_recipients, 10)
    upload = submissions.open_upload()
    with pytest.raises(UploadTooLarge):
        upload.receive(io.BytesIO(b"0123456789!"))
    upload.abort()
    assert nothing_stored(services)


def test_new_material_is_also_encrypted_to_journalists_with_a_key(
    services: Services, source: SourceLogin, newsroom_identity: str
) -> None:
    services.journalists.add("reporter")
    identity, recipient = generate_identity()
    services.journalists.set_age_recipient("reporter", recipient)
    receipt = services.submissions.submit(source.source_id, "for both", [])
    assert manifest_of(services, receipt.batch_uuid, identity) == manifest_of(
        services, receipt.batch_uuid, newsroom_identity
    )


def armored_reply(services: Services, text: str) -> str:
    summary = listed_sources(services)[0]
    return encrypt_bytes(
        text.encode(), [summary.recipient, services.settings.newsroom_recipient], armored=True
    ).decode()


def test_a_source_reads_its_replies(services: Services, source: SourceLogin) -> None:
    summary = listed_sources(services)[0]
    first = store_reply(services, summary.uuid, armored_reply(services, "first"))
    second = store_reply(services, summary.uuid, armored_reply(services, "두 번째"))
    replies = services.submissions.replies_for_source(source.source_id, source.identity)
    assert [(first, "first"), (second, "두 번째")] == [(r.uuid, r.text) for r in replies]
    assert 2 == services.newsroom.source(summary.uuid).reply_count


def test_a_reply_the_source_cannot_open_is_listed_without_text(services: Services, source: SourceLogin) -> None:
    summary = listed_sources(services)[0]
    not_for_source = encrypt_bytes(b"misaddressed", [generate_identity()[1]], armored=True).decode()
    store_reply(services, summary.uuid, not_for_source)
    assert [None] == [r.text for r in services.submissions.replies_for_source(source.source_id, source.identity)]


def test_deleting_a_reply_removes_its_row_and_its_blob(services: Services, source: SourceLogin) -> None:
    """Threat T4: a deleted reply is gone from the database and the disk, not hidden."""
    summary = listed_sources(services)[0]
    reply_uuid = store_reply(services, summary.uuid, armored_reply(services, "delete me"))
    with services.sessions() as session:
        blob = session.scalars(select(Reply.blob)).one()
    assert [blob] == list(services.store.keys())

    assert services.submissions.delete_reply_by_source(source.source_id, reply_uuid) is True
    assert 0 == counts(services)["replies"]
    assert [] == list(services.store.keys())
    assert [] == services.submissions.replies_for_source(source.source_id, source.identity)
    assert services.submissions.delete_reply_by_source(source.source_id, reply_uuid) is False


def test_a_source_cannot_delete_another_sources_reply(services: Services, source: SourceLogin) -> None:
    summary = listed_sources(services)[0]
    reply_uuid = store_reply(services, summary.uuid, armored_reply(services, "keep"))
    other = services.sources.create(services.sources.generate_codename())
    assert services.submissions.delete_reply_by_source(other.source_id, reply_uuid) is False
    assert 1 == counts(services)["replies"]
    assert 1 == len(list(services.store.keys()))


@pytest.mark.parametrize(
    "text",
    [
        "plain text, not encrypted",
        "-----BEGIN PGP MESSAGE-----\nxyz\n-----END PGP MESSAGE-----",
        "-----BEGIN AGE ENCRYPTED FILE-----\n" + "A" * MAX_REPLY_BYTES + "\n-----END AGE ENCRYPTED FILE-----",
    ],
)
def test_replies_must_be_armored_age_of_bounded_size(services: Services, source: SourceLogin, text: str) -> None:
    summary = listed_sources(services)[0]
    with pytest.raises(InvalidReply):
        store_reply(services, summary.uuid, text)
    assert nothing_stored(services)


def test_a_reply_to_an_unknown_source_is_refused(services: Services) -> None:
    with pytest.raises(NotFound):
        store_reply(services, "no-such-uuid", armored_reply_for_nobody())
    assert nothing_stored(services)


def armored_reply_for_nobody() -> str:
    return encrypt_bytes(b"x", [generate_identity()[1]], armored=True).decode()


def test_summaries_count_submissions_unread_and_replies(services: Services, source: SourceLogin) -> None:
    services.submissions.submit(
        source.source_id, "one", [incoming(services.submissions, b"two", "two.txt", "text/plain")]
    )
    summary = listed_sources(services)[0]
    assert (2, 2, 0) == (summary.submission_count, summary.unread_count, summary.reply_count)
    with pytest.raises(NotFound):
        services.newsroom.source("no-such-uuid")
    with pytest.raises(NotFound):
        services.newsroom.submissions_of("no-such-uuid")
