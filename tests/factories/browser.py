"""Debian's chromium, as every browser test launches it, and what the browser tests share: the
journalist API of a live instance, a journalist's token, the web login."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyotp

from tests.factories.live import LiveInstance

if TYPE_CHECKING:  # playwright is imported by the browser tests only (a lean venv lacks it)
    from playwright.sync_api import Page

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


def submissions_of_the_only_source(instance: LiveInstance, token: str) -> list[dict[str, Any]]:
    """The API's list of submissions of the one source the instance has."""
    (source,) = api(instance, "/api/v1/sources", token=token)["sources"]
    listing: list[dict[str, Any]] = api(instance, source["submissions_url"], token=token)["submissions"]
    return listing
