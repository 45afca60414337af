"""Read flags: which journalist has seen which submission or reply (a pair per row, no time).

Part of the tables' owner (with repository.py): the seen rows and is_read are written here only,
in the caller's session (a NewsroomService action's unit of work).

A download, a desk fetch or SecureDrop's POST /seen marks an item seen for that journalist;
SecureDrop's is_read means "seen by anyone". Only items newly seen get a fresh change stamp, with
their sources (the unread counts changed): seeing an item again costs no write.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tipline.sources.models import Source
from tipline.submissions.changes import stamp, stamp_rows
from tipline.submissions.models import Reply, SeenReply, SeenSubmission, Submission


def mark_seen(
    session: Session, journalist_id: int, submission_uuids: Sequence[str] = (), reply_uuids: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """Record that this journalist has seen these items (a download, a fetch, POST /seen).

    Returns (uuid, source designation) of the items found. Only items newly seen get a fresh
    stamp (their seen_by changed), with their sources (the unread counts changed): seeing an
    item again costs no write.
    """
    found: list[tuple[str, str]] = []
    new_submissions = _add_seen(
        session, SeenSubmission, Submission, journalist_id=journalist_id, uuids=submission_uuids, found=found
    )
    new_replies = _add_seen(session, SeenReply, Reply, journalist_id=journalist_id, uuids=reply_uuids, found=found)
    if new_submissions:
        # SecureDrop's is_read: seen by anyone.
        session.execute(
            update(Submission).where(Submission.id.in_([r[0] for r in new_submissions])).values(is_read=True)
        )
    stamp_rows(session, Submission, [r[0] for r in new_submissions])
    stamp_rows(session, Reply, [r[0] for r in new_replies])
    stamp(session, source_ids=[r[1] for r in new_submissions + new_replies])
    return found


def _add_seen(
    session: Session,
    seen: type[SeenSubmission] | type[SeenReply],
    model: type[Submission] | type[Reply],
    *,
    journalist_id: int,
    uuids: Sequence[str],
    found: list[tuple[str, str]],
) -> list[tuple[int, int]]:
    """Insert the missing seen rows; returns (item id, source id) of the items newly seen."""
    if not uuids:
        return []
    item_column = seen.submission_id if seen is SeenSubmission else seen.reply_id  # type: ignore[union-attr]
    rows = session.execute(
        select(model.id, model.uuid, Source.designation, Source.id)
        .join(Source, Source.id == model.source_id)
        .where(model.uuid.in_(list(uuids)))
        .add_columns(
            exists(select(seen.journalist_id).where(seen.journalist_id == journalist_id, item_column == model.id))
        )
    ).all()
    found += [(str(r[1]), str(r[2])) for r in rows]
    new = [(int(r[0]), int(r[3])) for r in rows if not r[4]]
    if new:
        key = "submission_id" if seen is SeenSubmission else "reply_id"
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        # Two downloads of one item at once: the second insert does nothing.
        session.execute(
            dialect.insert(seen)
            .values([{"journalist_id": journalist_id, key: item_id} for item_id, _ in new])
            .on_conflict_do_nothing()
        )
    return new


def mark_unseen(session: Session, journalist_id: int, submission_uuids: Sequence[str]) -> list[tuple[str, str]]:
    """This journalist has not seen these submissions after all; is_read stays true while
    another journalist has seen one."""
    found = session.execute(
        select(Submission.id, Submission.uuid, Source.designation, Source.id)
        .join(Source, Source.id == Submission.source_id)
        .where(Submission.uuid.in_(list(submission_uuids)))
    ).all()
    ids = [r[0] for r in found]
    if ids:
        session.execute(
            delete(SeenSubmission).where(
                SeenSubmission.journalist_id == journalist_id, SeenSubmission.submission_id.in_(ids)
            )
        )
        anyone = exists(select(SeenSubmission.journalist_id).where(SeenSubmission.submission_id == Submission.id))
        session.execute(update(Submission).where(Submission.id.in_(ids)).values(is_read=anyone))
        stamp_rows(session, Submission, ids)
        stamp(session, source_ids=[r[3] for r in found])
    return [(r[1], r[2]) for r in found]
