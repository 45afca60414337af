from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base, today


def _uuid() -> str:
    return str(uuid.uuid4())


class Batch(Base):
    """What a source sent with one press of Send; its encrypted manifest names the files."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=_uuid)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    manifest_blob: Mapped[str] = mapped_column(String(32), unique=True)
    manifest_size: Mapped[int] = mapped_column(BigInteger)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    received_on: Mapped[datetime.date] = mapped_column(Date, default=today)


class Submission(Base):
    """One encrypted message or file (as in SecureDrop's API)."""

    __tablename__ = "submissions"
    # Unread counts per source without touching the table rows (the sources list at scale).
    __table_args__ = (Index("ix_submissions_source_id_is_read", "source_id", "is_read"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=_uuid)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "message" or "file"
    blob: Mapped[str] = mapped_column(String(32), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)  # of the ciphertext
    sha256: Mapped[str] = mapped_column(String(64))  # of the ciphertext
    received_on: Mapped[datetime.date] = mapped_column(Date, default=today)
    is_read: Mapped[bool] = mapped_column(Boolean, default=False)
    # Its number in the conversation (sources.interaction_count when it came).
    interaction: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The stamp of its last change (tipline.sequence): what ?since= sync orders by.
    change_seq: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)


class Reply(Base):
    """An armored age ciphertext from the newsroom to a source."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=_uuid)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    journalist_id: Mapped[int | None] = mapped_column(
        ForeignKey("journalists.id", ondelete="SET NULL"), index=True, default=None
    )
    blob: Mapped[str] = mapped_column(String(32), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    sent_on: Mapped[datetime.date] = mapped_column(Date, default=today)
    interaction: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    change_seq: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)


# Who has seen what (SecureDrop's seen_files/seen_messages/seen_replies): one row per journalist
# and item, holding no time at all; the key is the pair, so no counter numbers the sightings.
# Both foreign keys cascade: a row goes with its item (or journalist), never outlives it.
class SeenSubmission(Base):
    __tablename__ = "seen_submissions"

    journalist_id: Mapped[int] = mapped_column(ForeignKey("journalists.id", ondelete="CASCADE"), primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SeenReply(Base):
    __tablename__ = "seen_replies"

    journalist_id: Mapped[int] = mapped_column(ForeignKey("journalists.id", ondelete="CASCADE"), primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True, index=True)
