"""Whether an error means the shared state (Redis) cannot be reached right now."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def shared_state_unavailable(error: BaseException) -> bool:
    """True for Redis refusing, dropping or not answering a connection: a 503, retry later.

    Narrow on purpose, like ``tipline.db.database_unavailable``: a wrong command or a wrong type
    of key is a bug and stays a plain 500.
    """
    return isinstance(error, RedisConnectionError | RedisTimeoutError)
