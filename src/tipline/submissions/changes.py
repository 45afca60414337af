"""Stamping changes for ?since= sync, and numbering a conversation's items as SecureDrop does.

Every function here runs inside the caller's transaction and takes its stamps last (see
tipline.sequence): the clock's lock is held until that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import update
from sqlalchemy.orm import Session

from tipline.db import take_numbers
from tipline.sequence import take_stamps
from tipline.sources.models import Source
from tipline.submissions.models import Reply, Submission


def allot_interactions(session: Session, source_id: int, count: int) -> int:
    """Reserve ``count`` numbers in the source's conversation; returns the first.

    One atomic UPDATE: two transactions adding to the same conversation never get the same number.
    """
    return take_numbers(session, Source, Source.interaction_count, Source.id == source_id, count)


def stamp(session: Session, items: Sequence[Submission | Reply] = (), source_ids: Iterable[int] = ()) -> None:
    """Give each new or changed item, and each source whose listing changed, a fresh stamp."""
    sources = sorted(set(source_ids))
    total = len(items) + len(sources)
    if not total:
        return
    with session.no_autoflush:  # pending items get their stamp before they are written
        first = take_stamps(session, total)
    for offset, item in enumerate(items):
        item.change_seq = first + offset
    for offset, source_id in enumerate(sources, start=len(items)):
        session.execute(update(Source).where(Source.id == source_id).values(change_seq=first + offset))


def stamp_rows(session: Session, model: type[Submission] | type[Reply], row_ids: Sequence[int]) -> None:
    """Fresh stamps for rows changed by a bulk UPDATE (read flags)."""
    if not row_ids:
        return
    first = take_stamps(session, len(row_ids))
    for offset, row_id in enumerate(sorted(row_ids)):
        session.execute(update(model).where(model.id == row_id).values(change_seq=first + offset))
