"""Throttling failed journalist logins, per account and over all accounts.

The state lives in the database behind a small Protocol, so several server processes share it
(process memory would let an attacker multiply attempts by the number of workers).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select

from tipline.db import SessionFactory
from tipline.journalists.models import LoginFailure

GLOBAL_SCOPE = "global"


@dataclass(frozen=True)
class ThrottleLimits:
    per_account: int
    global_: int
    window: datetime.timedelta


class LoginThrottle(Protocol):
    def blocked(self, username: str) -> bool:
        """True when this username, or the whole login, has failed too often lately."""

    def record_failure(self, username: str) -> None: ...

    def clear(self, username: str) -> None:
        """Forget this account's failures after a successful login."""


class DatabaseLoginThrottle:
    def __init__(self, sessions: SessionFactory, limits: ThrottleLimits, key: bytes) -> None:
        self._sessions = sessions
        self._limits = limits
        self._key = key

    def _scope(self, username: str) -> str:
        # Keyed hash: the table holds no usernames, and unknown names are throttled exactly
        # like known ones, so the throttle never reveals whether an account exists.
        digest = hmac.new(self._key, username.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
        return f"account:{digest[:64]}"

    def _since(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC) - self._limits.window

    def blocked(self, username: str) -> bool:
        since = self._since()
        with self._sessions() as session:
            counts = dict(
                session.execute(
                    select(LoginFailure.scope, func.count(LoginFailure.id))
                    .where(LoginFailure.scope.in_([GLOBAL_SCOPE, self._scope(username)]))
                    .where(LoginFailure.failed_at > since)
                    .group_by(LoginFailure.scope)
                ).all()
            )
        return (
            counts.get(self._scope(username), 0) >= self._limits.per_account
            or counts.get(GLOBAL_SCOPE, 0) >= self._limits.global_
        )

    def record_failure(self, username: str) -> None:
        now = datetime.datetime.now(datetime.UTC)
        with self._sessions.begin() as session:
            session.add(LoginFailure(scope=self._scope(username), failed_at=now))
            session.add(LoginFailure(scope=GLOBAL_SCOPE, failed_at=now))
            # Old failures are useless after the window: drop them rather than keep a history.
            session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= self._since()))

    def clear(self, username: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.scope == self._scope(username)))
