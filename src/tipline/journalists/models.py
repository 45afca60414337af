from __future__ import annotations

import datetime
import uuid

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base, today


class Journalist(Base):
    __tablename__ = "journalists"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    passphrase_hash: Mapped[str] = mapped_column(String(256))
    totp_secret: Mapped[str] = mapped_column(String(64))
    # The last TOTP time step accepted: a code is good once (replay protection).
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The journalist's own age recipient: new material is encrypted to it as well.
    age_recipient: Mapped[str | None] = mapped_column(String(128), default=None)
    created_on: Mapped[datetime.date] = mapped_column(Date, default=today)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token: a copy of the database does not hand out working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    journalist_id: Mapped[int] = mapped_column(ForeignKey("journalists.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
