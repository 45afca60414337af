from __future__ import annotations

import datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base


class NewsroomKey(Base):
    """One newsroom recipient (public key) and the days it was current.

    Only public keys: the identities live offline. A retired recipient is kept so that the
    newsroom knows which identity opens material of which days; the server never encrypts to it
    again.
    """

    __tablename__ = "newsroom_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(128), unique=True)
    # Days only, like every other time the server keeps.
    # None: the key `tipline init` made on an instance older than this table (its day is unknown).
    current_from: Mapped[datetime.date | None] = mapped_column(Date)
    retired_on: Mapped[datetime.date | None] = mapped_column(Date, default=None, index=True)
