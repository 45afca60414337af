"""What sources sent and what the newsroom answered, as the journalist interfaces reach it:
listings, replies, deletion, opened blobs, the ZIP (read flags: submissions/read_flags.py). The rows are the
repository's (tipline.submissions.repository); changes run in the caller's unit of work.

Deletion is real: rows go in the action's transaction (SQLite overwrites them: secure_delete),
then every blob they named is removed from the store once it commits.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tipline import tombstones
from tipline.crypto.age import encrypt_bytes
from tipline.crypto.padding import pad_small
from tipline.db import SessionFactory
from tipline.errors import (
    BatchNotFound,
    BlobMissing,
    CursorTooOld,
    InvalidMessage,
    NotFound,
    ReplyNotFound,
    ReplyUuidTaken,
    SourceNotFound,
    SubmissionNotFound,
)
from tipline.i18n.messages import N_
from tipline.newsroom.unit_of_work import Work
from tipline.sequence import current_stamp, purged_through
from tipline.sources.models import Source
from tipline.storage import BlobNotFound, BlobStore
from tipline.submissions import deletions, repository
from tipline.submissions.changes import stamp
from tipline.submissions.repository import BlobRow, ReplyView, SubmissionView
from tipline.submissions.service import reply_ciphertext
from tipline.tombstones import bury

# The views the journalist interfaces read come from here: they import no table and no repository.
__all__ = [
    "NewsroomContent",
    "OpenedBlob",
    "ReplyView",
    "SourceRef",
    "SubmissionView",
    "source_ref",
]

MAX_REPLY_CHARS = 100_000
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class SourceRef:
    id: int
    uuid: str
    designation: str
    recipient: str


def source_ref(session: Session, source_uuid: str) -> SourceRef:
    row = session.execute(
        select(Source.id, Source.uuid, Source.designation, Source.recipient).where(Source.uuid == source_uuid)
    ).first()
    if row is None:
        raise SourceNotFound()
    return SourceRef(*row)


@dataclass(frozen=True)
class OpenedBlob:
    """A blob opened for sending: the caller reads and closes ``stream``."""

    stream: BinaryIO
    size: int
    sha256: str


class NewsroomContent:
    def __init__(self, sessions: SessionFactory, store: BlobStore, newsroom_recipients: Callable[[], Sequence[str]]):
        self._sessions = sessions
        self._store = store
        self._newsroom_recipients = newsroom_recipients

    def source(self, source_uuid: str) -> SourceRef:
        with self._sessions() as session:
            return source_ref(session, source_uuid)

    # --- reading ---
    def submissions_of(
        self, source: SourceRef, *, limit: int | None = None, offset: int = 0, newest_first: bool = False
    ) -> tuple[list[SubmissionView], int]:
        """A source's submissions (a page of them with ``limit``) and how many there are in all."""
        with self._sessions() as session:
            return repository.submissions_of(session, source.id, limit=limit, offset=offset, newest_first=newest_first)

    def submission_of(self, source: SourceRef, submission_uuid: str) -> SubmissionView:
        """One submission of this source (NotFound if it is not this source's)."""
        with self._sessions() as session:
            found = repository.submission_of(session, source.id, submission_uuid)
        if found is None:
            raise SubmissionNotFound()
        return found

    def all_submissions(
        self, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
    ) -> tuple[list[SubmissionView], int]:
        """Every source's submissions (repository.all_submissions)."""
        with self._sessions() as session:
            return repository.all_submissions(session, limit, offset, since, upto)

    def all_replies(
        self, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
    ) -> tuple[list[ReplyView], int]:
        with self._sessions() as session:
            return repository.all_replies(session, limit, offset, since, upto)

    def replies_of(self, source: SourceRef) -> list[ReplyView]:
        with self._sessions() as session:
            return repository.replies_of(session, source.id)

    def reply_of(self, source: SourceRef, reply_uuid: str) -> ReplyView:
        with self._sessions() as session:
            found = repository.replies_of(session, source.id, reply_uuid)
        if not found:
            raise ReplyNotFound()
        return found[0]

    def submission_kinds(self, submission_uuids: Sequence[str]) -> dict[str, str]:
        """uuid → "message" or "file", for those of ``submission_uuids`` that exist."""
        with self._sessions() as session:
            return repository.submission_kinds(session, submission_uuids)

    def existing_replies(self, reply_uuids: Sequence[str]) -> set[str]:
        with self._sessions() as session:
            return repository.existing_replies(session, reply_uuids)

    def cursor(self) -> int:
        """The stamp to hand out with a listing read after this call (see tipline.sequence).

        Read before the listing: whatever commits in between is listed now and again after the
        cursor (twice, never never)."""
        with self._sessions() as session:
            return current_stamp(session)

    # --- deletions a sync must report ---
    def purge_tombstones(self) -> int:
        """Tombstones past tipline.tombstones.KEEP_DAYS deleted (a sync calls this first)."""
        with self._sessions() as session:
            if not tombstones.due(session):
                return 0
        with self._sessions.begin() as session:
            return tombstones.purge(session)

    def tombstones_since(self, kind: str, cursor: int, limit: int | None) -> tuple[list[tuple[str, int]], int]:
        """(SHA-256 of the uuid, stamp) of ``kind`` deleted after ``cursor``; raises CursorTooOld when a purged
        tombstone may have been missed."""
        self.purge_tombstones()
        with self._sessions() as session:
            if cursor and cursor < purged_through(session):
                raise CursorTooOld(cursor)
            return tombstones.since(session, kind, cursor, limit)

    # --- replies; each in the caller's unit of work ---
    def reply(self, work: Work, source: SourceRef, message: str, journalist_id: int) -> str:
        """Encrypt to the source and the newsroom, store, forget the plaintext."""
        text = message.strip()
        if not text or len(text) > MAX_REPLY_CHARS:
            raise InvalidMessage(N_("a reply has 1 to %(count)s characters"), count=MAX_REPLY_CHARS)
        recipients = list(dict.fromkeys([source.recipient, *self._newsroom_recipients()]))
        # Padded inside the encryption: the stored size says nothing of the reply's length.
        armored = encrypt_bytes(pad_small(text.encode("utf-8")), recipients, armored=True)
        del text  # the plaintext is not kept beyond this call (it was never written anywhere)
        return self._add_reply(work, source, armored, journalist_id, None)

    def store_encrypted_reply(
        self, work: Work, source: SourceRef, armored: str, journalist_id: int | None, chosen_uuid: str | None = None
    ) -> str:
        """Store a reply the client encrypted; the server never sees its plaintext.

        ``chosen_uuid``: the uuid the client chose (SecureDrop's clients do), a canonical UUID
        not in use (ReplyUuidTaken otherwise)."""
        data = reply_ciphertext(armored)
        if chosen_uuid is not None and repository.reply_uuid_in_use(work.session, chosen_uuid):
            raise ReplyUuidTaken()
        try:
            return self._add_reply(work, source, data, journalist_id, chosen_uuid)
        except IntegrityError:  # the same uuid, chosen by another client at the same moment
            raise ReplyUuidTaken() from None

    def _add_reply(
        self, work: Work, source: SourceRef, ciphertext: bytes, journalist_id: int | None, chosen_uuid: str | None
    ) -> str:
        writer = self._store.create()
        try:
            writer.write(ciphertext)
            blob = writer.commit()
        except BaseException:
            writer.abort()
            raise
        work.wrote(blob.key)  # removed again if the action rolls back
        return repository.insert_reply(work.session, source.id, blob, journalist_id, chosen_uuid)

    @staticmethod
    def touch_source(session: Session, source: SourceRef) -> None:
        """A fresh stamp for a source whose case fields changed: it is listed again after the change."""
        stamp(session, source_ids=[source.id])

    # --- deletion: rows in the caller's unit of work, their blobs once it commits ---
    @staticmethod
    def delete_submission(work: Work, source: SourceRef, submission_uuid: str) -> None:
        blobs = deletions.delete_submission(work.session, source.id, submission_uuid)
        work.delete_after_commit(_deleted(blobs, SubmissionNotFound))

    @staticmethod
    def delete_reply(work: Work, source: SourceRef, reply_uuid: str) -> None:
        work.delete_after_commit(_deleted(deletions.delete_reply(work.session, source.id, reply_uuid), ReplyNotFound))

    @staticmethod
    def delete_conversation(work: Work, source: SourceRef) -> None:
        """Every submission, batch and reply of the source; the account stays."""
        blobs = deletions.delete_everything_of(work.session, source.id)
        stamp(work.session, source_ids=[source.id])
        work.delete_after_commit(blobs)

    @staticmethod
    def delete_source(work: Work, source: SourceRef) -> None:
        """The source and everything it sent or received, rows and blobs: really gone."""
        blobs = deletions.delete_everything_of(work.session, source.id)
        # The case and label links cascade with the source row.
        work.session.execute(delete(Source).where(Source.id == source.id))
        bury(work.session, "source", [source.uuid])
        work.delete_after_commit(blobs)

    # --- opening blobs for the journalist interfaces ---
    def open_submission(self, session: Session, source: SourceRef, submission_uuid: str) -> OpenedBlob:
        """The submission's ciphertext, opened (NotFound for a row or blob that is not there)."""
        return self._open(repository.submission_blob(session, source.id, submission_uuid), SubmissionNotFound)

    def open_manifest(self, session: Session, source: SourceRef, batch_uuid: str) -> OpenedBlob:
        return self._open(repository.manifest_blob(session, source.id, batch_uuid), BatchNotFound)

    def open_reply(self, reply: ReplyView) -> OpenedBlob:
        return self._open(BlobRow(reply.blob, reply.size, reply.sha256), ReplyNotFound)

    def _open(self, row: BlobRow | None, missing: type[NotFound]) -> OpenedBlob:
        if row is None:
            raise missing()
        try:
            return OpenedBlob(self._store.open(row.key), row.size, row.sha256)
        except BlobNotFound:
            raise BlobMissing() from None

    def zip_of(self, source: SourceRef) -> Iterator[bytes]:
        """A streamed ZIP of every submission's and manifest's ciphertext (stored, not compressed)."""
        with self._sessions() as session:
            items = repository.archive_items(session, source.id)
        buffer = _Pipe()
        with zipfile.ZipFile(cast(IO[bytes], buffer), "w", zipfile.ZIP_STORED) as archive:
            for name, blob in items:
                try:
                    handle = self._store.open(blob)
                except BlobNotFound:
                    continue
                # A fixed date: the archive must not reveal when anything arrived more precisely.
                info = zipfile.ZipInfo(f"{source.designation}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                with handle, archive.open(info, "w", force_zip64=True) as member:
                    while chunk := handle.read(_CHUNK):
                        member.write(chunk)
                        yield buffer.take()
            yield buffer.take()
        yield buffer.take()


class _Pipe:
    """A write-only, non-seekable file for zipfile whose contents are taken out as they come."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing buffered beyond _parts."""

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _deleted(blobs: list[str] | None, missing: type[NotFound]) -> list[str]:
    """The blobs of the row the repository deleted; ``missing`` when it found none."""
    if blobs is None:
        raise missing()
    return blobs
