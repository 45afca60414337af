"""Operations on what sources sent and what the newsroom answered: replies, deletion, the ZIP
(read flags: read_flags.py).

Deletion is real: rows go in one transaction (SQLite overwrites them: secure_delete), then
every blob they named is removed from the store.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tipline import tombstones
from tipline.crypto.age import encrypt_bytes
from tipline.crypto.padding import pad_small
from tipline.db import SessionFactory, empty_the_wal
from tipline.errors import CursorTooOld, InvalidMessage, ReplyNotFound, SourceNotFound, SubmissionNotFound
from tipline.i18n.messages import N_
from tipline.journalists.models import Journalist
from tipline.newsroom import read_flags
from tipline.sequence import current_stamp, purged_through
from tipline.sources.models import Source
from tipline.storage import BlobNotFound, BlobStore
from tipline.submissions.changes import allot_interactions, stamp
from tipline.submissions.models import Batch, Reply, SeenReply, SeenSubmission, Submission
from tipline.submissions.service import SubmissionView
from tipline.tombstones import bury

MAX_REPLY_CHARS = 100_000
MAX_STAMP = 2**62
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class SourceRef:
    id: int
    uuid: str
    designation: str
    recipient: str


@dataclass(frozen=True)
class ReplyView:
    uuid: str
    source_uuid: str
    size: int
    sha256: str
    sent_on: datetime.date
    journalist_uuid: str | None
    journalist_username: str | None
    blob: str
    designation: str = ""  # the source's, for SecureDrop's filename
    interaction: int = 0
    change_seq: int = 0
    seen_by: tuple[str, ...] = ()  # journalists' uuids


_SUBMISSION_COLUMNS = (
    Submission.uuid,
    Source.uuid,
    Batch.uuid,
    Submission.kind,
    Submission.size,
    Submission.sha256,
    Submission.received_on,
    Submission.is_read,
    Source.designation,
    Submission.interaction,
    Submission.change_seq,
    Submission.id,
)
_REPLY_COLUMNS = (
    Reply.uuid,
    Source.uuid,
    Reply.size,
    Reply.sha256,
    Reply.sent_on,
    Journalist.uuid,
    Journalist.username,
    Reply.blob,
    Source.designation,
    Reply.interaction,
    Reply.change_seq,
    Reply.id,
)


def _submission_views(session: Session, rows: Sequence[Any], *, everything: bool) -> list[SubmissionView]:
    """Rows of _SUBMISSION_COLUMNS (the id last) as views with their seen_by."""
    seen = read_flags.seen_by(session, SeenSubmission, None if everything else [row[-1] for row in rows])
    # The row's columns are the view's first fields, in order (mypy cannot count a *row).
    return [SubmissionView(*row[:-1], seen_by=seen.get(row[-1], ())) for row in rows]  # type: ignore[misc]


def _reply_views(session: Session, rows: Sequence[Any], *, everything: bool) -> list[ReplyView]:
    seen = read_flags.seen_by(session, SeenReply, None if everything else [row[-1] for row in rows])
    return [ReplyView(*row[:-1], seen_by=seen.get(row[-1], ())) for row in rows]  # type: ignore[misc]


class NewsroomContent:
    def __init__(self, sessions: SessionFactory, store: BlobStore, newsroom_recipients: Callable[[], Sequence[str]]):
        self._sessions = sessions
        self._store = store
        self._newsroom_recipients = newsroom_recipients

    def source(self, source_uuid: str) -> SourceRef:
        with self._sessions() as session:
            row = session.execute(
                select(Source.id, Source.uuid, Source.designation, Source.recipient).where(Source.uuid == source_uuid)
            ).first()
        if row is None:
            raise SourceNotFound()
        return SourceRef(*row)

    def submissions_of(
        self, source: SourceRef, *, limit: int | None = None, offset: int = 0, newest_first: bool = False
    ) -> tuple[list[SubmissionView], int]:
        """A source's submissions (a page of them with ``limit``) and how many there are in all.

        Plain column rows, not ORM objects: a source can have thousands of submissions.
        """
        order = Submission.id.desc() if newest_first else Submission.id.asc()
        statement = (
            select(*_SUBMISSION_COLUMNS)
            .join(Source, Source.id == Submission.source_id)
            .join(Batch, Batch.id == Submission.batch_id)
            .where(Submission.source_id == source.id)
            .order_by(order)
            .offset(offset)
        )
        if limit is not None:
            statement = statement.limit(limit)
        with self._sessions() as session:
            rows = session.execute(statement).all()
            total = (
                len(rows)
                if limit is None
                else session.scalar(select(func.count(Submission.id)).where(Submission.source_id == source.id)) or 0
            )
            views = _submission_views(session, rows, everything=False)
        return views, total

    def submission_of(self, source: SourceRef, submission_uuid: str) -> SubmissionView:
        """One submission of this source (NotFound if it is not this source's)."""
        statement = (
            select(*_SUBMISSION_COLUMNS)
            .join(Source, Source.id == Submission.source_id)
            .join(Batch, Batch.id == Submission.batch_id)
            .where(Submission.source_id == source.id, Submission.uuid == submission_uuid)
        )
        with self._sessions() as session:
            row = session.execute(statement).first()
            if row is None:
                raise SubmissionNotFound()
            return _submission_views(session, [row], everything=False)[0]

    def all_submissions(
        self, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
    ) -> tuple[list[SubmissionView], int]:
        """Every source's submissions (SecureDrop's GET /submissions): all of them (limit None) or a
        page, oldest first; with ``since``, only those changed after that stamp (and not after
        ``upto``: a page of a sync also lists tombstones, read apart), in stamp order."""
        statement = (
            select(*_SUBMISSION_COLUMNS)
            .join(Source, Source.id == Submission.source_id)
            .join(Batch, Batch.id == Submission.batch_id)
        )
        counted = select(func.count(Submission.id))
        if since is not None:
            window = (Submission.change_seq > since, Submission.change_seq <= (upto if upto is not None else MAX_STAMP))
            statement = statement.where(*window).order_by(Submission.change_seq)
            counted = counted.where(*window)
        else:
            statement = statement.order_by(Submission.id)
        if limit is not None:
            statement = statement.limit(limit).offset(offset)
        with self._sessions() as session:
            rows = session.execute(statement).all()
            # A short page is the last one: its length is the count (an idle sync costs no COUNT).
            total = len(rows) if limit is None or (offset == 0 and len(rows) < limit) else session.scalar(counted) or 0
            return _submission_views(session, rows, everything=limit is None and since is None), total

    def all_replies(
        self, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
    ) -> tuple[list[ReplyView], int]:
        statement = (
            select(*_REPLY_COLUMNS)
            .join(Source, Source.id == Reply.source_id)
            .outerjoin(Journalist, Journalist.id == Reply.journalist_id)
        )
        counted = select(func.count(Reply.id))
        if since is not None:
            window = (Reply.change_seq > since, Reply.change_seq <= (upto if upto is not None else MAX_STAMP))
            statement = statement.where(*window).order_by(Reply.change_seq)
            counted = counted.where(*window)
        else:
            statement = statement.order_by(Reply.id)
        if limit is not None:
            statement = statement.limit(limit).offset(offset)
        with self._sessions() as session:
            rows = session.execute(statement).all()
            # A short page is the last one: its length is the count (an idle sync costs no COUNT).
            total = len(rows) if limit is None or (offset == 0 and len(rows) < limit) else session.scalar(counted) or 0
            return _reply_views(session, rows, everything=limit is None and since is None), total

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

    # --- read flags: who has seen what ---
    def mark_seen(
        self, journalist_id: int, submission_uuids: Sequence[str] = (), reply_uuids: Sequence[str] = ()
    ) -> list[tuple[str, str]]:
        """Record that this journalist has seen these items; (uuid, source designation) of those found."""
        with self._sessions.begin() as session:
            return read_flags.mark_seen(session, journalist_id, submission_uuids, reply_uuids)

    def mark_unseen(self, journalist_id: int, submission_uuids: Sequence[str]) -> list[tuple[str, str]]:
        """This journalist has not seen these submissions after all."""
        with self._sessions.begin() as session:
            return read_flags.mark_unseen(session, journalist_id, submission_uuids)

    def submission_kinds(self, submission_uuids: Sequence[str]) -> dict[str, str]:
        """uuid → "message" or "file", for those of ``submission_uuids`` that exist."""
        if not submission_uuids:
            return {}
        with self._sessions() as session:
            rows = session.execute(
                select(Submission.uuid, Submission.kind).where(Submission.uuid.in_(list(submission_uuids)))
            ).all()
        return {str(row_uuid): str(kind) for row_uuid, kind in rows}

    def existing_replies(self, reply_uuids: Sequence[str]) -> set[str]:
        if not reply_uuids:
            return set()
        with self._sessions() as session:
            return set(session.scalars(select(Reply.uuid).where(Reply.uuid.in_(list(reply_uuids)))))

    # --- replies ---
    def reply(self, source: SourceRef, message: str, journalist_id: int) -> str:
        """Encrypt to the source and the newsroom, store, forget the plaintext."""
        text = message.strip()
        if not text or len(text) > MAX_REPLY_CHARS:
            raise InvalidMessage(N_("a reply has 1 to %(count)s characters"), count=MAX_REPLY_CHARS)
        recipients = list(dict.fromkeys([source.recipient, *self._newsroom_recipients()]))
        # Padded inside the encryption: the stored size says nothing of the reply's length.
        armored = encrypt_bytes(pad_small(text.encode("utf-8")), recipients, armored=True)
        del text  # the plaintext is not kept beyond this call (it was never written anywhere)
        writer = self._store.create()
        try:
            writer.write(armored)
            blob = writer.commit()
        except BaseException:
            writer.abort()
            raise
        try:
            with self._sessions.begin() as session:
                row = Reply(
                    source_id=source.id,
                    journalist_id=journalist_id,
                    blob=blob.key,
                    size=blob.size,
                    sha256=blob.sha256,
                    interaction=allot_interactions(session, source.id, 1),
                )
                stamp(session, [row], [source.id])
                session.add(row)
                session.flush()
                return row.uuid
        except BaseException:
            self._store.delete(blob.key)
            raise

    def replies_of(self, source: SourceRef) -> list[ReplyView]:
        with self._sessions() as session:
            rows = session.execute(
                select(*_REPLY_COLUMNS)
                .join(Source, Source.id == Reply.source_id)
                .outerjoin(Journalist, Journalist.id == Reply.journalist_id)
                .where(Reply.source_id == source.id)
                .order_by(Reply.id)
            ).all()
            return _reply_views(session, rows, everything=False)

    def reply_of(self, source: SourceRef, reply_uuid: str) -> ReplyView:
        for reply in self.replies_of(source):
            if reply.uuid == reply_uuid:
                return reply
        raise ReplyNotFound()

    def touch_source(self, source: SourceRef) -> None:
        """A fresh stamp for a source whose case fields changed (in their own transaction before:
        the source is then listed again after that change, never skipped)."""
        with self._sessions.begin() as session:
            stamp(session, source_ids=[source.id])

    # --- deletion ---
    def _delete_rows(self, session: Session, rows: Sequence[object]) -> list[str]:
        blobs: list[str] = []
        for row in rows:
            if isinstance(row, Batch):
                blobs.append(row.manifest_blob)
            elif isinstance(row, Submission | Reply):
                blobs.append(row.blob)
            session.delete(row)
        return blobs

    def _remove_blobs(self, blobs: Sequence[str]) -> None:
        for blob in blobs:
            self._store.delete(blob)
        # What was deleted must not stay readable in the SQLite WAL (threat T1).
        empty_the_wal(self._sessions)

    def delete_submission(self, source: SourceRef, submission_uuid: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(
                select(Submission).where(Submission.uuid == submission_uuid, Submission.source_id == source.id)
            )
            if row is None:
                raise SubmissionNotFound()
            batch_id, gone = row.batch_id, row.uuid
            blobs = self._delete_rows(session, [row])
            session.flush()
            # The batch's manifest names the file: once its last submission is gone, it goes too.
            if session.scalar(select(Submission.id).where(Submission.batch_id == batch_id).limit(1)) is None:
                blobs += self._delete_rows(session, [session.get(Batch, batch_id)])
            stamp(session, source_ids=[source.id])
            bury(session, "submission", [gone])
        self._remove_blobs(blobs)

    def delete_reply(self, source: SourceRef, reply_uuid: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(Reply).where(Reply.uuid == reply_uuid, Reply.source_id == source.id))
            if row is None:
                raise ReplyNotFound()
            gone = row.uuid
            blobs = self._delete_rows(session, [row])
            stamp(session, source_ids=[source.id])
            bury(session, "reply", [gone])
        self._remove_blobs(blobs)

    def _delete_everything_of(self, session: Session, source_id: int) -> list[str]:
        """Delete the source's submissions, replies and batches (Core DELETEs); return their blobs.

        Leaves tombstones (tipline.tombstones): take this late in the transaction, it takes stamps."""
        for kind, item in (("submission", Submission), ("reply", Reply)):
            bury(session, kind, list(session.scalars(select(item.uuid).where(item.source_id == source_id))))
        blobs = list(session.scalars(select(Submission.blob).where(Submission.source_id == source_id)))
        blobs += session.scalars(select(Reply.blob).where(Reply.source_id == source_id))
        blobs += session.scalars(select(Batch.manifest_blob).where(Batch.source_id == source_id))
        for model in (Submission, Reply, Batch):
            session.execute(delete(model).where(model.source_id == source_id))
        return blobs

    def delete_conversation(self, source: SourceRef) -> None:
        """Every submission, batch and reply of the source; the account stays."""
        with self._sessions.begin() as session:
            blobs = self._delete_everything_of(session, source.id)
            stamp(session, source_ids=[source.id])
        self._remove_blobs(blobs)

    def delete_source(self, source: SourceRef) -> None:
        """The source and everything it sent or received, rows and blobs: really gone."""
        with self._sessions.begin() as session:
            blobs = self._delete_everything_of(session, source.id)
            # The case and label links cascade with the source row.
            session.execute(delete(Source).where(Source.id == source.id))
            bury(session, "source", [source.uuid])
        self._remove_blobs(blobs)

    # --- downloads ---
    def zip_of(self, source: SourceRef) -> Iterator[bytes]:
        """A streamed ZIP of every submission's and manifest's ciphertext (stored, not compressed)."""
        with self._sessions() as session:
            items = [
                (f"{batch_uuid}/{sub_uuid}.age", blob)
                for sub_uuid, blob, batch_uuid in session.execute(
                    select(Submission.uuid, Submission.blob, Batch.uuid)
                    .join(Batch, Batch.id == Submission.batch_id)
                    .where(Submission.source_id == source.id)
                    .order_by(Submission.id)
                )
            ]
            items += [
                (f"{batch_uuid}/manifest.age", blob)
                for batch_uuid, blob in session.execute(
                    select(Batch.uuid, Batch.manifest_blob).where(Batch.source_id == source.id).order_by(Batch.id)
                )
            ]
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
