"""The sources list, filtered, sorted and paginated in a fixed number of queries.

The page of source ids is chosen first (ORDER BY … LIMIT on indexed columns); counts are then
computed for those ids only, so the cost of a page does not grow with the number of sources.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from tipline.cases.models import CaseNote, Label, SourceLabel, TriageCase
from tipline.journalists.models import Journalist
from tipline.sources.models import Source
from tipline.submissions.repository import counts_of, has_unseen

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
    upto: int | None = None  # and none changed after this one (a sync's page also lists tombstones)
    viewer: int | None = None  # the journalist whose unread counts these are (None: seen by nobody)
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
        match = TriageCase.status == query.status
        # A source with no case row yet has the default status.
        conditions.append(or_(match, TriageCase.status.is_(None)) if query.status == default_status else match)
    if query.starred is not None:
        conditions.append(func.coalesce(TriageCase.starred, False).is_(query.starred))
    if query.assignee == UNASSIGNED:
        conditions.append(TriageCase.assignee_id.is_(None))
    elif query.assignee is not None:
        conditions.append(
            TriageCase.assignee_id == select(Journalist.id).where(Journalist.uuid == query.assignee).scalar_subquery()
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
        has_unread = has_unseen(query.viewer)
        conditions.append(has_unread if query.unread else ~has_unread)
    if query.since is not None:
        conditions.append(Source.change_seq > query.since)
    if query.upto is not None:
        conditions.append(Source.change_seq <= query.upto)
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
        "status": func.coalesce(TriageCase.status, default_status),
    }[query.sort if query.sort in SORTS else "last_activity"]
    # Within a day, last activity is ordered exactly by the stamp of the last submission (a
    # counter, never a time); a source that never sent anything comes before any that did.
    tie: Any = func.coalesce(Source.activity_seq, 0) if column is Source.last_activity_on else Source.id
    if query.descending:
        return statement.order_by(column.desc(), tie.desc(), Source.id.desc())
    return statement.order_by(column.asc(), tie.asc(), Source.id.asc())


def _base(query: SourceQuery, default_status: str) -> Select[Any]:
    conditions = _conditions(query, default_status)
    return select(Source.id).outerjoin(TriageCase, TriageCase.source_id == Source.id).where(and_(True, *conditions))


def _rows_statement(query: SourceQuery, default_status: str, page_ids: Any) -> Select[Any]:
    """Each source of ``page_ids`` with its case and its counts (the repository's
    ``counts_of``), in the query's order."""
    counts, replies = counts_of(page_ids, query.viewer)
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
            TriageCase.status,
            TriageCase.starred,
            TriageCase.note_ciphertext,
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
        .outerjoin(TriageCase, TriageCase.source_id == Source.id)
        .outerjoin(Journalist, Journalist.id == TriageCase.assignee_id)
        .outerjoin(counts, counts.c.source_id == Source.id)
        .outerjoin(replies, replies.c.source_id == Source.id)
        .outerjoin(real, real.uuid == Source.safety_of)
    )
    return _ordered(statement, query, default_status)


def _labels(session: Session, source_ids: Any) -> dict[int, list[str]]:
    """source id → its label names; ``source_ids`` a subquery with an ``id`` column, or a list."""
    statement = select(SourceLabel.source_id, Label.name).join(Label, Label.id == SourceLabel.label_id)
    if isinstance(source_ids, list):
        statement = statement.where(SourceLabel.source_id.in_(source_ids))
    else:
        statement = statement.join(source_ids, source_ids.c.id == SourceLabel.source_id)
    labels: dict[int, list[str]] = {}
    for source_id, name in session.execute(statement.order_by(Label.name)):
        labels.setdefault(source_id, []).append(name)
    return labels


def _source_row(row: Any, labels: dict[int, list[str]], default_status: str) -> SourceRow:
    return SourceRow(
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


def list_sources(session: Session, query: SourceQuery, default_status: str) -> SourcePage:
    """One page of sources, or all of them (per_page None), in a fixed number of queries."""
    page = max(1, query.page)
    base = _base(query, default_status)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    per_page = max(1, total) if query.per_page is None else max(1, min(query.per_page, MAX_PER_PAGE))
    chosen = _ordered(base, query, default_status)
    if query.per_page is not None:
        chosen = chosen.limit(per_page).offset((page - 1) * per_page)
    page_ids = chosen.subquery()
    rows: Sequence[Any] = session.execute(_rows_statement(query, default_status, page_ids)).all()
    labels = _labels(session, page_ids) if rows else {}
    return SourcePage([_source_row(row, labels, default_status) for row in rows], total, page, per_page)


STREAM_CHUNK = 500


class SourceStream:
    """Sources read as they are iterated; ``close`` ends the database cursor whether iteration
    began, ended or never started (a server-side cursor left to the garbage collector stays
    open on PostgreSQL until then)."""

    def __init__(self, result: Any, labels: dict[int, list[str]], default_status: str) -> None:
        self._result = result
        self._labels = labels
        self._default_status = default_status

    def __iter__(self) -> Iterator[SourceRow]:
        try:
            for chunk in self._result.partitions(STREAM_CHUNK):
                for row in chunk:
                    yield _source_row(row, self._labels, self._default_status)
        finally:
            self.close()

    def close(self) -> None:
        self._result.close()


def stream_sources(session: Session, query: SourceQuery, default_status: str) -> SourceStream:
    """Every matching source, read from one statement STREAM_CHUNK rows at a time (a server-side
    cursor on PostgreSQL, SQLite's stepping): a whole list of ten thousand sources never sits in
    memory at once. One statement: every row comes from the same snapshot.

    The labels are read first, in one query (a few names per labelled source: small beside the
    list; one IN list of ids per chunk cost PostgreSQL more than the sources themselves). The
    statement runs now (a failing database fails here, before any byte is sent); the rows are
    read as the returned iterator is consumed, through Core: plain rows, no ORM loading."""
    # No ORDER BY among the ids: only the outer statement's order counts when nothing is cut.
    page_ids = _base(query, default_status).subquery()
    labels = _labels(session, page_ids)
    result = session.connection().execute(
        _rows_statement(query, default_status, page_ids),
        execution_options={"stream_results": True, "yield_per": STREAM_CHUNK},
    )
    return SourceStream(result, labels, default_status)
