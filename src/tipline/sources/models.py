from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.crypto.safety_seal import random_seal
from tipline.db import Base, today


class Source(Base):
    """A source's account. Holds nothing that identifies the person, nor the codename."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    # Random two-word name for the newsroom, never derived from the codename.
    designation: Mapped[str] = mapped_column(String(64), unique=True)
    # First half of Argon2id(codename); see tipline.crypto.keys.
    lookup: Mapped[str] = mapped_column(String(64), unique=True)
    recipient: Mapped[str] = mapped_column(String(128))
    created_on: Mapped[datetime.date] = mapped_column(Date, default=today)
    # Indexed: the sources list is sorted by it, at the scale of tens of thousands of sources.
    last_activity_on: Mapped[datetime.date] = mapped_column(Date, default=today, index=True)
    # How many submissions and replies the conversation has had: SecureDrop's per-source counter,
    # which numbers each item (its filename "N-designation-msg.age"); never decreases.
    interaction_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The stamp of the last change a syncing client must see (tipline.sequence).
    change_seq: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)
    # The change-clock stamp of its last submission: orders sources that were active on the same
    # day exactly, by a counter and never a time (a stamp says only "after that one").
    activity_seq: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    # Every row has one, of one length: random, or for a safety codename's account the real
    # account's uuid sealed under a key only that codename gives (tipline.crypto.safety_seal).
    # Nullable only because rows from before migration 0007 were filled in by it.
    seal: Mapped[str | None] = mapped_column(String(64), nullable=True, default=random_seal)
    # On the real account: the last day its safety codename was used (a day, never a time). Set
    # only when that happens: before, nothing in this row tells that a safety codename exists.
    safety_used_on: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    # On a safety codename's account, once it has been used: the real account's uuid. From then on
    # the newsroom sees what this account sends as sent under watch (docs/duress-design.md).
    safety_of: Mapped[str | None] = mapped_column(String(36), nullable=True)
