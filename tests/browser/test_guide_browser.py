"""A Korean reader finds the guide from the home page, in Debian's chromium with JavaScript off.

On a 390 px phone screen against a real `tipline serve`: the guide opens from the home page's link,
is in Korean, shows the address as text and as a QR code that fits the screen, runs no script and
makes no request anywhere but the instance. Screenshots: test-artifacts/screenshots/guide-browser/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, shared_browser
from tests.factories.guide import fresh_onion_address
from tests.factories.live import LiveInstance, prepare_instance, serve
from tipline.guide.build import guide_for

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (bin/install-system-deps installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Request, ViewportSize

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
TIMEOUT_MS = 20_000


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[tuple[LiveInstance, str]]:
    address = fresh_onion_address()
    live = serve(prepare_instance(tmp_path / "live", settings_overrides={"source_onion_address": address}))
    yield live, address
    live.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with shared_browser() as launched:
        yield launched


def test_a_korean_reader_opens_the_guide_from_the_home_page(
    instance: tuple[LiveInstance, str], browser: Browser
) -> None:
    live, address = instance
    _locale, text = guide_for("ko")
    folder = SCREENSHOTS / "guide-browser"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    try:
        page = context.new_page()
        page.on("request", record)
        # Given the home page in Korean
        page.goto(live.source_url + "/?l=ko")
        # When the reader follows the guide link
        page.get_by_role("link", name="Tor가 처음이거나 막혀 있습니까? 안내서를 읽으십시오.").click()
        page.wait_for_url("**/guide")

        # Then the guide is there, in Korean, with the address as text and as a QR code on screen
        page.screenshot(path=str(folder / "01-guide-ko.png"), full_page=True)
        assert text.title == page.locator("h1").inner_text()
        assert page.locator("html").get_attribute("lang") == "ko"
        assert address == page.locator(".onion").inner_text().strip()
        body = page.locator("body").inner_text()
        for section in text.sections:
            assert section.heading in body
        qr = page.locator(".qr svg")
        assert qr.is_visible()
        box = qr.bounding_box()
        assert box is not None
        assert box["width"] >= 150, box  # big enough to scan from the screen
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], box
        # The address wraps inside the screen: nothing sticks out sideways
        address_box = page.locator(".onion").bounding_box()
        assert address_box is not None
        assert address_box["x"] + address_box["width"] <= PHONE["width"], address_box
        assert "<script" not in page.content().lower()

        # And the wallet card opens from the guide
        page.get_by_role("link", name=text.card_link).click()
        page.wait_for_url("**/guide/card")
        page.screenshot(path=str(folder / "02-card-ko.png"), full_page=True)
        assert text.card_title == page.locator("h1").inner_text()
        assert 3 == page.locator("ol li").count()
        assert page.locator(".qr svg").is_visible()
        assert "<script" not in page.content().lower()
    finally:
        context.close()

    # Every request went to the instance: the page, its stylesheet, nothing else
    instance_host = urlsplit(live.source_url).netloc
    assert requests
    assert [] == [url for url in requests if urlsplit(url).netloc != instance_host]
    assert any(url.endswith("/guide/guide.css") for url in requests)
