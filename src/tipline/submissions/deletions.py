"""Deleting submissions and replies: the rows now, in the caller's session (a unit of work), and
the blob keys handed back, for the caller to remove once the rows are committed. Each deletion
leaves a tombstone (tipline.tombstones) so that a ?since= sync learns of it.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipline.submissions.changes import stamp
from tipline.submissions.models import Batch, Reply, Submission
from tipline.tombstones import bury


def delete_submission(session: Session, source_id: int, submission_uuid: str) -> list[str] | None:
    """The submission, and its batch once the batch's last submission is gone; None: not found."""
    row = session.scalar(
        select(Submission).where(Submission.uuid == submission_uuid, Submission.source_id == source_id)
    )
    if row is None:
        return None
    batch_id, gone, blobs = row.batch_id, row.uuid, [row.blob]
    session.delete(row)
    session.flush()
    # The batch's manifest names the file: once its last submission is gone, it goes too.
    if session.scalar(select(Submission.id).where(Submission.batch_id == batch_id).limit(1)) is None:
        batch = session.get(Batch, batch_id)
        if batch is not None:
            blobs.append(batch.manifest_blob)
            session.delete(batch)
    stamp(session, source_ids=[source_id])
    bury(session, "submission", [gone])
    return blobs


def delete_reply(session: Session, source_id: int, reply_uuid: str, *, stamp_source: bool = True) -> list[str] | None:
    """The reply, if it is this source's (None otherwise); a tombstone tells syncing clients.
    ``stamp_source``: the newsroom's listing of the source changes (not when the source deletes it)."""
    row = session.scalar(select(Reply).where(Reply.uuid == reply_uuid, Reply.source_id == source_id))
    if row is None:
        return None
    gone, blob = row.uuid, row.blob
    session.delete(row)
    if stamp_source:
        stamp(session, source_ids=[source_id])
    bury(session, "reply", [gone])
    return [blob]


def delete_everything_of(session: Session, source_id: int) -> list[str]:
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
