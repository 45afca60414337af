from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base


class Case(Base):
    """The newsroom's handling of one source. A source without a row is new, unassigned, unstarred."""

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
