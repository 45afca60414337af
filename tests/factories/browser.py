"""Debian's chromium, as every browser test launches it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

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


# One chromium per process (per xdist worker), launched on first use and relaunched only when a
# test asks for other arguments: starting Playwright's driver and chromium costs seconds of CPU,
# paid before by every browser test. Each test still gets fresh contexts (cookies, storage and
# cache are per context), closed when it is done. tests/browser/conftest.py stops it at the end.
_playwright: Playwright | None = None
_shared: tuple[tuple[object, ...], Browser] | None = None


@contextmanager
def shared_browser(*extra_args: str, env: Mapping[str, str] | None = None) -> Iterator[Browser]:
    """Debian's chromium with CHROMIUM_ARGS (and ``extra_args``, ``env``); the contexts the
    caller opens are closed on the way out."""
    global _playwright, _shared  # noqa: PLW0603  (one browser per worker process)
    from playwright.sync_api import sync_playwright

    if _playwright is None:
        _playwright = sync_playwright().start()
    key = (extra_args, tuple(sorted((env or {}).items())))
    if _shared is None or _shared[0] != key or not _shared[1].is_connected():
        if _shared is not None:
            _shared[1].close()
        launched = _playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], env=env, timeout=30_000
        )
        _shared = (key, launched)
    browser = _shared[1]
    before = list(browser.contexts)
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if context not in before:
                context.close()


def stop_shared_browser() -> None:
    global _playwright, _shared  # noqa: PLW0603
    if _shared is not None:
        _shared[1].close()
        _shared = None
    if _playwright is not None:
        _playwright.stop()
        _playwright = None
