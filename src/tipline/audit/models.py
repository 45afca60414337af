from __future__ import annotations

import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base


class AuditEntry(Base):
    """One newsroom action. Names sources by designation only: never codenames, IPs or content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Minute precision: enough to reconstruct what a journalist did, and no finer.
    occurred_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The username is copied, not referenced, so that the entry outlives the account.
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    source_designation: Mapped[str | None] = mapped_column(String(64), default=None)
    target_journalist: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[str] = mapped_column(String(256), default="")
    via: Mapped[str] = mapped_column(String(8), default="web")
