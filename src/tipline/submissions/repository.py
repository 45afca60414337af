"""The Batch, Submission and Reply tables' one owner: their queries (the views the interfaces
list), the one writer of reply rows, and the deletions that hand back the blobs to remove.

Every function runs in the caller's session: a read's, or a unit of work's
(tipline.newsroom.unit_of_work), so a change commits with the action and its audit entry. None
removes a blob: deletions return the keys, removed by the caller once the rows are committed.
Plain column rows, not ORM objects, wherever a source may have thousands of items.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, func, insert, select, update
from sqlalchemy.orm import Session

from tipline.db import today
from tipline.journalists.models import Journalist
from tipline.sequence import take_stamps
from tipline.sources.models import Source
from tipline.storage import StoredBlob
from tipline.submissions.changes import allot_interactions, stamp
from tipline.submissions.models import Batch, Reply, SeenReply, SeenSubmission, Submission

MAX_STAMP = 2**62


@dataclass(frozen=True)
class _InConversation:
    """What every item of a conversation (a submission, a reply) carries besides its own fields."""

    designation: str  # the source's, for SecureDrop's filename
    interaction: int
    change_seq: int
    seen_by: tuple[str, ...] = field(default=(), kw_only=True)  # journalists' uuids


@dataclass(frozen=True)
class SubmissionView(_InConversation):
    uuid: str
    source_uuid: str
    batch_uuid: str
    kind: str
    size: int
    sha256: str
    received_on: datetime.date
    is_read: bool


@dataclass(frozen=True)
class ReplyView(_InConversation):
    uuid: str
    source_uuid: str
    size: int
    sha256: str
    sent_on: datetime.date
    journalist_uuid: str | None
    journalist_username: str | None
    blob: str


@dataclass(frozen=True)
class ReplyBlob:
    uuid: str
    sent_on: datetime.date
    blob: str


@dataclass(frozen=True)
class BlobRow:
    """Where an item's ciphertext is stored, its size and SHA-256."""

    key: str
    size: int
    sha256: str


# The columns of a view's fields, in their order (the fields of _InConversation first), then
# the row's id, which finds who has seen it.
_SUBMISSION_COLUMNS = (
    Source.designation,
    Submission.interaction,
    Submission.change_seq,
    Submission.uuid,
    Source.uuid,
    Batch.uuid,
    Submission.kind,
    Submission.size,
    Submission.sha256,
    Submission.received_on,
    Submission.is_read,
    Submission.id,
)
_REPLY_COLUMNS = (
    Source.designation,
    Reply.interaction,
    Reply.change_seq,
    Reply.uuid,
    Source.uuid,
    Reply.size,
    Reply.sha256,
    Reply.sent_on,
    Journalist.uuid,
    Journalist.username,
    Reply.blob,
    Reply.id,
)
View = TypeVar("View", SubmissionView, ReplyView)


def seen_by(
    session: Session, seen: type[SeenSubmission] | type[SeenReply], ids: Sequence[int] | None
) -> dict[int, tuple[str, ...]]:
    """item id → uuids of the journalists who have seen it, for ``ids`` (None: every item)."""
    item_column = seen.submission_id if seen is SeenSubmission else seen.reply_id  # type: ignore[union-attr]
    statement = select(item_column, Journalist.uuid).join(Journalist, Journalist.id == seen.journalist_id)
    result: dict[int, list[str]] = {}
    chunks: list[Sequence[int] | None] = [None]
    if ids is not None:
        chunks = [ids[i : i + 1000] for i in range(0, len(ids), 1000)]
    for chunk in chunks:
        chosen = statement if chunk is None else statement.where(item_column.in_(list(chunk)))
        for item_id, journalist_uuid in session.execute(chosen.order_by(Journalist.uuid)):
            result.setdefault(int(item_id), []).append(str(journalist_uuid))
    return {item_id: tuple(uuids) for item_id, uuids in result.items()}


def _views(
    session: Session,
    view: type[View],
    seen: type[SeenSubmission] | type[SeenReply],
    rows: Sequence[Any],
    *,
    everything: bool,
) -> list[View]:
    """Rows of the view's columns (the id last) as views with their seen_by."""
    seen_of = seen_by(session, seen, None if everything else [row[-1] for row in rows])
    # The row's columns are the view's positional fields, in order (mypy cannot count a *row).
    return [view(*row[:-1], seen_by=seen_of.get(row[-1], ())) for row in rows]


def _submissions() -> Select[*tuple[Any, ...]]:
    return (
        select(*_SUBMISSION_COLUMNS)
        .join(Source, Source.id == Submission.source_id)
        .join(Batch, Batch.id == Submission.batch_id)
    )


def _replies() -> Select[*tuple[Any, ...]]:
    return (
        select(*_REPLY_COLUMNS)
        .join(Source, Source.id == Reply.source_id)
        .outerjoin(Journalist, Journalist.id == Reply.journalist_id)
    )


# --- the query side ---
def submissions_of(
    session: Session, source_id: int, *, limit: int | None = None, offset: int = 0, newest_first: bool = False
) -> tuple[list[SubmissionView], int]:
    """A source's submissions (a page of them with ``limit``) and how many there are in all."""
    order = Submission.id.desc() if newest_first else Submission.id.asc()
    statement = _submissions().where(Submission.source_id == source_id).order_by(order).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    rows = session.execute(statement).all()
    total = (
        len(rows)
        if limit is None
        else session.scalar(select(func.count(Submission.id)).where(Submission.source_id == source_id)) or 0
    )
    return _views(session, SubmissionView, SeenSubmission, rows, everything=False), total


def submission_of(session: Session, source_id: int, submission_uuid: str) -> SubmissionView | None:
    row = session.execute(
        _submissions().where(Submission.source_id == source_id, Submission.uuid == submission_uuid)
    ).first()
    return None if row is None else _views(session, SubmissionView, SeenSubmission, [row], everything=False)[0]


def replies_of(session: Session, source_id: int, reply_uuid: str | None = None) -> list[ReplyView]:
    """The source's replies, oldest first (only the one named, with ``reply_uuid``)."""
    statement = _replies().where(Reply.source_id == source_id).order_by(Reply.id)
    if reply_uuid is not None:
        statement = statement.where(Reply.uuid == reply_uuid)
    return _views(session, ReplyView, SeenReply, session.execute(statement).all(), everything=False)


def _all_rows(
    session: Session,
    model: type[Submission] | type[Reply],
    statement: Select[*tuple[Any, ...]],
    *,
    limit: int | None,
    offset: int,
    since: int | None,
    upto: int | None,
) -> tuple[Sequence[Any], int]:
    """Every row of ``statement`` (limit None) or a page, oldest first; with ``since``, only those
    changed after that stamp (and not after ``upto``: a page of a sync also lists tombstones, read
    apart), in stamp order. The rows and how many there are in all."""
    counted = select(func.count(model.id))
    if since is not None:
        window = (model.change_seq > since, model.change_seq <= (upto if upto is not None else MAX_STAMP))
        statement = statement.where(*window).order_by(model.change_seq)
        counted = counted.where(*window)
    else:
        statement = statement.order_by(model.id)
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    rows = session.execute(statement).all()
    # A short page is the last one: its length is the count (an idle sync costs no COUNT).
    total = len(rows) if limit is None or (offset == 0 and len(rows) < limit) else session.scalar(counted) or 0
    return rows, total


def all_submissions(
    session: Session, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
) -> tuple[list[SubmissionView], int]:
    """Every source's submissions (SecureDrop's GET /submissions), as _all_rows pages them."""
    rows, total = _all_rows(session, Submission, _submissions(), limit=limit, offset=offset, since=since, upto=upto)
    return _views(session, SubmissionView, SeenSubmission, rows, everything=limit is None and since is None), total


def all_replies(
    session: Session, limit: int | None, offset: int, since: int | None = None, upto: int | None = None
) -> tuple[list[ReplyView], int]:
    """Every source's replies (SecureDrop's GET /replies), as _all_rows pages them."""
    rows, total = _all_rows(session, Reply, _replies(), limit=limit, offset=offset, since=since, upto=upto)
    return _views(session, ReplyView, SeenReply, rows, everything=limit is None and since is None), total


def submission_kinds(session: Session, submission_uuids: Sequence[str]) -> dict[str, str]:
    """uuid → "message" or "file", for those of ``submission_uuids`` that exist."""
    if not submission_uuids:
        return {}
    rows = session.execute(
        select(Submission.uuid, Submission.kind).where(Submission.uuid.in_(list(submission_uuids)))
    ).all()
    return {str(row_uuid): str(kind) for row_uuid, kind in rows}


def existing_replies(session: Session, reply_uuids: Sequence[str]) -> set[str]:
    if not reply_uuids:
        return set()
    return set(session.scalars(select(Reply.uuid).where(Reply.uuid.in_(list(reply_uuids)))))


def reply_uuid_in_use(session: Session, reply_uuid: str) -> bool:
    return session.scalar(select(Reply.id).where(Reply.uuid == reply_uuid)) is not None


def submission_blob(session: Session, source_id: int, submission_uuid: str) -> BlobRow | None:
    where = (Submission.source_id == source_id, Submission.uuid == submission_uuid)
    return _blob_row(session, select(Submission.blob, Submission.size, Submission.sha256).where(*where))


def manifest_blob(session: Session, source_id: int, batch_uuid: str) -> BlobRow | None:
    where = (Batch.source_id == source_id, Batch.uuid == batch_uuid)
    return _blob_row(session, select(Batch.manifest_blob, Batch.manifest_size, Batch.manifest_sha256).where(*where))


def _blob_row(session: Session, statement: Select[str, int, str]) -> BlobRow | None:
    row = session.execute(statement).first()
    return None if row is None else BlobRow(*row)


def archive_items(session: Session, source_id: int) -> list[tuple[str, str]]:
    """(name in the source's ZIP, blob key): every submission, then every batch's manifest."""
    items = [
        (f"{batch_uuid}/{sub_uuid}.age", blob)
        for sub_uuid, blob, batch_uuid in session.execute(
            select(Submission.uuid, Submission.blob, Batch.uuid)
            .join(Batch, Batch.id == Submission.batch_id)
            .where(Submission.source_id == source_id)
            .order_by(Submission.id)
        )
    ]
    items += [
        (f"{batch_uuid}/manifest.age", blob)
        for batch_uuid, blob in session.execute(
            select(Batch.uuid, Batch.manifest_blob).where(Batch.source_id == source_id).order_by(Batch.id)
        )
    ]
    return items


def reply_blobs(session: Session, source_id: int, reply_uuid: str | None = None) -> list[ReplyBlob]:
    """The source's replies with their blobs, oldest first (only the one named, with ``reply_uuid``):
    what the source interface decrypts."""
    statement = select(Reply.uuid, Reply.sent_on, Reply.blob).where(Reply.source_id == source_id).order_by(Reply.id)
    if reply_uuid is not None:
        statement = statement.where(Reply.uuid == reply_uuid)
    return [ReplyBlob(*row) for row in session.execute(statement)]


def has_unseen(viewer: int | None) -> ColumnElement[bool]:
    """For a query over sources: the source has a submission the viewer has not seen (no viewer:
    that nobody has)."""
    if viewer is None:
        unseen: ColumnElement[bool] = Submission.is_read.is_(False)
    else:
        unseen = ~exists(
            select(SeenSubmission.submission_id).where(
                SeenSubmission.journalist_id == viewer, SeenSubmission.submission_id == Submission.id
            )
        )
    return exists(select(Submission.id).where(Submission.source_id == Source.id, unseen))


def counts_of(page_ids: Any, viewer: int | None) -> tuple[Any, Any]:
    """Subqueries for the sources of ``page_ids`` (a subquery with an ``id`` column): submissions
    (``source_id``, ``total``, ``unread`` by the viewer, ``files``) and replies (``source_id``,
    ``total``).

    Two grouped aggregates to join once (not a correlated subquery per row), so listing ten
    thousand sources costs a few scans, not ten thousand lookups.
    """
    # The viewer's unread: an outer join on their seen rows (one hash or index join), not a
    # NOT EXISTS per submission, which PostgreSQL ran as a subplan per row (ten times slower).
    unread = Submission.is_read.is_(False) if viewer is None else SeenSubmission.submission_id.is_(None)
    counts_query = (
        select(
            Submission.source_id.label("source_id"),
            func.count().label("total"),
            func.count().filter(unread).label("unread"),
            func.count().filter(Submission.kind == "file").label("files"),
        )
        .select_from(Submission)
        .join(page_ids, page_ids.c.id == Submission.source_id)
    )
    if viewer is not None:
        counts_query = counts_query.outerjoin(
            SeenSubmission,
            and_(SeenSubmission.submission_id == Submission.id, SeenSubmission.journalist_id == viewer),
        )
    replies = (
        select(Reply.source_id.label("source_id"), func.count().label("total"))
        .join(page_ids, page_ids.c.id == Reply.source_id)
        .group_by(Reply.source_id)
        .subquery()
    )
    return counts_query.group_by(Submission.source_id).subquery(), replies


# --- writes ---
def insert_batch(
    session: Session,
    source_id: int,
    batch_uuid: str,
    manifest: StoredBlob,
    items: Sequence[tuple[str, str, StoredBlob]],
) -> None:
    """A batch and its submissions ((uuid, kind, blob) each), numbered in the conversation, and the
    source's last activity: all in the caller's transaction."""
    batch = Batch(
        uuid=batch_uuid,
        source_id=source_id,
        manifest_blob=manifest.key,
        manifest_size=manifest.size,
        manifest_sha256=manifest.sha256,
    )
    session.add(batch)
    session.flush()
    first = allot_interactions(session, source_id, len(items))
    rows = [
        Submission(
            uuid=submission_uuid,
            source_id=source_id,
            batch_id=batch.id,
            kind=kind,
            blob=blob.key,
            size=blob.size,
            sha256=blob.sha256,
            interaction=first + number,
        )
        for number, (submission_uuid, kind, blob) in enumerate(items)
    ]
    session.execute(update(Source).where(Source.id == source_id).values(last_activity_on=today()))
    stamp(session, rows, [source_id])
    # The source's fresh stamp, a counter: orders same-day activity with no finer time.
    session.execute(update(Source).where(Source.id == source_id).values(activity_seq=Source.change_seq))
    session.add_all(rows)


def insert_reply(
    session: Session, source_id: int, blob: StoredBlob, journalist_id: int | None, chosen_uuid: str | None = None
) -> str:
    """The one writer of reply rows (typed in the web interface or encrypted by a client); the uuid."""
    row = Reply(
        source_id=source_id,
        journalist_id=journalist_id,
        blob=blob.key,
        size=blob.size,
        sha256=blob.sha256,
        interaction=allot_interactions(session, source_id, 1),
    )
    if chosen_uuid is not None:
        row.uuid = chosen_uuid
    stamp(session, [row], [source_id])  # last: it takes a stamp (tipline.sequence)
    session.add(row)
    session.flush()
    return row.uuid


# --- fake data ---
def insert_fake_batches(
    session: Session, batch_rows: Sequence[Mapping[str, object]], submission_rows: Sequence[dict[str, object]]
) -> None:
    """Fake data only (tipline.devdata): batches and their submissions as plain rows, in bulk. Each
    submission row names its batch by ``batch_uuid`` (replaced here by its id); every submission
    takes a stamp, in order."""
    session.execute(insert(Batch), list(batch_rows))
    batch_ids = dict(
        session.execute(select(Batch.uuid, Batch.id).where(Batch.uuid.in_([b["uuid"] for b in batch_rows]))).all()
    )
    for row in submission_rows:
        row["batch_id"] = batch_ids[str(row.pop("batch_uuid"))]
    if submission_rows:
        first = take_stamps(session, len(submission_rows))
        for offset, row in enumerate(submission_rows):
            row["change_seq"] = first + offset
        session.execute(insert(Submission), list(submission_rows))
