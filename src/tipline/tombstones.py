"""Tombstones: what a ?since= sync reports as deleted, for a bounded time only.

A client that syncs with a cursor (tipline.sequence) sees what changed; a deleted row is gone, so
without a trace it would stay on the client for ever. Each deletion of a source, submission or
reply leaves a tombstone holding only its kind, the SHA-256 of its uuid, a fresh stamp, and the
day it was made, used for nothing but purging: after KEEP_DAYS days it is deleted (SQLite
overwrites it: secure_delete).

Why a hash, not the uuid: a deleted source's uuid must not stay on the server (the deletion
tests search the data folder for it). A client knows the uuids it holds and hashes them to match;
a seized database yields no uuid, only how many items went in the last KEEP_DAYS days and in
which order among the other changes, which the audit log already records with finer times
(docs/threat-model.md). Someone holding a uuid (a seized desk) can confirm that item was
deleted recently, as the audit log's designations and days already let them.

Once a tombstone is purged, a cursor older than its stamp may have missed that deletion: the
clock remembers the highest purged stamp (``purged_through``) and such a sync is refused (410),
the client starting again from 0.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from sqlalchemy import BigInteger, Date, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from tipline.db import Base, today
from tipline.sequence import raise_purged_through, take_stamps

KEEP_DAYS = 30
KINDS = ("source", "submission", "reply")


class Tombstone(Base):
    __tablename__ = "tombstones"
    __table_args__ = (Index("ix_tombstones_kind_change_seq", "kind", "change_seq"),)

    # The stamp is the key: no other counter numbers the deletions.
    change_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    uuid_sha256: Mapped[str] = mapped_column(String(64))  # hex of the uuid's text, never the uuid
    deleted_on: Mapped[datetime.date] = mapped_column(Date, default=today, index=True)


def uuid_sha256(uuid: str) -> str:
    """What a tombstone keeps of a uuid, and what a client compares: SHA-256 of its text, hex."""
    return hashlib.sha256(uuid.encode("ascii")).hexdigest()


def bury(session: Session, kind: str, uuids: Sequence[str]) -> None:
    """Tombstones for ``uuids`` (of rows this transaction deletes), with fresh stamps.

    Takes stamps: call it late, just before commit (see tipline.sequence). Purges old ones too.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if not uuids:
        return
    purge(session)
    first = take_stamps(session, len(uuids))
    day = today()
    session.add_all(
        Tombstone(change_seq=first + offset, kind=kind, uuid_sha256=uuid_sha256(item), deleted_on=day)
        for offset, item in enumerate(uuids)
    )


def due(session: Session, day: datetime.date | None = None) -> bool:
    """Whether any tombstone is older than KEEP_DAYS (a read on the deleted_on index)."""
    cutoff = (day or today()) - datetime.timedelta(days=KEEP_DAYS)
    return session.scalar(select(Tombstone.change_seq).where(Tombstone.deleted_on < cutoff).limit(1)) is not None


def purge(session: Session, day: datetime.date | None = None) -> int:
    """Delete tombstones older than KEEP_DAYS; returns how many."""
    cutoff = (day or today()) - datetime.timedelta(days=KEEP_DAYS)
    highest = session.scalar(select(func.max(Tombstone.change_seq)).where(Tombstone.deleted_on < cutoff))
    if highest is None:
        return 0
    result = session.execute(delete(Tombstone).where(Tombstone.deleted_on < cutoff))
    raise_purged_through(session, int(highest))
    return int(getattr(result, "rowcount", 0) or 0)


def since(session: Session, kind: str, cursor: int, limit: int | None) -> tuple[list[tuple[str, int]], int]:
    """(uuid_sha256, stamp) of the ``kind`` tombstones after ``cursor`` in stamp order, and how many in all."""
    statement = (
        select(Tombstone.uuid_sha256, Tombstone.change_seq)
        .where(Tombstone.kind == kind, Tombstone.change_seq > cursor)
        .order_by(Tombstone.change_seq)
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = [(str(u), int(s)) for u, s in session.execute(statement)]
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    total = session.scalar(select(func.count()).where(Tombstone.kind == kind, Tombstone.change_seq > cursor))
    return rows, int(total or 0)
