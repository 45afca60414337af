"""In Korean, with JavaScript off: an admin enrols a colleague (QR code drawn by the server, a
first code before any login) and deletes a submission through its confirmation page.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pyotp
import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, journalist_token, source_uuids, the_only_source
from tests.factories.browser import log_in as journalist_log_in
from tests.factories.guide import ZBAR, read_qr_codes
from tests.factories.live import LiveInstance, unique_username

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")
def test_korean_enrolment_and_deletion_confirm_without_javascript(
    shared_live_instance: LiveInstance, browser: Browser
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    live_instance = shared_live_instance
    # Names of this test's own: the server is shared with the worker's other tests.
    username, newcomer_name = unique_username("kim"), unique_username("이기자")
    admin = live_instance.add_journalist(username, admin=True)
    # The API's view, to find this test's source among the server's (a colleague's token: kim's
    # one code is for the browser's login).
    token = journalist_token(live_instance, unique_username("colleague"))
    known = source_uuids(live_instance, token)
    instance_host = urlsplit(live_instance.journalist_url).netloc
    requested: list[str] = []

    def log_in(page: Page, username: str, passphrase: str, code: str) -> None:
        journalist_log_in(page, live_instance.journalist_url, username, passphrase, code)

    # A source sends two messages.
    source_context = browser.new_context(java_script_enabled=False)
    source = source_context.new_page()
    source.set_default_timeout(15_000)
    source.goto(live_instance.source_url + "/generate")
    source.get_by_role("button").first.click()
    for text in ("첫 번째 소식입니다.", "이것은 지워야 합니다."):
        source.locator("#message").fill(text)
        source.locator("form[enctype] button[type=submit]").click()
    source_context.close()

    context = browser.new_context(java_script_enabled=False, locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requested.append(request.url))
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    log_in(desk, username, admin["passphrase"], pyotp.TOTP(admin["totp_secret"]).now())
    desk.wait_for_selector("table.sources")

    # Enrolment: the admin adds 이기자; the page shows the QR code and asks for a first code.
    desk.goto(live_instance.journalist_url + "/admin/")
    desk.fill("#new-username", newcomer_name)
    desk.locator("form.add button[type=submit]").click()
    desk.wait_for_selector("section.enrol figure.qr svg")
    desk.screenshot(path=str(SCREENSHOTS / "journalist-enrolment-ko.png"), full_page=True)
    assert "인증 앱으로 이 코드를 찍은 다음" in desk.locator("section.enrol h2").inner_text()
    secret = desk.locator("dd.secret.totp").inner_text().strip()
    passphrase = desk.locator("dd.secret.passphrase").inner_text().strip()
    box = desk.locator("section.enrol figure.qr svg").bounding_box()
    assert box is not None
    assert box["width"] > 100  # drawn at a size a phone can scan
    # What a phone's scanner reads on the screen is the provisioning URI of that secret.
    if ZBAR:
        shot = SCREENSHOTS / "journalist-enrolment-qr.png"
        desk.locator("section.enrol figure.qr").screenshot(path=str(shot))
        uri = pyotp.TOTP(secret).provisioning_uri(name=newcomer_name, issuer_name="Tipline")
        assert [uri] == read_qr_codes(shot)

    # Before the first code, the new account cannot log in.
    newcomer_context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    newcomer = newcomer_context.new_page()
    newcomer.set_default_timeout(15_000)
    # Three codes of three different steps, all inside the server's window: start early in
    # a step, so that no step boundary falls between them (CI met one, and the confirming
    # code fell out of the window).
    if time.time() % 30 > 10:
        time.sleep(30 - time.time() % 30 + 0.5)
    start = time.time()
    log_in(newcomer, newcomer_name, passphrase, pyotp.TOTP(secret).at(start))
    assert "들어가지 못했습니다" in newcomer.content()

    desk.fill("#one_time_code", pyotp.TOTP(secret).at(start - 30))
    desk.locator("form.first-code button[type=submit]").click()
    desk.wait_for_selector("p.flash.success")
    assert f"이제 {newcomer_name}은(는) 들어갈 수 있습니다." in desk.locator("p.flash.success").inner_text()

    log_in(newcomer, newcomer_name, passphrase, pyotp.TOTP(secret).at(start + 30))
    newcomer.wait_for_selector("table.sources")
    newcomer_context.close()

    # Deletion: one click on 지우기 opens the confirmation page; its button deletes.
    desk.goto(live_instance.journalist_url + "/")
    mine = the_only_source(live_instance, token, known)["uuid"]
    desk.locator(f"a.designation[href$='/sources/{mine}']").click()
    desk.wait_for_selector("table.submissions")
    assert 2 == desk.locator("table.submissions tbody tr").count()
    desk.locator("table.submissions a.danger").first.click()
    desk.wait_for_selector("form.delete")
    assert "이 제보를 완전히 지우시겠습니까?" in desk.locator("h1").inner_text()
    desk.screenshot(path=str(SCREENSHOTS / "journalist-delete-confirm-ko.png"), full_page=True)
    desk.locator("form.delete button[type=submit]").click()
    desk.wait_for_selector("p.flash.success")
    assert "제보를 완전히 지웠습니다." in desk.locator("p.flash.success").inner_text()
    assert 1 == desk.locator("table.submissions tbody tr").count()
    context.close()
    # Every request went to the instance itself: the QR code came from no other service.
    assert requested
    assert all(urlsplit(url).netloc == instance_host for url in requested), requested
