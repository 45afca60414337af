"""State that several app servers share: web sessions.

``memory`` keeps them in the process (one server process, the embedded default); ``database``
puts them in the database; ``redis`` in Redis. Chosen by ``Settings.effective_shared_state``.
The journalist login throttle keeps its counts in the database whatever the backend
(journalists/throttle.py), so that its count-then-check is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis import Redis

from tipline.db import SessionFactory
from tipline.state.web_sessions import DatabaseSessionStore, RedisSessionStore

__all__ = ["DatabaseSessionStore", "RedisSessionStore", "SharedState"]


@dataclass
class SharedState:
    backend: str  # "memory", "database" or "redis"
    sessions: SessionFactory | None = None
    redis: Redis | None = None
    redis_prefix: str = "tipline:"

    @property
    def is_shared(self) -> bool:
        """True when several server processes may run: nothing lives in one process's memory."""
        return self.backend != "memory"

    def session_store(self, namespace: str) -> DatabaseSessionStore | RedisSessionStore | None:
        """A store for the sessions of one interface, or None for the in-process default."""
        if self.backend == "redis":
            assert self.redis is not None
            return RedisSessionStore(self.redis, f"{self.redis_prefix}session:{namespace}:")
        if self.backend == "database":
            assert self.sessions is not None
            return DatabaseSessionStore(self.sessions, namespace)
        return None

    def purge_expired(self) -> int:
        """Delete expired sessions (database backend; Redis expires keys itself).

        Run by the scheduled worker, so that a quiet instance does not keep old session
        ciphertext and its expiry times on disk (threat T1)."""
        if self.backend != "database" or self.sessions is None:
            return 0
        return DatabaseSessionStore(self.sessions, "").purge_expired()

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()


def build_shared_state(backend: str, sessions: SessionFactory, redis_url: str, redis_prefix: str) -> SharedState:
    if backend == "redis":
        # No client name, no CLIENT SETINFO: nothing extra about this server in Redis' lists.
        client = Redis.from_url(redis_url, socket_timeout=10, socket_connect_timeout=5)
        return SharedState(backend, sessions, client, redis_prefix)
    return SharedState(backend, sessions if backend == "database" else None, None, redis_prefix)
