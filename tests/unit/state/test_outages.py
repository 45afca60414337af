"""Only Redis connection failures are an outage (a 503); a wrong command stays a bug (a 500)."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from tipline.state.outages import shared_state_unavailable


def test_only_connection_failures_count_as_an_outage() -> None:
    assert shared_state_unavailable(RedisConnectionError("refused"))
    assert shared_state_unavailable(RedisTimeoutError("no answer"))
    assert not shared_state_unavailable(ResponseError("WRONGTYPE Operation against a key"))
    assert not shared_state_unavailable(ValueError("not redis"))
