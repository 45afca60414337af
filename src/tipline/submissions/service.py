"""Storing what sources send, all or nothing, and the replies they read."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tipline.crypto.age import DecryptionError, decrypt_bytes, encrypt_bytes, looks_armored
from tipline.crypto.padding import PaddingError, pad_small, unpad
from tipline.db import SessionFactory, empty_the_wal, today
from tipline.errors import (
    BatchNotFound,
    EmptySubmission,
    InvalidReply,
    ReplyUuidTaken,
    SourceNotFound,
    SubmissionNotFound,
)
from tipline.sources.models import Source
from tipline.storage import BlobNotFound, BlobStore, StoredBlob
from tipline.submissions.changes import allot_interactions, stamp
from tipline.submissions.manifest import Manifest, ManifestAnswer, ManifestItem, answers_as_text
from tipline.submissions.models import Batch, Reply, Submission
from tipline.submissions.upload import EncryptedUpload
from tipline.tombstones import bury

MAX_REPLY_BYTES = 1024 * 1024


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
class SourceSummary:
    uuid: str
    designation: str
    recipient: str
    created_on: datetime.date
    last_activity_on: datetime.date
    submission_count: int
    unread_count: int
    reply_count: int


@dataclass(frozen=True)
class SubmissionView:
    uuid: str
    source_uuid: str
    batch_uuid: str
    kind: str
    size: int
    sha256: str
    received_on: datetime.date
    is_read: bool
    designation: str = ""  # the source's, for SecureDrop's filename
    interaction: int = 0
    change_seq: int = 0
    seen_by: tuple[str, ...] = ()  # journalists' uuids (the newsroom's views fill it)


@dataclass(frozen=True)
class BlobView:
    blob: str
    size: int
    sha256: str


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
                source = session.get(Source, source_id)
                if source is None:
                    raise SourceNotFound()
                batch = Batch(
                    uuid=batch_uuid,
                    source_id=source_id,
                    manifest_blob=manifest_blob.key,
                    manifest_size=manifest_blob.size,
                    manifest_sha256=manifest_blob.sha256,
                )
                session.add(batch)
                session.flush()
                first = allot_interactions(session, source_id, len(items))
                rows = [
                    Submission(
                        uuid=item.submission,
                        source_id=source_id,
                        batch_id=batch.id,
                        kind=item.kind,
                        blob=blob.key,
                        size=blob.size,
                        sha256=blob.sha256,
                        interaction=first + number,
                    )
                    for number, (item, blob) in enumerate(items)
                ]
                source.last_activity_on = today()
                stamp(session, rows, [source_id])
                # The source's fresh stamp, a counter: orders same-day activity with no finer time.
                session.execute(update(Source).where(Source.id == source_id).values(activity_seq=Source.change_seq))
                session.add_all(rows)
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
    def replies_for_source(self, source_id: int, identity: str) -> list[ReplyForSource]:
        with self._sessions() as session:
            rows = session.scalars(select(Reply).where(Reply.source_id == source_id).order_by(Reply.id)).all()
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
            reply = session.scalar(select(Reply).where(Reply.uuid == reply_uuid, Reply.source_id == source_id))
            if reply is None:
                return False
            blob, gone = reply.blob, reply.uuid
            session.delete(reply)
            bury(session, "reply", [gone])  # a client syncing with ?since= learns it is gone
        self._store.delete(blob)
        empty_the_wal(self._sessions)  # the deleted row's page stays in the WAL until then (T1)
        return True

    # --- the newsroom reads ---
    def source_summaries(self) -> list[SourceSummary]:
        with self._sessions() as session:
            submissions = (
                select(
                    Submission.source_id,
                    func.count(Submission.id).label("total"),
                    func.count(Submission.id).filter(Submission.is_read.is_(False)).label("unread"),
                )
                .group_by(Submission.source_id)
                .subquery()
            )
            replies = select(Reply.source_id, func.count(Reply.id).label("total")).group_by(Reply.source_id).subquery()
            rows = session.execute(
                select(Source, submissions.c.total, submissions.c.unread, replies.c.total)
                .outerjoin(submissions, submissions.c.source_id == Source.id)
                .outerjoin(replies, replies.c.source_id == Source.id)
                .order_by(Source.last_activity_on.desc(), Source.id.desc())
            ).all()
        return [
            SourceSummary(
                s.uuid,
                s.designation,
                s.recipient,
                s.created_on,
                s.last_activity_on,
                total or 0,
                unread or 0,
                reply_total or 0,
            )
            for s, total, unread, reply_total in rows
        ]

    def source_summary(self, source_uuid: str) -> SourceSummary:
        for summary in self.source_summaries():
            if summary.uuid == source_uuid:
                return summary
        raise SourceNotFound()

    def submissions_of(self, source_uuid: str) -> list[SubmissionView]:
        with self._sessions() as session:
            if session.scalar(select(Source.id).where(Source.uuid == source_uuid)) is None:
                raise SourceNotFound()
            rows = session.execute(
                select(Submission, Batch.uuid, Source.designation)
                .join(Source, Source.id == Submission.source_id)
                .join(Batch, Batch.id == Submission.batch_id)
                .where(Source.uuid == source_uuid)
                .order_by(Submission.id)
            ).all()
        return [_submission_view(s, source_uuid, batch_uuid, designation) for s, batch_uuid, designation in rows]

    def submission(self, source_uuid: str, submission_uuid: str) -> SubmissionView:
        for view in self.submissions_of(source_uuid):
            if view.uuid == submission_uuid:
                return view
        raise SubmissionNotFound()

    def submission_blob(self, source_uuid: str, submission_uuid: str) -> BlobView:
        with self._sessions() as session:
            row = session.scalar(
                select(Submission)
                .join(Source, Source.id == Submission.source_id)
                .where(Source.uuid == source_uuid, Submission.uuid == submission_uuid)
            )
            if row is None:
                raise SubmissionNotFound()
            return BlobView(row.blob, row.size, row.sha256)

    def manifest_blob(self, source_uuid: str, batch_uuid: str) -> BlobView:
        with self._sessions() as session:
            row = session.scalar(
                select(Batch)
                .join(Source, Source.id == Batch.source_id)
                .where(Source.uuid == source_uuid, Batch.uuid == batch_uuid)
            )
            if row is None:
                raise BatchNotFound()
            return BlobView(row.manifest_blob, row.manifest_size, row.manifest_sha256)

    def open_blob(self, blob: str) -> BinaryIO:
        return self._store.open(blob)

    def add_reply(
        self, source_uuid: str, armored: str, journalist_id: int | None, reply_uuid: str | None = None
    ) -> str:
        """Store a reply the client encrypted; the server never sees its plaintext.

        ``reply_uuid``: the uuid the client chose (SecureDrop's clients do), a canonical UUID
        not in use (ReplyUuidTaken otherwise)."""
        data = armored.encode("utf-8")
        if len(data) > MAX_REPLY_BYTES or not looks_armored(armored):
            raise InvalidReply("reply must be an armored age ciphertext of at most 1 MiB")
        with self._sessions() as session:
            source_id = session.scalar(select(Source.id).where(Source.uuid == source_uuid))
            taken = reply_uuid is not None and session.scalar(select(Reply.id).where(Reply.uuid == reply_uuid))
        if source_id is None:
            raise SourceNotFound()
        if taken:
            raise ReplyUuidTaken("that uuid is already in use")
        blob = self._write_small(data)
        try:
            with self._sessions.begin() as session:
                reply = Reply(
                    uuid=reply_uuid or _new_uuid(),
                    source_id=source_id,
                    journalist_id=journalist_id,
                    blob=blob.key,
                    size=blob.size,
                    sha256=blob.sha256,
                    interaction=allot_interactions(session, source_id, 1),
                )
                stamp(session, [reply], [source_id])
                session.add(reply)
                session.flush()
                return reply.uuid
        except IntegrityError:
            self._store.delete(blob.key)
            raise ReplyUuidTaken("that uuid is already in use") from None
        except BaseException:
            self._store.delete(blob.key)
            raise


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def _submission_view(row: Submission, source_uuid: str, batch_uuid: str, designation: str) -> SubmissionView:
    return SubmissionView(
        row.uuid,
        source_uuid,
        batch_uuid,
        row.kind,
        row.size,
        row.sha256,
        row.received_on,
        row.is_read,
        designation,
        row.interaction,
        row.change_seq,
    )
