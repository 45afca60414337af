"""A journalist logs in with TOTP in a real browser, replies to a source, and the source reads the
reply in a JavaScript-disabled browser context. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pyotp
import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, fill_login, journalist_token, source_uuids, the_only_source
from tests.factories.live import LiveInstance, unique_username

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")
def test_journalist_replies_and_source_reads_it_without_javascript(
    shared_live_instance: LiveInstance, browser: Browser
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    live_instance = shared_live_instance
    username = unique_username("kim")
    credentials = live_instance.add_journalist(username, admin=True)
    # The API's view, to find this test's source among the shared server's (a colleague's token:
    # kim's one code is for the browser's login).
    token = journalist_token(live_instance, unique_username("colleague"))
    known = source_uuids(live_instance, token)
    reply_text = "Thank you. We read your message. Are you safe to talk next week?"

    # Given a source who wrote in, with JavaScript off as Tor Browser "Safest" would have it
    source_context = browser.new_context(java_script_enabled=False)
    source = source_context.new_page()
    source.set_default_timeout(15_000)
    source.goto(live_instance.source_url + "/generate")
    codename = source.locator("p.codename").inner_text().strip()
    source.get_by_role("button").first.click()
    source.locator("#message").fill("The trading company in Dandong pays the officers.")
    source.locator("form[enctype] button[type=submit]").click()
    source_context.close()

    # When a journalist logs in with passphrase and TOTP and replies
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    desk.set_default_timeout(15_000)
    code = pyotp.TOTP(credentials["totp_secret"]).now()
    fill_login(desk, live_instance.journalist_url, username, credentials["passphrase"], code)
    desk.screenshot(path=str(SCREENSHOTS / "journalist-login.png"))
    desk.get_by_role("button", name="Log in").click()
    desk.wait_for_selector("table.sources")
    desk.screenshot(path=str(SCREENSHOTS / "journalist-sources.png"), full_page=True)
    mine = the_only_source(live_instance, token, known)["uuid"]
    desk.locator(f"a.designation[href$='/sources/{mine}']").click()
    desk.fill("#message", reply_text)
    desk.get_by_role("button", name="Send reply").click()
    desk.wait_for_selector("p.flash.success")
    desk.screenshot(path=str(SCREENSHOTS / "journalist-source-page.png"), full_page=True)
    assert 1 == desk.locator("ul.replies li").count()
    desk_context.close()

    # Then the source, logging back in without JavaScript, reads the reply
    source_context = browser.new_context(java_script_enabled=False)
    source = source_context.new_page()
    source.set_default_timeout(15_000)
    source.goto(live_instance.source_url + "/login")
    source.fill("#codename", codename)
    source.get_by_role("button", name="Continue").click()
    source.wait_for_selector("article.reply")
    source.screenshot(path=str(SCREENSHOTS / "source-reads-reply.png"), full_page=True)
    assert reply_text == source.locator("article.reply p.text").inner_text().strip()
    source_context.close()
