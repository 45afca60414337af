"""KeyRing: the newsroom recipient new material is encrypted to, and the ones it replaced.

``newsroom_recipient`` in tipline.toml is the first key (the one `tipline init` made); once
`tipline keys rotate-newsroom` has run, the ``newsroom_keys`` table says which is current. Every
server reads it at each encryption, so a rotation takes effect at once everywhere, without a
restart, and a retired recipient is never encrypted to again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import select

from tipline.crypto.age import is_valid_recipient
from tipline.db import SessionFactory, today
from tipline.errors import KeyRingError
from tipline.keyring.models import NewsroomKey


@dataclass(frozen=True)
class NewsroomKeyView:
    recipient: str
    current_from: datetime.date | None
    retired_on: datetime.date | None


@dataclass(frozen=True)
class KeyAge:
    recipient: str
    days: int | None  # None: the day it became current is unknown (an instance from before 0009)


class KeyRing:
    def __init__(self, sessions: SessionFactory, configured: str) -> None:
        self._sessions = sessions
        self._configured = configured

    def current(self) -> str:
        """The only newsroom recipient new submissions, messages, replies and notes go to."""
        with self._sessions() as session:
            row = session.scalars(
                select(NewsroomKey.recipient).where(NewsroomKey.retired_on.is_(None)).order_by(NewsroomKey.id.desc())
            ).first()
        return row or self._configured

    def history(self) -> list[NewsroomKeyView]:
        """Every newsroom recipient, oldest first; the last is the current one."""
        with self._sessions() as session:
            rows = session.scalars(select(NewsroomKey).order_by(NewsroomKey.id)).all()
            views = [NewsroomKeyView(r.recipient, r.current_from, r.retired_on) for r in rows]
        return views or [NewsroomKeyView(self._configured, None, None)]

    def record_initial(self) -> None:
        """Remember the day the first key became current (`tipline init`), if nothing is recorded."""
        with self._sessions.begin() as session:
            if session.scalars(select(NewsroomKey.id)).first() is None:
                session.add(NewsroomKey(recipient=self._configured, current_from=today()))

    def rotate(self, recipient: str) -> NewsroomKeyView:
        """Make ``recipient`` the current newsroom recipient; the one before is retired today."""
        if not is_valid_recipient(recipient):
            raise KeyRingError("not an age recipient (age1…)")
        with self._sessions.begin() as session:
            rows = list(session.scalars(select(NewsroomKey).order_by(NewsroomKey.id).with_for_update()))
            if not rows:  # the instance's first rotation: its first key enters the record
                first = NewsroomKey(recipient=self._configured, current_from=None)
                session.add(first)
                rows = [first]
            if any(r.recipient == recipient for r in rows):
                raise KeyRingError(
                    "that recipient is current or was retired already: a rotation needs a newly generated key"
                )
            day = today()
            for row in rows:
                if row.retired_on is None:
                    row.retired_on = day
            session.add(NewsroomKey(recipient=recipient, current_from=day))
        return NewsroomKeyView(recipient, day, None)

    def current_age(self, on: datetime.date | None = None) -> KeyAge:
        """How many days the current recipient has been current."""
        day = on or today()
        with self._sessions() as session:
            row = session.scalars(
                select(NewsroomKey).where(NewsroomKey.retired_on.is_(None)).order_by(NewsroomKey.id.desc())
            ).first()
            if row is None:
                return KeyAge(self._configured, None)
            return KeyAge(row.recipient, None if row.current_from is None else (day - row.current_from).days)
