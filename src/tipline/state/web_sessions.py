"""Session stores that several server processes share: the database, or Redis.

Both hold what :class:`tipline.web.common.web_sessions.EncryptedSessionInterface` gives them:
ciphertext filed under a hash of the session id. They satisfy its ``SessionStore`` protocol
(load/save/delete) structurally, so this package needs nothing from ``web``.
"""

from __future__ import annotations

import datetime
import secrets

from redis import Redis
from sqlalchemy import delete

from tipline.db import SessionFactory
from tipline.state.models import SharedSession


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


class DatabaseSessionStore:
    def __init__(self, sessions: SessionFactory, namespace: str) -> None:
        self._sessions = sessions
        self._namespace = namespace

    def _key(self, handle: str) -> str:
        return f"{self._namespace}:{handle}"

    def load(self, handle: str) -> bytes | None:
        with self._sessions() as session:
            row = session.get(SharedSession, self._key(handle))
            if row is None or _aware(row.expires_at) <= _now():
                return None
            return bytes(row.data)

    def save(self, handle: str, data: bytes, ttl_seconds: int) -> None:
        now = _now()
        with self._sessions.begin() as session:
            row = session.get(SharedSession, self._key(handle))
            expires_at = now + datetime.timedelta(seconds=ttl_seconds)
            if row is None:
                session.add(SharedSession(handle=self._key(handle), data=data, expires_at=expires_at))
            else:
                row.data = data
                row.expires_at = expires_at
            # Expired sessions are removed, not left to pile up on the disk (threat T1): a sweep
            # on about one save in 64 keeps the table small without a separate job.
            if secrets.randbelow(64) == 0:
                session.execute(delete(SharedSession).where(SharedSession.expires_at <= now))

    def delete(self, handle: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(SharedSession).where(SharedSession.handle == self._key(handle)))

    def purge_expired(self) -> int:
        """Delete every interface's expired sessions."""
        with self._sessions.begin() as session:
            result = session.execute(delete(SharedSession).where(SharedSession.expires_at <= _now()))
            return int(getattr(result, "rowcount", 0) or 0)


class RedisSessionStore:
    """Redis expires the keys itself (SET … EX): an idle session vanishes without a sweep."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self._client = client
        self._prefix = prefix

    def load(self, handle: str) -> bytes | None:
        value = self._client.get(self._prefix + handle)
        return bytes(value) if value is not None else None  # type: ignore[arg-type]

    def save(self, handle: str, data: bytes, ttl_seconds: int) -> None:
        self._client.set(self._prefix + handle, data, ex=max(1, ttl_seconds))

    def delete(self, handle: str) -> None:
        self._client.delete(self._prefix + handle)
