"""What the browser tests share: one chromium per worker (tests/factories/browser.py shared_browser),
launched as every browser test launches it, handed to each module; stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.factories.browser import CHROMIUM, shared_browser, stop_shared_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The worker's chromium; the contexts a module opens are closed after it."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    with shared_browser() as launched:
        yield launched


@pytest.fixture(scope="session", autouse=True)
def _stop_the_shared_browser() -> Iterator[None]:
    yield
    stop_shared_browser()
