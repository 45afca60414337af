"""Fixed-window counters for throttles and rate limits, in memory, the database or Redis.

``hit(key, window_seconds)`` counts one event and returns how many happened in the current
window. Keys are hashed before they are stored, so a seized database or Redis holds no
usernames. Never key a counter on anything that identifies a source (threat T7: no per-IP).
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import time
from typing import Protocol, runtime_checkable

from redis import Redis
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from tipline.db import SessionFactory
from tipline.state.models import SharedCounter


@runtime_checkable
class CounterStore(Protocol):
    def hit(self, key: str, window_seconds: int) -> int:
        """Count one event under KEY; return the count within the current window."""

    def reset(self, key: str) -> None: ...


def _hashed(namespace: str, key: str) -> str:
    return hashlib.sha256(f"{namespace}\0{key}".encode()).hexdigest()


class MemoryCounterStore:
    def __init__(self, namespace: str = "") -> None:
        self._namespace = namespace
        self._data: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window_seconds: int) -> int:
        hashed, now = _hashed(self._namespace, key), time.monotonic()
        with self._lock:
            expiry, count = self._data.get(hashed, (0.0, 0))
            if expiry <= now:
                expiry, count = now + window_seconds, 0
            self._data[hashed] = (expiry, count + 1)
            return count + 1

    def reset(self, key: str) -> None:
        with self._lock:
            self._data.pop(_hashed(self._namespace, key), None)


class DatabaseCounterStore:
    def __init__(self, sessions: SessionFactory, namespace: str) -> None:
        self._sessions = sessions
        self._namespace = namespace

    def hit(self, key: str, window_seconds: int) -> int:
        hashed = _hashed(self._namespace, key)
        for _attempt in range(5):
            now = datetime.datetime.now(datetime.UTC)
            with self._sessions.begin() as session:
                # One atomic UPDATE counts the hit when a live window exists (no lost updates
                # between servers); otherwise the stale row is replaced by a fresh window.
                counted = session.execute(
                    update(SharedCounter)
                    .where(SharedCounter.key == hashed, SharedCounter.expires_at > now)
                    .values(count=SharedCounter.count + 1)
                    .returning(SharedCounter.count)
                ).scalar()
                if counted is not None:
                    return int(counted)
                session.execute(delete(SharedCounter).where(SharedCounter.key == hashed))
                session.add(
                    SharedCounter(key=hashed, count=1, expires_at=now + datetime.timedelta(seconds=window_seconds))
                )
                try:
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    continue  # another server opened the window first: count in it
                return 1
        raise RuntimeError("counter contention did not settle")

    def reset(self, key: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(SharedCounter).where(SharedCounter.key == _hashed(self._namespace, key)))

    def purge_expired(self) -> int:
        """Delete every namespace's expired windows."""
        with self._sessions.begin() as session:
            now = datetime.datetime.now(datetime.UTC)
            result = session.execute(delete(SharedCounter).where(SharedCounter.expires_at <= now))
            return int(getattr(result, "rowcount", 0) or 0)


class RedisCounterStore:
    def __init__(self, client: Redis, prefix: str) -> None:
        self._client = client
        self._prefix = prefix

    def hit(self, key: str, window_seconds: int) -> int:
        name = self._prefix + _hashed("", key)
        pipeline = self._client.pipeline()
        pipeline.incr(name)
        pipeline.expire(name, window_seconds, nx=True)  # the window starts at the first hit
        count, _ = pipeline.execute()
        return int(count)

    def reset(self, key: str) -> None:
        self._client.delete(self._prefix + _hashed("", key))
