"""Throttling journalist logins per account; watching the count over all accounts.

The state lives in the database behind a small Protocol, so several server processes share it
(process memory would let an attacker multiply attempts by the number of workers).

Every attempt is counted *before* anything is checked, and committed before it is compared with
the limit: of N concurrent attempts on one account, the k-th to commit sees at least k, so no
more than the limit ever get their credentials checked (counting failures afterwards let every
concurrent guess through). A successful login forgets the account's attempts.

The count over all accounts never refuses anyone: failures with made-up usernames would otherwise
lock out every journalist, admins with the right credentials included. Past its limit it is an
alert in the server's log (counts only, no name).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select

from tipline.db import SessionFactory
from tipline.journalists.models import LoginFailure

GLOBAL_SCOPE = "global"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThrottleLimits:
    per_account: int
    global_: int
    window: datetime.timedelta


class LoginThrottle(Protocol):
    def admit(self, username: str) -> bool:
        """Count this attempt, then say whether the account is still within its limit."""

    def blocked(self, username: str) -> bool:
        """True when this account has used up its attempts lately (counting nothing)."""

    def record_failure(self, username: str) -> None:
        """Count one more attempt (a failed second step after an admitted first one)."""

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

    def _counts(self, username: str) -> dict[str, int]:
        since = self._since()
        with self._sessions() as session:
            return dict(
                session.execute(
                    select(LoginFailure.scope, func.count(LoginFailure.id))
                    .where(LoginFailure.scope.in_([GLOBAL_SCOPE, self._scope(username)]))
                    .where(LoginFailure.failed_at > since)
                    .group_by(LoginFailure.scope)
                ).all()
            )

    def admit(self, username: str) -> bool:
        self.record_failure(username)  # committed first: see the module's docstring
        counts = self._counts(username)
        if counts.get(GLOBAL_SCOPE, 0) >= self._limits.global_:
            log.warning(
                "%d journalist login attempts failed or are under way within %s minutes, over all accounts "
                "(login_failures_global): someone may be guessing",
                counts.get(GLOBAL_SCOPE, 0),
                int(self._limits.window.total_seconds() // 60),
            )
        return counts.get(self._scope(username), 0) <= self._limits.per_account

    def blocked(self, username: str) -> bool:
        return self._counts(username).get(self._scope(username), 0) >= self._limits.per_account

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
