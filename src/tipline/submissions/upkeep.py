"""The tables' upkeep, apart from what the interfaces list and change: the daily digest's count,
the integrity check's list of named blobs, and retention's due material and its deletion. Like
repository.py, every function runs in the caller's session and removes no blob itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tipline.submissions.models import Batch, Reply, Submission
from tipline.tombstones import bury


def count_received_on(session: Session, day: datetime.date) -> int:
    """How many submissions arrived on ``day`` (the daily digest's one number)."""
    return int(session.scalar(select(func.count(Submission.id)).where(Submission.received_on == day)) or 0)


def blobs_named(session: Session) -> Iterator[tuple[str, str, str]]:
    """(table, row uuid, blob key) of every blob a row names: submissions, manifests, replies."""
    for uuid, blob in session.execute(select(Submission.uuid, Submission.blob)):
        yield "submissions", uuid, blob
    for uuid, blob in session.execute(select(Batch.uuid, Batch.manifest_blob)):
        yield "batches", uuid, blob
    for uuid, blob in session.execute(select(Reply.uuid, Reply.blob)):
        yield "replies", uuid, blob


def last_received_on(session: Session) -> dict[int, datetime.date]:
    """source id → the day its latest batch arrived, for the sources that have one."""
    return {
        int(source_id): day
        for source_id, day in session.execute(
            select(Batch.source_id, func.max(Batch.received_on)).group_by(Batch.source_id)
        )
    }


@dataclass(frozen=True)
class DueMaterial:
    """A source's batches (with their submissions) and replies that a retention run deletes."""

    batch_ids: list[int]
    reply_ids: list[int]
    reply_uuids: list[str]
    blobs: list[str]  # the batches' manifests, the replies', then the submissions'
    submissions: int

    def __bool__(self) -> bool:
        return bool(self.batch_ids or self.reply_ids)


def due_material(
    session: Session,
    source_id: int,
    *,
    batch_cutoff: datetime.date | None,
    reply_cutoff: datetime.date | None,
    everything: bool,
) -> DueMaterial:
    """The source's batches received and replies sent on or before their cutoff (None: none is
    due), or all of them with ``everything``."""
    batches: Sequence[Any] = []
    if everything or batch_cutoff is not None:
        dated = () if everything else (Batch.received_on <= batch_cutoff,)
        batches = session.execute(
            select(Batch.id, Batch.manifest_blob).where(Batch.source_id == source_id, *dated)
        ).all()
    replies: Sequence[Any] = []
    if everything or reply_cutoff is not None:
        dated = () if everything else (Reply.sent_on <= reply_cutoff,)
        replies = session.execute(
            select(Reply.id, Reply.uuid, Reply.blob).where(Reply.source_id == source_id, *dated)
        ).all()
    batch_ids = [int(row[0]) for row in batches]
    submission_blobs: list[str] = []
    if batch_ids:
        submission_blobs = list(session.scalars(select(Submission.blob).where(Submission.batch_id.in_(batch_ids))))
    return DueMaterial(
        batch_ids=batch_ids,
        reply_ids=[int(row[0]) for row in replies],
        reply_uuids=[str(row[1]) for row in replies],
        blobs=[str(row[1]) for row in batches] + [str(row[2]) for row in replies] + submission_blobs,
        submissions=len(submission_blobs),
    )


def delete_due(session: Session, due: DueMaterial) -> None:
    """Delete what ``due_material`` found, tombstones first (the uuids are read from the rows), so
    that a ?since= sync learns of it. Explicit deletes (not only ON DELETE CASCADE), so that SQLite
    without foreign keys agrees."""
    if due.batch_ids:
        bury(
            session,
            "submission",
            list(session.scalars(select(Submission.uuid).where(Submission.batch_id.in_(due.batch_ids)))),
        )
    bury(session, "reply", due.reply_uuids)
    if due.batch_ids:
        session.execute(delete(Submission).where(Submission.batch_id.in_(due.batch_ids)))
        session.execute(delete(Batch).where(Batch.id.in_(due.batch_ids)))
    if due.reply_ids:
        session.execute(delete(Reply).where(Reply.id.in_(due.reply_ids)))
