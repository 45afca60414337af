from __future__ import annotations

import datetime
import uuid

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base, today


class Journalist(Base):
    __tablename__ = "journalists"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    passphrase_hash: Mapped[str] = mapped_column(String(256))
    # Sealed (AES-GCM, crypto/totp_at_rest.py): "v1:" + base64. Rows from before 0004 may hold
    # the plain base32 secret until the journalist's next login or `tipline check --repair`.
    totp_secret: Mapped[str] = mapped_column(String(255))
    # The last TOTP time step accepted: a code is good once (replay protection).
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The journalist's own age recipient: new material is encrypted to it as well.
    age_recipient: Mapped[str | None] = mapped_column(String(128), default=None)
    created_on: Mapped[datetime.date] = mapped_column(Date, default=today)
    # Bumped on deactivation and on credential resets: every web session carrying an older
    # generation is refused on its next request, in every process (sessions live elsewhere).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # False from a web enrolment or a 2FA reset until a first correct code is entered: the
    # account cannot log in before (a second factor nobody scanned is found at once).
    totp_confirmed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token: a copy of the database does not hand out working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    journalist_id: Mapped[int] = mapped_column(ForeignKey("journalists.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """One failed login, kept only for the throttle window.

    ``scope`` is "global" or "account:" + a keyed hash of the submitted username, so the table
    neither lists usernames tried nor reveals which of them exist. No IP address is stored.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(80), index=True)
    failed_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)


class SecurityKey(Base):
    """A journalist's WebAuthn credential: an alternative second factor to TOTP."""

    __tablename__ = "security_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    journalist_id: Mapped[int] = mapped_column(ForeignKey("journalists.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1024), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64), default="")
    created_on: Mapped[datetime.date] = mapped_column(Date, default=today)
