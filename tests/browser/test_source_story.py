"""A source's whole story in a real browser with JavaScript off, against a real `tipline serve`.

Debian's chromium, driven by Playwright, on a phone-sized viewport: get a codename, send a
message and a file, log out, log back in, read a journalist's reply, delete it. Every step is
photographed into test-artifacts/screenshots/ so that a person can look at the pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.browser import (
    CHROMIUM,
    SCREENSHOTS,
    TIMEOUT_MS,
    api,
    journalist_token,
    newsroom_identity,
    source_uuids,
    the_only_source,
)
from tests.factories.live import LiveInstance, unique_username
from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.padding import unpad

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (bin/install-system-deps installs it)",
        allow_module_level=True,
    )

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    ViewportSize,
    expect,
)

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
REPLY_TEXT = "We read it. Can you tell us more about the ledger?"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # JavaScript off, as with Tor Browser at "Safest"; a phone-sized screen.
    created = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="en-GB")
    created.set_default_timeout(TIMEOUT_MS)
    yield created
    created.close()


class Story:
    """The browser side of the story: pages seen, requests made, a screenshot per step."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.requests: list[str] = []
        self.html_pages: list[tuple[str, str]] = []
        self.step = 0
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        page.on("request", self._record)

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    def snap(self, label: str) -> None:
        """Screenshot the whole page, and keep its HTML to check for scripts afterwards."""
        self.step += 1
        self.page.screenshot(path=str(self.folder / f"{self.step:02d}-{label}.png"), full_page=True)
        self.html_pages.append((label, self.page.content()))


def test_source_sends_logs_back_in_reads_and_deletes_a_reply(
    shared_live_instance: LiveInstance, context: BrowserContext, tmp_path: Path
) -> None:
    """With JavaScript off, a source completes the whole story and the browser talks only to the instance."""
    live_instance = shared_live_instance
    token = journalist_token(live_instance, unique_username("reporter"))
    known = source_uuids(live_instance, token)
    page = context.new_page()
    story = Story(page, "source-story")
    base = live_instance.source_url

    # Given the front page
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a tip safely")
    story.snap("index")

    # When the source asks for a codename, it is shown once, in words
    page.get_by_role("link", name="Get a codename").click()
    codename = page.locator("p.codename").inner_text().strip()
    assert 7 == len(codename.split())
    story.snap("codename")
    page.get_by_role("button", name=re.compile("continue")).click()
    expect(page.locator("p.flash.success")).to_contain_text("Your account is ready")
    assert page.url == base + "/lookup"
    story.snap("account-ready")

    # When the source sends a message and a file
    evidence = tmp_path / "ledger.pdf"
    evidence.write_bytes(b"%PDF-1.4 the ledger of bribes\n" * 100)
    page.locator("#message").fill("The officer takes bribes. The ledger is attached.")
    page.locator("#files").set_input_files(evidence)
    story.snap("filled-in")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("p.flash.success")).to_contain_text("The newsroom has received what you sent")
    story.snap("sent")

    # When the source logs out and back in by typing the codename
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are logged out")
    story.snap("logged-out")
    page.goto(base + "/")
    page.get_by_role("link", name="Log in with your codename").click()
    page.locator("#codename").fill(codename)
    story.snap("login")
    page.get_by_role("button", name="Continue").click()
    assert page.url == base + "/lookup"
    expect(page.locator("main")).to_contain_text("No replies yet")
    story.snap("no-reply-yet")

    # Then the newsroom has the message and the file, and a journalist replies
    source = the_only_source(live_instance, token, known)
    listing = api(live_instance, source["submissions_url"], token=token)
    identity = newsroom_identity(live_instance)
    received = {
        unpad(decrypt_bytes(api(live_instance, item["download_url"], token=token), [identity]))
        for item in listing["submissions"]
    }
    assert {b"The officer takes bribes. The ledger is attached.", evidence.read_bytes()} == received
    newsroom_recipient = api(live_instance, "/api/v1/", token=token)["newsroom_recipient"]
    armored = encrypt_bytes(REPLY_TEXT.encode(), [source["age_recipient"], newsroom_recipient], armored=True).decode()
    stored = api(live_instance, source["replies_url"], token=token, body={"reply": armored})
    assert "uuid" in stored

    # When the source reloads, the reply is readable; deleting it removes it for good
    page.reload()
    expect(page.locator("article.reply p.text")).to_have_text(REPLY_TEXT)
    story.snap("reply")
    # Without JavaScript there is no confirm() dialog: the link asks on a page of its own.
    page.get_by_role("link", name="Delete this reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this reply?")
    story.snap("reply-delete-asks")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator("p.flash.success")).to_contain_text("deleted for good")
    expect(page.locator("article.reply")).to_have_count(0)
    assert REPLY_TEXT not in page.content()
    story.snap("reply-deleted")
    page.reload()
    assert REPLY_TEXT not in page.content()

    # And, seen from the browser: only the instance was contacted, ...
    assert story.requests, "no request was recorded"
    assert [] == [url for url in story.requests if not url.startswith(base + "/")]
    # ... no page carries a script, ...
    assert [] == [label for label, html in story.html_pages if "<script" in html.lower()]
    # ... and every cookie dies with the browser session (no expiry), out of reach of scripts.
    cookies = context.cookies()
    assert cookies
    assert [] == [c["name"] for c in cookies if c["expires"] != -1]
    assert all(c["httpOnly"] and "Strict" == c["sameSite"] for c in cookies)
