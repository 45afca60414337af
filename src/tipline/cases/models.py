from __future__ import annotations

import datetime
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base, today


class TriageCase(Base):
    """The newsroom's triage of one source: status, assignee, star, the API's single note.

    A source without a row is new, unassigned, unstarred. Named apart from the desk's
    `desk.workflow.cases.Case` (a story: claims and evidence across sources, on a workstation);
    the table keeps its name, "cases".
    """

    __tablename__ = "cases"

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(64), index=True)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("journalists.id", ondelete="SET NULL"), index=True, default=None
    )
    starred: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Armored age ciphertext to the newsroom (and journalists' own recipients): the server
    # stores the note but cannot read it back (threat T1).
    note_ciphertext: Mapped[str | None] = mapped_column(Text, default=None)


class Label(Base):
    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


class SourceLabel(Base):
    __tablename__ = "source_labels"
    __table_args__ = (UniqueConstraint("source_id", "label_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"), index=True)


class CaseNote(Base):
    """One journalist's note on a source, dated to the day: added, never overwritten.

    The text is armored age ciphertext to the newsroom (as TriageCase.note_ciphertext): the server
    keeps who wrote a note and on which day, never what it says.
    """

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    journalist_id: Mapped[int | None] = mapped_column(
        ForeignKey("journalists.id", ondelete="SET NULL"), index=True, default=None
    )
    created_on: Mapped[datetime.date] = mapped_column(Date, default=today)
    ciphertext: Mapped[str] = mapped_column(Text)
