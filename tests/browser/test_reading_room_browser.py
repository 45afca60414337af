"""The reading room (`tipline desk ui`) in Debian's chromium, JavaScript off as it needs none: a
Korean conversation with a colleague's reply, a NOT CLEANED file flagged and not previewed, a
hostile filename and a `<script>` message shown as text, and a reply written in the browser.
The pages are screenshotted into test-artifacts/screenshots/; with TIPLINE_UPDATE_DOC_IMAGES=1 the
conversation also becomes docs/images/reading-room.png, the picture in docs/desk.md."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import reading_room as room
from tests.factories.browser import CHROMIUM, SCREENSHOTS, shared_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def test_the_reading_room_in_a_browser(tmp_path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    built = room.build(tmp_path / "desk")
    with room.serving(built.desk.root) as url, shared_browser() as browser:
        context = browser.new_context(
            java_script_enabled=False, locale="ko-KR", viewport={"width": 1100, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url + "?l=ko")

        # Sources: the most recent activity first, the NOT CLEANED warning on its row
        rows = page.locator("table.sources tbody tr")
        assert room.KOREAN == rows.nth(0).locator("a.designation").inner_text()
        assert "NOT CLEANED" in rows.nth(1).inner_text()
        page.screenshot(path=str(SCREENSHOTS / "reading-room-sources.png"), full_page=True)

        # A Korean conversation, readable, with a colleague's reply decrypted on the desk
        page.get_by_role("link", name=room.KOREAN).click()
        page.wait_for_selector("ol.conversation")
        # The stylesheet too: a message's line breaks are kept by its `white-space: pre-wrap`, and
        # innerText read before the style applies folds them into spaces.
        page.wait_for_load_state("load")
        messages = page.locator("li.from-source .message").all_inner_texts()
        assert room.KOREAN_MESSAGE == messages[0]
        reply = page.locator("li.reply").first
        assert room.KOREAN_REPLY == reply.locator(".message").inner_text()
        assert f"{room.COLLEAGUE}의 회답" in reply.inner_text()
        # And a colleague's note, decrypted on the desk, its markup as text
        note = page.locator("li.note").first
        assert room.KOREAN_NOTE == note.locator(".message").inner_text()
        assert f"{room.COLLEAGUE}의 메모" in note.inner_text()
        # An image only from its cleaned copy, with what its cleaning removed
        image = page.locator("img.preview")
        if image.count():
            assert "photo.cleaned.jpg" in (image.get_attribute("alt") or "")
            assert image.evaluate("img => img.naturalWidth") > 0
            assert "SN-4417-TIPLINE" in page.locator("ul.mattered").first.inner_text()

        # A reply written in the browser: encrypted on the desk, queued in the outbox
        page.fill("#message", "고맙습니다. 어느 항구입니까?")
        page.get_by_role("button").click()
        page.wait_for_selector("p.flash.success")
        assert "고맙습니다. 어느 항구입니까?" in page.locator("li.reply.own").last.inner_text()
        assert 1 == len(list((built.desk.root / "outbox").glob("*.json")))
        page.locator("li.reply.own").last.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "reading-room-conversation.png"), full_page=True)

        # Hostile text and names: shown as text, nothing runs, nothing is injected
        page.goto(url + f"source/{built.hostile_uuid}?l=en")
        assert room.SCRIPT_MESSAGE == page.locator("li.from-source .message").first.inner_text()
        assert "pwned" != page.title()
        assert 0 == page.locator("main img").count()
        names = page.locator(".file .name").all_inner_texts()
        assert any("onerror=alert(1)" in name for name in names)
        assert "<script>alert(2)</script>" in page.locator(".file-text").inner_text()

        # The file that could not be cleaned: flagged, neither previewed nor offered
        flagged = page.locator(".file.not-cleaned")
        assert 1 == flagged.count()
        assert room.UNCLEANABLE in flagged.inner_text()
        assert "NOT CLEANED" in flagged.inner_text()
        assert 0 == flagged.locator("a, img").count()
        assert "NOT CLEANED" in page.locator("p.not-cleaned.warning").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "reading-room-hostile.png"), full_page=True)
        context.close()
    if os.environ.get("TIPLINE_UPDATE_DOC_IMAGES") == "1":  # docs/desk.md's picture, made by this test
        DOCS_IMAGES.mkdir(exist_ok=True)
        shutil.copyfile(SCREENSHOTS / "reading-room-conversation.png", DOCS_IMAGES / "reading-room.png")
