"""The sources list, filtered, sorted and paginated in a fixed number of queries.

The page of source ids is chosen first (ORDER BY … LIMIT on indexed columns); counts are then
computed for those ids only, so the cost of a page does not grow with the number of sources.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from tipline.cases.models import Case, CaseNote, Label, SourceLabel
from tipline.journalists.models import Journalist
from tipline.sources.models import Source
from tipline.submissions.models import Reply, Submission

SORTS = ("last_activity", "designation", "created", "status")
MAX_PER_PAGE = 1000
UNASSIGNED = "none"


@dataclass(frozen=True)
class SourceQuery:
    status: str | None = None
    label: str | None = None
    assignee: str | None = None  # a journalist uuid, or "none" for unassigned
    starred: bool | None = None
    unread: bool | None = None  # only sources with (True) or without (False) unread submissions
    search: str | None = None  # part of the designation
    uuid: str | None = None
    sort: str = "last_activity"
    descending: bool = True
    page: int = 1
    per_page: int | None = 100  # None: every matching source, in one page
    since: int | None = None  # only sources changed after this stamp, oldest change first
    # False: leave out sources that only made a codename (nothing sent, nothing answered). The
    # web list hides them by default; the API lists everything, as it always did.
    include_empty: bool = True


@dataclass(frozen=True)
class SourceRow:
    id: int
    uuid: str
    designation: str
    recipient: str
    created_on: datetime.date
    last_activity_on: datetime.date
    submission_count: int
    unread_count: int
    reply_count: int
    status: str
    starred: bool
    assignee_uuid: str | None
    assignee_username: str | None
    has_note: bool
    note_ciphertext: str | None
    labels: list[str] = field(default_factory=list)
    interaction_count: int = 0
    document_count: int = 0
    change_seq: int = 0
    # The safety codename (docs/duress-design.md): the last day it was used, on the real account;
    # on the safety codename's own account once used, the real account it stands for.
    safety_used_on: datetime.date | None = None
    safety_of_uuid: str | None = None
    safety_of_designation: str | None = None

    @property
    def message_count(self) -> int:
        return self.submission_count - self.document_count


@dataclass(frozen=True)
class SourcePage:
    rows: list[SourceRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _conditions(query: SourceQuery, default_status: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.uuid is not None:
        conditions.append(Source.uuid == query.uuid)
    if query.status is not None:
        match = Case.status == query.status
        # A source with no case row yet has the default status.
        conditions.append(or_(match, Case.status.is_(None)) if query.status == default_status else match)
    if query.starred is not None:
        conditions.append(func.coalesce(Case.starred, False).is_(query.starred))
    if query.assignee == UNASSIGNED:
        conditions.append(Case.assignee_id.is_(None))
    elif query.assignee is not None:
        conditions.append(
            Case.assignee_id == select(Journalist.id).where(Journalist.uuid == query.assignee).scalar_subquery()
        )
    if query.label is not None:
        conditions.append(
            exists(
                select(SourceLabel.id)
                .join(Label, Label.id == SourceLabel.label_id)
                .where(SourceLabel.source_id == Source.id, Label.name == query.label)
            )
        )
    if query.unread is not None:
        has_unread = exists(
            select(Submission.id).where(Submission.source_id == Source.id, Submission.is_read.is_(False))
        )
        conditions.append(has_unread if query.unread else ~has_unread)
    if query.since is not None:
        conditions.append(Source.change_seq > query.since)
    if not query.include_empty:
        # interaction_count never decreases: a source whose items were all deleted stays listed.
        # A safety codename's mark is news in itself (docs/duress-design.md): both accounts show.
        conditions.append(
            or_(Source.interaction_count > 0, Source.safety_used_on.is_not(None), Source.safety_of.is_not(None))
        )
    if query.search:
        conditions.append(Source.designation.contains(query.search.strip().lower(), autoescape=True))
    return conditions


def _ordered(statement: Select[Any], query: SourceQuery, default_status: str) -> Select[Any]:
    if query.since is not None:  # a sync: in the order of the changes, so that a page can resume
        return statement.order_by(Source.change_seq.asc())
    column: Any = {
        "last_activity": Source.last_activity_on,
        "designation": Source.designation,
        "created": Source.created_on,
        "status": func.coalesce(Case.status, default_status),
    }[query.sort if query.sort in SORTS else "last_activity"]
    # Within a day, last activity is ordered exactly by the stamp of the last submission (a
    # counter, never a time); a source that never sent anything comes before any that did.
    tie: Any = func.coalesce(Source.activity_seq, 0) if column is Source.last_activity_on else Source.id
    if query.descending:
        return statement.order_by(column.desc(), tie.desc(), Source.id.desc())
    return statement.order_by(column.asc(), tie.asc(), Source.id.asc())


def list_sources(session: Session, query: SourceQuery, default_status: str) -> SourcePage:
    """One page of sources, or all of them (per_page None), in a fixed number of queries.

    Counts come from two grouped aggregates joined once (not a correlated subquery per row), so
    listing ten thousand sources costs a few scans, not ten thousand lookups.
    """
    page = max(1, query.page)
    conditions = _conditions(query, default_status)
    base = select(Source.id).outerjoin(Case, Case.source_id == Source.id).where(and_(True, *conditions))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    per_page = max(1, total) if query.per_page is None else max(1, min(query.per_page, MAX_PER_PAGE))
    chosen = _ordered(base, query, default_status)
    if query.per_page is not None:
        chosen = chosen.limit(per_page).offset((page - 1) * per_page)
    page_ids = chosen.subquery()

    counts = (
        select(
            Submission.source_id.label("source_id"),
            func.count().label("total"),
            func.count().filter(Submission.is_read.is_(False)).label("unread"),
            func.count().filter(Submission.kind == "file").label("files"),
        )
        .join(page_ids, page_ids.c.id == Submission.source_id)
        .group_by(Submission.source_id)
        .subquery()
    )
    replies = (
        select(Reply.source_id.label("source_id"), func.count().label("total"))
        .join(page_ids, page_ids.c.id == Reply.source_id)
        .group_by(Reply.source_id)
        .subquery()
    )
    real = aliased(Source)
    statement: Any = (
        select(
            Source.id,
            Source.uuid,
            Source.designation,
            Source.recipient,
            Source.created_on,
            Source.last_activity_on,
            Source.interaction_count,
            Source.change_seq,
            Case.status,
            Case.starred,
            Case.note_ciphertext,
            Journalist.uuid,
            Journalist.username,
            counts.c.total,
            counts.c.unread,
            counts.c.files,
            replies.c.total,
            # Dated notes (cases.CaseNote) count as a note as much as the API's single one.
            exists(select(CaseNote.id).where(CaseNote.source_id == Source.id)),
            Source.safety_used_on,
            Source.safety_of,
            real.designation,
        )
        .join(page_ids, page_ids.c.id == Source.id)
        .outerjoin(Case, Case.source_id == Source.id)
        .outerjoin(Journalist, Journalist.id == Case.assignee_id)
        .outerjoin(counts, counts.c.source_id == Source.id)
        .outerjoin(replies, replies.c.source_id == Source.id)
        .outerjoin(real, real.uuid == Source.safety_of)
    )
    rows: Sequence[Any] = session.execute(_ordered(statement, query, default_status)).all()
    labels: dict[int, list[str]] = {}
    if rows:
        for source_id, name in session.execute(
            select(SourceLabel.source_id, Label.name)
            .join(Label, Label.id == SourceLabel.label_id)
            .join(page_ids, page_ids.c.id == SourceLabel.source_id)
            .order_by(Label.name)
        ):
            labels.setdefault(source_id, []).append(name)
    result = [
        SourceRow(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[13] or 0,
            row[14] or 0,
            row[16] or 0,
            row[8] or default_status,
            bool(row[9]),
            row[11],
            row[12],
            row[10] is not None or bool(row[17]),
            row[10],
            labels.get(row[0], []),
            interaction_count=row[6],
            document_count=row[15] or 0,
            change_seq=row[7],
            safety_used_on=row[18],
            safety_of_uuid=row[19] if row[20] is not None else None,
            safety_of_designation=row[20],
        )
        for row in rows
    ]
    return SourcePage(result, total, page, per_page)
