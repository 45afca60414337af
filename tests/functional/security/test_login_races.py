"""Journalist logins under concurrency, on SQLite and PostgreSQL (issue 12, part 4).

- the same TOTP code sent at once by many clients gives one token, not several;
- concurrent wrong guesses on one account do not get past the per-account limit;
- failed logins with made-up usernames, past the global limit, never refuse valid credentials.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyotp
import pytest
from sqlalchemy import select

from tests.factories.journalists import current_code, make_journalist
from tests.factories.live import LiveInstance, unique_username
from tests.factories.live_http import LiveClient
from tipline.config import Settings
from tipline.errors import LoginThrottled
from tipline.journalists.models import ApiToken
from tipline.services import Services

CLIENTS = 16
T = TypeVar("T")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(login_failures_per_account=5, login_failures_global=20)


def at_once(count: int, attempt: Callable[[], T]) -> list[T | BaseException]:
    """COUNT calls of ATTEMPT released together (a barrier), each in its own thread."""
    barrier = threading.Barrier(count)

    def one() -> T | BaseException:
        barrier.wait(timeout=30)
        try:
            return attempt()
        except BaseException as error:
            return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: one(), range(count)))


def test_one_code_sent_at_once_gives_one_login_and_one_token(services: Services) -> None:
    reporter = make_journalist(services)
    code = current_code(reporter)

    def log_in() -> str | None:
        # authenticate(): the check itself, without the throttle (which would refuse most of them).
        journalist = services.journalists.authenticate(reporter.username, reporter.passphrase, code)
        return services.journalists.issue_token(journalist).token if journalist is not None else None

    outcomes = at_once(CLIENTS, log_in)
    assert [] == [o for o in outcomes if isinstance(o, BaseException)]
    assert 1 == len([token for token in outcomes if token is not None]), outcomes
    with services.sessions() as session:
        assert 1 == len(session.scalars(select(ApiToken.id)).all())


def test_concurrent_wrong_guesses_stay_within_the_account_limit(services: Services) -> None:
    reporter = make_journalist(services)
    checked = 0
    lock = threading.Lock()
    real_authenticate = services.journalists.authenticate

    def counting_authenticate(*args: str) -> object:
        nonlocal checked
        with lock:
            checked += 1
        return real_authenticate(*args)

    services.journalists.authenticate = counting_authenticate  # type: ignore[method-assign,assignment]
    outcomes = at_once(CLIENTS, lambda: services.journalists.login(reporter.username, "wrong guess", "000000"))
    assert [] == [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, LoginThrottled)]
    assert checked <= services.settings.login_failures_per_account, f"{checked} guesses were checked"
    assert CLIENTS - checked == len([o for o in outcomes if isinstance(o, LoginThrottled)])


def test_made_up_usernames_never_lock_out_valid_credentials(services: Services) -> None:
    admin = make_journalist(services, "editor", is_admin=True)
    for number in range(services.settings.login_failures_global * 2):
        assert services.journalists.login(f"nobody-{number}", "wrong passphrase", "000000") is None
    assert services.journalists.login(admin.username, admin.passphrase, current_code(admin)) is not None


def test_one_code_sent_at_once_over_http_gives_one_token(shared_live_instance: LiveInstance) -> None:
    """The same, as concurrent requests to a real `tipline serve` (gunicorn threads), on both engines."""
    username = unique_username("reporter")
    created = shared_live_instance.add_journalist(username)
    code = pyotp.TOTP(created["totp_secret"]).now()
    body = json.dumps({"username": username, "passphrase": created["passphrase"], "one_time_code": code}).encode()
    # Within the per-account limit, so that the throttle refuses none of them: only the code can.
    clients = 5

    def request_token() -> int:
        return LiveClient(shared_live_instance.journalist_url).post("/api/v1/token", body, "application/json").status

    statuses = at_once(clients, request_token)
    assert 1 == statuses.count(200), statuses
    assert clients - 1 == statuses.count(403), statuses
