"""What the browser tests share: one chromium per worker (tests/factories/browser.py shared_browser),
launched as every browser test launches it, handed to each module; stopped at the end.

And one engine under them: the embedded default, SQLite. A browser test checks what the browser adds
to an HTTP story (pages drawn, forms sent without JavaScript, cookies, what the browser fetches); the
server under it answers the same requests on either engine, and every story a browser walks is walked
on both engines at the HTTP level by tests/functional (test_journalist_web, test_journalist_enrolment,
test_safety_codename, test_security_keys, test_source_lost_work, test_questionnaires,
test_source_languages, test_guide_web): each engine's own bugs show there (NUL in text was a 500 on
PostgreSQL only, found by the form fuzzers). Running each browser test again on PostgreSQL doubled
chromium's work for nothing the functional tests do not already check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.factories.browser import CHROMIUM, shared_browser, stop_shared_browser
from tests.factories.live import LiveInstance

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.conftest import SharedServers


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


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite in the test's data folder, which the live instance's `tipline init` migrates (the root
    conftest's fixture, without its PostgreSQL parameter)."""
    return f"sqlite:///{tmp_path / 'data' / 'tipline.sqlite'}"


@pytest.fixture
def shared_live_instance(shared_servers: SharedServers) -> LiveInstance:
    """The worker's shared `tipline serve` on SQLite (the root conftest's fixture, one engine)."""
    return shared_servers.on("sqlite")
