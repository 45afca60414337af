"""Debian's chromium, as every browser test launches it, and what the browser tests share: the
journalist API of a live instance, a journalist's token, the web login."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyotp

from tests.factories.live import LiveInstance

if TYPE_CHECKING:  # playwright is imported by the browser tests only (a lean venv lacks it)
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
# Chromium as root, offline: without the networking flags it calls Google at start-up, and this
# machine's closed network flags any such traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Every wait of a browser test, and the launch.
TIMEOUT_MS = 15_000


def api(instance: LiveInstance, path: str, *, token: str | None, body: Any = None, method: str = "") -> Any:
    """The journalist API of a live instance, as a desk would call it: JSON decoded, or the bytes
    of a download."""
    request = urllib.request.Request(
        instance.journalist_url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": f"Token {token}"} if token else {})},
        method=method or None,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response) if response.headers.get_content_type() == "application/json" else response.read()


def journalist_token(instance: LiveInstance, username: str = "reporter", *, admin: bool = False) -> str:
    """A new journalist's API token, logged in with passphrase and TOTP."""
    created = instance.add_journalist(username, admin=admin)
    code = pyotp.TOTP(created["totp_secret"]).now()
    body = {"username": username, "passphrase": created["passphrase"], "one_time_code": code}
    return str(api(instance, "/api/v1/token", token=None, body=body)["token"])


def fill_login(page: Page, journalist_url: str, username: str, passphrase: str, code: str) -> None:
    """The journalist login form, filled and not sent (a test may look at it first)."""
    page.goto(journalist_url + "/login")
    page.fill("#username", username)
    page.fill("#passphrase", passphrase)
    page.fill("#one_time_code", code)


def log_in(page: Page, journalist_url: str, username: str, passphrase: str, code: str) -> None:
    """A journalist logs in on the web with passphrase and TOTP code."""
    fill_login(page, journalist_url, username, passphrase, code)
    page.locator("form button[type=submit]").first.click()


def newsroom_identity(instance: LiveInstance) -> str:
    """The newsroom's age identity, as `tipline init` wrote it (a desk would hold it offline)."""
    lines = (instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def source_uuids(instance: LiveInstance, token: str) -> set[str]:
    """The uuids of the sources the journalist API lists now."""
    return {source["uuid"] for source in api(instance, "/api/v1/sources", token=token)["sources"]}


def the_only_source(instance: LiveInstance, token: str, known: Collection[str] = ()) -> dict[str, Any]:
    """The one source the API lists besides those in ``known``: on a server shared with other tests
    (``shared_live_instance``), the source a test made, told apart by what was listed before."""
    (source,) = [s for s in api(instance, "/api/v1/sources", token=token)["sources"] if s["uuid"] not in known]
    return dict(source)


def submissions_of_the_only_source(
    instance: LiveInstance, token: str, known: Collection[str] = ()
) -> list[dict[str, Any]]:
    """The API's list of submissions of the one source the instance has (besides ``known``)."""
    source = the_only_source(instance, token, known)
    listing: list[dict[str, Any]] = api(instance, source["submissions_url"], token=token)["submissions"]
    return listing


# Chromium per process (per xdist worker), launched on first use and kept: starting Playwright's
# driver and chromium costs seconds of CPU, paid before by every browser test. A test that asks
# for other arguments (a browser language, a host rule) gets a chromium of its own launched with
# them, kept too, so that tests alternating between two sets of arguments (the screenshots, one
# per language and engine) do not relaunch at each test; at most KEEP_BROWSERS stay open. Each
# test still gets fresh contexts (cookies, storage and cache are per context), closed when it is
# done. tests/browser/conftest.py stops them at the end.
KEEP_BROWSERS = 4
_playwright: Playwright | None = None
_shared: dict[tuple[object, ...], Browser] = {}


@contextmanager
def shared_browser(*extra_args: str, env: Mapping[str, str] | None = None) -> Iterator[Browser]:
    """Debian's chromium with CHROMIUM_ARGS (and ``extra_args``, ``env``); the contexts the
    caller opens are closed on the way out."""
    global _playwright  # noqa: PLW0603  (one Playwright per worker process)
    from playwright.sync_api import sync_playwright

    if _playwright is None:
        _playwright = sync_playwright().start()
    key = (extra_args, tuple(sorted((env or {}).items())))
    browser = _shared.pop(key, None)
    if browser is not None and not browser.is_connected():
        browser = None
    if browser is None:
        while len(_shared) >= KEEP_BROWSERS:
            _shared.pop(next(iter(_shared))).close()  # the least recently used
        browser = _playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], env=env, timeout=TIMEOUT_MS
        )
    _shared[key] = browser  # most recently used last
    before = list(browser.contexts)
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if context not in before:
                context.close()


def stop_shared_browser() -> None:
    global _playwright  # noqa: PLW0603
    while _shared:
        _shared.popitem()[1].close()
    if _playwright is not None:
        _playwright.stop()
        _playwright = None
