"""Tables for state that several app servers share when no Redis is configured."""

from __future__ import annotations

import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base


class SharedSession(Base):
    """One web session: AES-GCM ciphertext under a key that only the client's cookie holds.

    Nothing here names a source: the handle is a hash of the random session id and the data
    cannot be opened without the cookie. Expired rows are swept away as sessions are saved.
    """

    __tablename__ = "shared_sessions"

    handle: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)
