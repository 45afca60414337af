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
from sqlalchemy.orm import Session

from tipline.cases.models import Case, Label, SourceLabel
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
    per_page: int = 100


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
    if query.search:
        conditions.append(Source.designation.contains(query.search.strip().lower(), autoescape=True))
    return conditions


def _ordered(statement: Select[Any], query: SourceQuery, default_status: str) -> Select[Any]:
    column: Any = {
        "last_activity": Source.last_activity_on,
        "designation": Source.designation,
        "created": Source.created_on,
        "status": func.coalesce(Case.status, default_status),
    }[query.sort if query.sort in SORTS else "last_activity"]
    if query.descending:
        return statement.order_by(column.desc(), Source.id.desc())
    return statement.order_by(column.asc(), Source.id.asc())


def list_sources(session: Session, query: SourceQuery, default_status: str) -> SourcePage:
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, query.page)
    conditions = _conditions(query, default_status)
    base = select(Source.id).outerjoin(Case, Case.source_id == Source.id).where(and_(True, *conditions))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    page_ids = _ordered(base, query, default_status).limit(per_page).offset((page - 1) * per_page).subquery()

    submissions = func.count(Submission.id)
    sub_total = select(submissions).where(Submission.source_id == Source.id).scalar_subquery()
    sub_unread = (
        select(submissions).where(Submission.source_id == Source.id, Submission.is_read.is_(False)).scalar_subquery()
    )
    replies = select(func.count(Reply.id)).where(Reply.source_id == Source.id).scalar_subquery()
    statement = (
        select(
            Source,
            Case.status,
            Case.starred,
            Case.note_ciphertext,
            Journalist.uuid,
            Journalist.username,
            sub_total,
            sub_unread,
            replies,
        )
        .join(page_ids, page_ids.c.id == Source.id)
        .outerjoin(Case, Case.source_id == Source.id)
        .outerjoin(Journalist, Journalist.id == Case.assignee_id)
    )
    rows: Sequence[Any] = session.execute(_ordered(statement, query, default_status)).all()
    labels: dict[int, list[str]] = {}
    if rows:
        for source_id, name in session.execute(
            select(SourceLabel.source_id, Label.name)
            .join(Label, Label.id == SourceLabel.label_id)
            .where(SourceLabel.source_id.in_([row[0].id for row in rows]))
            .order_by(Label.name)
        ):
            labels.setdefault(source_id, []).append(name)
    result = [
        SourceRow(
            source.id,
            source.uuid,
            source.designation,
            source.recipient,
            source.created_on,
            source.last_activity_on,
            total_count or 0,
            unread or 0,
            reply_count or 0,
            status or default_status,
            bool(starred),
            assignee_uuid,
            assignee_name,
            note is not None,
            note,
            labels.get(source.id, []),
        )
        for source, status, starred, note, assignee_uuid, assignee_name, total_count, unread, reply_count in rows
    ]
    return SourcePage(result, total, page, per_page)
