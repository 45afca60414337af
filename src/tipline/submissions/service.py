"""Storing what sources send, all or nothing, and the replies they read."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tipline.crypto.age import DecryptionError, decrypt_bytes, encrypt_bytes, looks_armored
from tipline.crypto.padding import PaddingError, pad_small, unpad
from tipline.db import SessionFactory, empty_the_wal
from tipline.errors import EmptySubmission, InvalidReply, SourceNotFound
from tipline.sources.models import Source
from tipline.storage import BlobNotFound, BlobStore, StoredBlob
from tipline.submissions import deletions, repository
from tipline.submissions.manifest import Manifest, ManifestAnswer, ManifestItem, answers_as_text
from tipline.submissions.upload import EncryptedUpload

MAX_REPLY_BYTES = 1024 * 1024


def reply_ciphertext(armored: str) -> bytes:
    """A reply the client encrypted, checked: armored age of at most MAX_REPLY_BYTES."""
    data = armored.encode("utf-8")
    if len(data) > MAX_REPLY_BYTES or not looks_armored(armored):
        raise InvalidReply("reply must be an armored age ciphertext of at most 1 MiB")
    return data


@dataclass(frozen=True)
class IncomingFile:
    upload: EncryptedUpload
    filename: str
    content_type: str


@dataclass(frozen=True)
class BatchReceipt:
    batch_uuid: str
    submission_uuids: tuple[str, ...]


@dataclass(frozen=True)
class ReplyForSource:
    uuid: str
    sent_on: datetime.date
    text: str | None  # None: the ciphertext does not open with the source's identity


class SubmissionService:
    def __init__(
        self,
        sessions: SessionFactory,
        store: BlobStore,
        recipients: Callable[[], Sequence[str]],
        max_upload_bytes: int,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self._recipients = recipients
        self._max_upload_bytes = max_upload_bytes

    @property
    def store(self) -> BlobStore:
        return self._store

    def current_recipients(self) -> list[str]:
        return list(dict.fromkeys(self._recipients()))

    def open_upload(self) -> EncryptedUpload:
        return EncryptedUpload(self._store, self.current_recipients(), self._max_upload_bytes)

    # --- sources send ---
    def submit(
        self,
        source_id: int,
        message: str,
        files: Sequence[IncomingFile],
        answers: Sequence[ManifestAnswer] = (),
        answers_language: str = "",
    ) -> BatchReceipt:
        """Store a message and files as one batch, or nothing at all.

        ``answers`` (the questionnaire's) go into the encrypted manifest only when one is given.
        Answers with neither message nor file are sent as the message too, as text: a batch needs
        a submission for clients to find it, and SecureDrop's clients read only messages."""
        answered = tuple(answers) if any(answer.answer for answer in answers) else ()
        recipients = self.current_recipients()
        written: list[StoredBlob] = []
        kept = [f for f in files if f.upload.plaintext_size > 0]
        try:
            for dropped in (f for f in files if f.upload.plaintext_size == 0):
                dropped.upload.abort()
            message = message.strip()
            if not message and not kept and answered:
                message = answers_as_text(answered).strip()
            if not message and not kept:
                raise EmptySubmission()
            items: list[tuple[ManifestItem, StoredBlob]] = []
            if message:
                data = message.encode("utf-8")
                blob = self._write_small(encrypt_bytes(pad_small(data), recipients))
                written.append(blob)
                items.append((ManifestItem(_new_uuid(), "message", None, "text/plain; charset=utf-8", len(data)), blob))
            for incoming in kept:
                blob = incoming.upload.finish()
                written.append(blob)
                item = ManifestItem(
                    _new_uuid(), "file", incoming.filename, incoming.content_type, incoming.upload.plaintext_size
                )
                items.append((item, blob))
            batch_uuid = _new_uuid()
            manifest = Manifest(batch_uuid, tuple(item for item, _ in items), answered, answers_language)
            manifest_blob = self._write_small(encrypt_bytes(pad_small(manifest.to_json()), recipients))
            written.append(manifest_blob)
            with self._sessions.begin() as session:
                if session.get(Source, source_id) is None:
                    raise SourceNotFound()
                stored = [(item.submission, item.kind, blob) for item, blob in items]
                repository.insert_batch(session, source_id, batch_uuid, manifest_blob, stored)
        except BaseException:
            for incoming in files:
                incoming.upload.abort()
            for blob in written:
                self._store.delete(blob.key)
            raise
        return BatchReceipt(batch_uuid, tuple(item.submission for item, _ in items))

    def _write_small(self, ciphertext: bytes) -> StoredBlob:
        writer = self._store.create()
        try:
            writer.write(ciphertext)
            return writer.commit()
        except BaseException:
            writer.abort()
            raise

    # --- sources read replies ---
    def replies_for_source(self, source_id: int, identity: str, reply_uuid: str | None = None) -> list[ReplyForSource]:
        """The source's replies, decrypted, oldest first (only the one named, with ``reply_uuid``)."""
        with self._sessions() as session:
            rows = repository.reply_blobs(session, source_id, reply_uuid)
        replies = []
        for reply in rows:
            try:
                with self._store.open(reply.blob) as blob:
                    plaintext = unpad(decrypt_bytes(blob.read(), [identity]))
                text: str | None = plaintext.decode("utf-8", "replace")
            except (BlobNotFound, DecryptionError, PaddingError):
                text = None
            replies.append(ReplyForSource(reply.uuid, reply.sent_on, text))
        return replies

    def delete_reply_by_source(self, source_id: int, reply_uuid: str) -> bool:
        """Really delete: the row, then the blob. False if the reply is not this source's."""
        with self._sessions.begin() as session:
            # A tombstone: a client syncing with ?since= learns it is gone.
            blobs = deletions.delete_reply(session, source_id, reply_uuid, stamp_source=False)
            if blobs is None:
                return False
        for blob in blobs:
            self._store.delete(blob)
        empty_the_wal(self._sessions)  # the deleted row's page stays in the WAL until then (T1)
        return True


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())
