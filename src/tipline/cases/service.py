"""Changing a source's case: status, labels, assignee, star, note."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tipline.cases.models import CaseNote, Label, SourceLabel, TriageCase
from tipline.crypto.age import encrypt_bytes
from tipline.db import SessionFactory
from tipline.errors import CaseError
from tipline.i18n.messages import N_
from tipline.journalists.models import Journalist

LABEL_PATTERN = re.compile(r"^[\w][\w .:/+-]{0,63}$")
MAX_NOTE_BYTES = 64 * 1024
MAX_LABELS = 32


def _insert_new_case(session: Session, source_id: int, status: str) -> None:
    values = {"source_id": source_id, "status": status, "starred": False}
    # INSERT … ON CONFLICT DO NOTHING: a concurrent insert of the same row is not an error, and
    # (unlike catching IntegrityError) it leaves the transaction usable on PostgreSQL too.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            postgresql_insert(TriageCase).values(values).on_conflict_do_nothing(index_elements=["source_id"])
        )
    else:
        session.execute(sqlite_insert(TriageCase).values(values).on_conflict_do_nothing(index_elements=["source_id"]))


@dataclass(frozen=True)
class NoteView:
    """One dated note: who wrote it and on which day; its text only as ciphertext to the newsroom."""

    uuid: str
    created_on: datetime.date
    journalist_uuid: str | None
    journalist_username: str | None
    ciphertext: str


class CaseService:
    def __init__(
        self, sessions: SessionFactory, statuses: Sequence[str], recipients: Callable[[], Sequence[str]]
    ) -> None:
        self._sessions = sessions
        self._statuses = tuple(statuses)
        self._recipients = recipients

    @property
    def statuses(self) -> tuple[str, ...]:
        return self._statuses

    @property
    def default_status(self) -> str:
        return self._statuses[0]

    def _case(self, session: Session, source_id: int) -> TriageCase:
        """The source's case row, made on first use. Two actions on a new source may both find no
        row: the insert skips a row another transaction has just made (instead of failing on the
        key), and the row is read again, on both engines."""
        case = session.get(TriageCase, source_id)
        if case is None:
            _insert_new_case(session, source_id, self.default_status)
            case = session.get(TriageCase, source_id)
            assert case is not None  # inserted, or made by the other transaction that won
        return case

    def check_status(self, status: str) -> str:
        if status not in self._statuses:
            raise CaseError(N_("status must be one of: %(statuses)s"), statuses=", ".join(self._statuses))
        return status

    @staticmethod
    def check_labels(names: Sequence[str]) -> list[str]:
        cleaned = sorted({name.strip() for name in names if name.strip()})
        if len(cleaned) > MAX_LABELS or not all(LABEL_PATTERN.fullmatch(name) for name in cleaned):
            raise CaseError(
                N_("at most %(count)s labels of 1–64 letters, digits, spaces or . : / + - _"), count=MAX_LABELS
            )
        return cleaned

    def seal_note(self, note: str, *, empty_allowed: bool = True) -> str | None:
        """The note encrypted to the newsroom's recipients (None: empty); the plaintext is not kept."""
        data = note.strip().encode("utf-8")
        if not data and not empty_allowed:
            raise CaseError(N_("the note is empty"))
        if len(data) > MAX_NOTE_BYTES:
            raise CaseError(N_("the note is longer than 64 KiB"))
        # The plaintext is encrypted at once and never stored or logged.
        return encrypt_bytes(data, list(self._recipients()), armored=True).decode("ascii") if data else None

    # --- changes, each in the caller's transaction (a NewsroomService action) ---
    def set_status(self, session: Session, source_id: int, status: str) -> None:
        self._case(session, source_id).status = self.check_status(status)

    def set_starred(self, session: Session, source_id: int, starred: bool) -> None:
        self._case(session, source_id).starred = starred

    def assign(self, session: Session, source_id: int, journalist_uuid: str | None) -> str | None:
        """Assign to an active journalist (by uuid), or unassign with None. Returns the username."""
        if journalist_uuid is None:
            self._case(session, source_id).assignee_id = None
            return None
        journalist = session.scalar(
            select(Journalist).where(Journalist.uuid == journalist_uuid, Journalist.is_active.is_(True))
        )
        if journalist is None:
            raise CaseError(N_("no active journalist with that uuid"))
        self._case(session, source_id).assignee_id = journalist.id
        return journalist.username

    def set_labels(self, session: Session, source_id: int, names: Sequence[str]) -> list[str]:
        cleaned = self.check_labels(names)
        self._case(session, source_id)
        existing = {label.name: label for label in session.scalars(select(Label).where(Label.name.in_(cleaned)))}
        for name in cleaned:
            if name not in existing:
                existing[name] = Label(name=name)
                session.add(existing[name])
        session.flush()
        session.execute(delete(SourceLabel).where(SourceLabel.source_id == source_id))
        for name in cleaned:
            session.add(SourceLabel(source_id=source_id, label_id=existing[name].id))
        return cleaned

    def set_note(self, session: Session, source_id: int, ciphertext: str | None) -> None:
        """The single note (already sealed: seal_note); None clears it."""
        self._case(session, source_id).note_ciphertext = ciphertext

    def add_note(self, session: Session, source_id: int, journalist_id: int, ciphertext: str) -> str:
        """A new note (already sealed: seal_note), dated to the day; the uuid. Notes are never
        overwritten: each is its own row, and nothing here changes or removes one."""
        self._case(session, source_id)
        entry = CaseNote(source_id=source_id, journalist_id=journalist_id, ciphertext=ciphertext)
        session.add(entry)
        session.flush()
        return entry.uuid

    def notes_of(self, source_id: int, note_uuid: str | None = None) -> list[NoteView]:
        """Oldest first (by day, then in the order they were written); only one, with ``note_uuid``."""
        statement = (
            select(CaseNote, Journalist.uuid, Journalist.username)
            .outerjoin(Journalist, Journalist.id == CaseNote.journalist_id)
            .where(CaseNote.source_id == source_id)
            .order_by(CaseNote.created_on, CaseNote.id)
        )
        if note_uuid is not None:
            statement = statement.where(CaseNote.uuid == note_uuid)
        with self._sessions() as session:
            rows = session.execute(statement).all()
            return [NoteView(n.uuid, n.created_on, uuid, username, n.ciphertext) for n, uuid, username in rows]

    def all_labels(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(Label.name).order_by(Label.name)))
