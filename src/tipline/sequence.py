"""The change sequence: one counter that stamps every change a syncing client must see.

A client syncs with ``?since=<cursor>`` and must never skip a change. Autoincrement ids cannot
promise that: two transactions take ids 7 and 8, 8 commits first, a client reads up to 8 and
never sees 7. Here the stamp is taken by incrementing one row, which write-locks that row until
the transaction ends; any other transaction that wants a stamp waits for the lock and then reads
the committed value. So stamps are handed out in commit order: once a stamp is visible, every
smaller stamp is already committed (or rolled back and never used), and "everything after the
cursor" cannot miss anything. The lock is held from the stamp to the commit, so callers take
their stamps last, just before committing.

A stamp is a counter, never a time: it reveals the order of changes and nothing finer than
the day-only dates the records already carry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Connection, Table, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from tipline.db import Base, take_numbers

_ROW = 1


class ChangeClock(Base):
    """A single row: the last stamp handed out."""

    __tablename__ = "change_clock"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    # The highest stamp of a tombstone purged (tipline.tombstones): a cursor below it may have
    # missed a deletion, so a ?since= sync from it must start again from 0.
    purged_through: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


def _first_row(target: Table, connection: Connection, **_kwargs: Any) -> None:
    connection.execute(target.insert().values(id=_ROW, value=0, purged_through=0))


# A table made from the metadata (not by a migration) gets its one row too.
event.listen(ChangeClock.__table__, "after_create", _first_row)


def take_stamps(session: Session, count: int = 1) -> int:
    """Reserve ``count`` consecutive stamps in this transaction; returns the first.

    Holds the clock's row lock until the transaction ends: call it last, just before commit.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    return take_numbers(session, ChangeClock, ChangeClock.value, ChangeClock.id == _ROW, count)


def current_stamp(session: Session) -> int:
    """The last stamp committed (or held by a transaction that has not committed yet)."""
    return int(session.scalar(select(ChangeClock.value).where(ChangeClock.id == _ROW)) or 0)


def purged_through(session: Session) -> int:
    """The highest stamp whose tombstone is gone: cursors below it cannot sync deletions."""
    return int(session.scalar(select(ChangeClock.purged_through).where(ChangeClock.id == _ROW)) or 0)


def raise_purged_through(session: Session, stamp: int) -> None:
    session.execute(
        update(ChangeClock)
        .where(ChangeClock.id == _ROW, ChangeClock.purged_through < stamp)
        .values(purged_through=stamp)
    )
