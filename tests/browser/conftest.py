"""The browser tests share one chromium per worker (tests/factories/browser.py); stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.factories.browser import stop_shared_browser


@pytest.fixture(scope="session", autouse=True)
def _stop_the_shared_browser() -> Iterator[None]:
    yield
    stop_shared_browser()
