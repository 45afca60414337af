"""The login throttle counts failures per account and overall, in the database."""

from __future__ import annotations

import datetime
import logging

import pytest

from tipline.journalists.throttle import DatabaseLoginThrottle, ThrottleLimits
from tipline.services import Services


def test_the_global_count_alerts_but_never_blocks_an_account(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Failures with made-up usernames must not lock out the journalists (issue 12, part 4)."""
    throttle = DatabaseLoginThrottle(
        services.sessions, ThrottleLimits(per_account=100, global_=3, window=datetime.timedelta(minutes=5)), b"k"
    )
    for name in ("a", "b", "c"):
        throttle.record_failure(name)
    assert throttle.blocked("someone-else") is False
    with caplog.at_level(logging.WARNING, logger="tipline.journalists.throttle"):
        assert throttle.admit("someone-else") is True
    assert "someone may be guessing" in caplog.text
    assert "someone-else" not in caplog.text


def test_success_clears_the_account_but_not_the_global_count(services: Services) -> None:
    throttle = DatabaseLoginThrottle(
        services.sessions, ThrottleLimits(per_account=2, global_=10, window=datetime.timedelta(minutes=5)), b"k"
    )
    throttle.record_failure("a")
    throttle.record_failure("a")
    assert throttle.blocked("a") is True
    throttle.clear("a")
    assert throttle.blocked("a") is False


def test_the_table_holds_no_usernames(services: Services) -> None:
    throttle = DatabaseLoginThrottle(
        services.sessions, ThrottleLimits(per_account=2, global_=10, window=datetime.timedelta(minutes=5)), b"k"
    )
    throttle.record_failure("kim.reporter")
    with services.engine.connect() as connection:
        scopes = [row[0] for row in connection.exec_driver_sql("SELECT scope FROM login_failures")]
    assert 2 == len(scopes)
    assert all("kim" not in scope for scope in scopes)
