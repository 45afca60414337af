"""This machine's Redis for tests, under a key prefix unique to each test; its keys removed after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from redis import Redis
from redis.exceptions import RedisError

REDIS_URL = os.environ.get("TIPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextmanager
def redis_prefix() -> Iterator[str]:
    """Yield a fresh key prefix; skip when Redis is absent; delete every key under it afterwards."""
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError:
        client.close()
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (.ci/run starts it)")
    prefix = f"tipline-test-{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
        client.close()
