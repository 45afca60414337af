"""A journalist registers a security key (a virtual WebAuthn authenticator in chromium) and then
logs in with passphrase + key instead of a TOTP code. The page's JavaScript runs under the CSP."""

from __future__ import annotations

import shutil
import time

import pyotp
import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, log_in, shared_browser
from tests.factories.live import LiveInstance, unique_username

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")
def test_register_a_security_key_and_log_in_with_it(shared_live_instance: LiveInstance) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    username = unique_username("lee")
    credentials = shared_live_instance.add_journalist(username)
    # WebAuthn needs a host name as relying party ID, not an IP address.
    base = shared_live_instance.journalist_url.replace("127.0.0.1", "localhost")
    console_errors: list[str] = []

    with shared_browser("--host-resolver-rules=MAP localhost 127.0.0.1") as browser:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "usb",
                    "hasResidentKey": False,
                    "hasUserVerification": False,
                    "automaticPresenceSimulation": True,
                }
            },
        )

        # Given a journalist logged in with TOTP who registers a key
        log_in(page, base, username, credentials["passphrase"], pyotp.TOTP(credentials["totp_secret"]).now())
        page.wait_for_selector("table.sources")
        page.goto(base + "/account/keys")
        page.fill("#key-name", "blue key")
        page.fill("#key-passphrase", credentials["passphrase"])
        # The login spent the current code; adding a key needs an unused one (the next step's).
        totp = pyotp.TOTP(credentials["totp_secret"])
        page.fill("#key-code", totp.at(time.time() + totp.interval))
        page.get_by_role("button", name="Add a security key").click()
        page.wait_for_selector("text=Registered keys: 1")
        assert "blue key" == page.locator("table.keys td").first.inner_text()
        page.get_by_role("button", name="Log out").click()

        # When they log in with passphrase and the key, and no code
        page.goto(base + "/login/key")
        page.fill("#username", username)
        page.fill("#passphrase", credentials["passphrase"])
        page.get_by_role("button", name="Continue").click()
        page.wait_for_selector("#use-key")
        page.wait_for_load_state("load")
        page.screenshot(path=str(SCREENSHOTS / "journalist-security-key.png"))
        page.get_by_role("button", name="Use my security key").click()

        # Then they are in
        page.wait_for_selector("table.sources, #webauthn-status:not([hidden])")
        assert page.locator("table.sources").count(), page.locator("#webauthn-status").inner_text()
        assert username == page.locator("span.who").inner_text()

        # And they remove the key without JavaScript: a link, a confirmation, a form
        page.goto(base + "/account/keys")
        page.get_by_role("link", name="Remove").click()
        page.get_by_role("button", name="Remove").click()
        page.wait_for_selector("text=Registered keys: 0")
        context.close()
    assert [] == [e for e in console_errors if "Content Security Policy" in e]
