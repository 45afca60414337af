"""One user action, one transaction: the unit of work NewsroomService opens for every action.

The rows an action changes and its audit entry are written in the same transaction, so an action
is either done and recorded or neither. Blobs cannot join a database transaction, so they are
ordered around it: a blob written for the action (a reply's ciphertext) is removed again when the
transaction rolls back; the blobs of deleted rows are removed only after the commit (rows first,
then blobs: a failure in between leaves an orphan blob for ``tipline check``, never a row whose
blob is gone).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from tipline.db import SessionFactory, empty_the_wal
from tipline.storage import BlobStore


class Work:
    """What one action does: its session, and the blobs to tidy when it ends."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.written: list[str] = []
        self.doomed: list[str] = []

    def wrote(self, key: str) -> None:
        """A blob this action stored: removed if the action rolls back."""
        self.written.append(key)

    def delete_after_commit(self, keys: Iterable[str]) -> None:
        """Blobs of rows this action deletes: removed once the deletion is committed."""
        self.doomed.extend(keys)


class UnitOfWork:
    def __init__(self, sessions: SessionFactory, store: BlobStore) -> None:
        self._sessions = sessions
        self._store = store

    @property
    def store(self) -> BlobStore:
        return self._store

    @contextmanager
    def __call__(self) -> Iterator[Work]:
        work: Work | None = None
        try:
            with self._sessions.begin() as session:
                work = Work(session)
                yield work
        except BaseException:
            for key in work.written if work is not None else ():
                self._store.delete(key)
            raise
        if work.doomed:
            for key in work.doomed:
                self._store.delete(key)
            # What was deleted must not stay readable in the SQLite WAL (threat T1).
            empty_the_wal(self._sessions)
