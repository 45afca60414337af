"""Changing a source's case: status, labels, assignee, star, note."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipline.cases.models import Case, CaseNote, Label, SourceLabel
from tipline.crypto.age import encrypt_bytes
from tipline.db import SessionFactory
from tipline.errors import CaseError
from tipline.i18n.messages import N_
from tipline.journalists.models import Journalist

LABEL_PATTERN = re.compile(r"^[\w][\w .:/+-]{0,63}$")
MAX_NOTE_BYTES = 64 * 1024
MAX_LABELS = 32


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

    def _case(self, session: Session, source_id: int) -> Case:
        case = session.get(Case, source_id)
        if case is None:
            case = Case(source_id=source_id, status=self.default_status, starred=False)
            session.add(case)
        return case

    def set_status(self, source_id: int, status: str) -> None:
        if status not in self._statuses:
            raise CaseError(N_("status must be one of: %(statuses)s"), statuses=", ".join(self._statuses))
        with self._sessions.begin() as session:
            self._case(session, source_id).status = status

    def set_starred(self, source_id: int, starred: bool) -> None:
        with self._sessions.begin() as session:
            self._case(session, source_id).starred = starred

    def assign(self, source_id: int, journalist_uuid: str | None) -> str | None:
        """Assign to an active journalist (by uuid), or unassign with None. Returns the username."""
        with self._sessions.begin() as session:
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

    def set_labels(self, source_id: int, names: Sequence[str]) -> list[str]:
        cleaned = sorted({name.strip() for name in names if name.strip()})
        if len(cleaned) > MAX_LABELS or not all(LABEL_PATTERN.fullmatch(name) for name in cleaned):
            raise CaseError(
                N_("at most %(count)s labels of 1–64 letters, digits, spaces or . : / + - _"), count=MAX_LABELS
            )
        with self._sessions.begin() as session:
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

    def set_note(self, source_id: int, note: str) -> bool:
        """Encrypt the note to the newsroom's recipients and forget the plaintext. Empty clears it."""
        data = note.strip().encode("utf-8")
        if len(data) > MAX_NOTE_BYTES:
            raise CaseError(N_("the note is longer than 64 KiB"))
        # The plaintext is encrypted at once and never stored or logged.
        ciphertext = encrypt_bytes(data, list(self._recipients()), armored=True).decode("ascii") if data else None
        with self._sessions.begin() as session:
            self._case(session, source_id).note_ciphertext = ciphertext
        return ciphertext is not None

    def add_note(self, source_id: int, journalist_id: int, note: str) -> str:
        """Encrypt a new note to the newsroom and add it, dated to the day; the uuid. Notes are
        never overwritten: each is its own row, and nothing here changes or removes one."""
        data = note.strip().encode("utf-8")
        if not data:
            raise CaseError(N_("the note is empty"))
        if len(data) > MAX_NOTE_BYTES:
            raise CaseError(N_("the note is longer than 64 KiB"))
        ciphertext = encrypt_bytes(data, list(self._recipients()), armored=True).decode("ascii")
        del data
        with self._sessions.begin() as session:
            self._case(session, source_id)
            entry = CaseNote(source_id=source_id, journalist_id=journalist_id, ciphertext=ciphertext)
            session.add(entry)
            session.flush()
            return entry.uuid

    def notes_of(self, source_id: int) -> list[NoteView]:
        """Oldest first (by day, then in the order they were written)."""
        with self._sessions() as session:
            rows = session.execute(
                select(CaseNote, Journalist.uuid, Journalist.username)
                .outerjoin(Journalist, Journalist.id == CaseNote.journalist_id)
                .where(CaseNote.source_id == source_id)
                .order_by(CaseNote.created_on, CaseNote.id)
            ).all()
            return [NoteView(n.uuid, n.created_on, uuid, username, n.ciphertext) for n, uuid, username in rows]

    def all_labels(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(Label.name).order_by(Label.name)))
