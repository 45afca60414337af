"""Every source page in every language, in Debian's chromium on a phone-sized screen.

Screenshots go to test-artifacts/screenshots/ (look at them: Hangul and Han must not show as
boxes, which they do without fonts-noto-cjk). JavaScript is off, as in Tor Browser's "Safest".
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, shared_browser
from tests.factories.live import LiveInstance

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LANGUAGES = ["ko", "en", "ru", "zh_Hans"]


# The browser's own interface language: it writes the file picker's button ("파일 선택"), which
# no page can translate. Debian's chromium-l10n provides these (else the picker stays English).
BROWSER_LANGUAGES = {"ko": "ko", "en": "en-US", "ru": "ru", "zh_Hans": "zh-CN"}


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[object]:
    if not Path(CHROMIUM).exists() or not shutil.which("fc-list"):
        pytest.skip("Debian chromium (and fontconfig) not installed: run `make system-deps`")

    ui_language = BROWSER_LANGUAGES[request.node.callspec.params["language"]]
    environment = {**os.environ, "LANGUAGE": ui_language.replace("-", "_")}
    with shared_browser(f"--lang={ui_language}", env=environment) as launched:
        yield launched


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_page_renders_on_a_phone(
    browser: object, shared_live_instance: LiveInstance, language: str
) -> None:
    """On the worker's shared server (tests/conftest.py): each run makes a source of its own and
    looks only at the pages it is shown."""
    from playwright.sync_api import Browser, Page

    assert isinstance(browser, Browser)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Tor Browser's uniform header: the page language comes from the switcher alone.
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, extra_http_headers={"Accept-Language": "en-US,en;q=0.5"}
    )
    context.set_default_timeout(15_000)
    page: Page = context.new_page()
    base = shared_live_instance.source_url
    shots: dict[str, int] = {}

    def shoot(name: str) -> None:
        assert language.replace("_", "-") == page.get_attribute("html", "lang")
        # Nothing wider than the phone: no sideways scrolling.
        assert PHONE["width"] >= page.evaluate("document.documentElement.scrollWidth")
        path = SCREENSHOTS / f"{language}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots[name] = path.stat().st_size

    try:
        page.goto(f"{base}/?l={language}")
        shoot("1-index")
        page.click("a[href$='/generate']")
        shoot("2-generate")
        page.click("form[action$='/create'] button")
        shoot("3-lookup-ready")
        page.click("form[action$='/submit'] button")
        shoot("4-submit-empty")
        page.fill("#message", "제보 / сообщение / 消息")
        page.click("form[action$='/submit'] button")
        shoot("5-submit-thanks")
        page.click("form.logout button")
        shoot("6-logged-out")
        # Logging out forgets everything but the language (a Russian reader stays Russian).
        page.goto(f"{base}/login")
        page.fill("#codename", "틀린 암호")
        page.click("form[action$='/login'] button")
        shoot("7-login-wrong")
        page.goto(f"{base}/no-such-page")
        shoot("8-not-found")
    finally:
        context.close()
    assert 8 == len(shots)
