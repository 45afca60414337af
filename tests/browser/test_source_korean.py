"""A Korean-reading source, as a North Korean worker abroad would meet the tip line (issue 14).

Debian's chromium with JavaScript off and Tor Browser's uniform `en-US` header, on a 390 px phone
and at desktop width: the codename typed into a text field, /generate while logged in, the codename
seen again behind <details>, the idle limit and sizes on the form, a message typed into a session
that ended and sent after the codename is typed again, the summary of what arrived (once), a reply
above the form, deleted after a confirmation page, and language links after a failed POST.
Screenshots: test-artifacts/screenshots/source-korean-<width>/.
"""

from __future__ import annotations

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
    submissions_of_the_only_source,
    the_only_source,
)
from tests.factories.live import LiveInstance, unique_username
from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.padding import unpad
from tipline.web.source.app import MAX_FILES_PER_SUBMISSION

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

from playwright.sync_api import Browser, Page, ViewportSize, expect

pytestmark = pytest.mark.browser

WIDTHS: dict[str, ViewportSize] = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
TOR_ACCEPT_LANGUAGE = "en-US,en;q=0.5"
# What the source sees in place of a cookie that names a session the server no longer has.
ENDED_SESSION = "an-ended-session.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
FIRST = "공장 책임자가 로임을 석 달째 주지 않습니다. 장부를 보냅니다."
LATE = "늦게 쓴 글: 기숙사 문은 밤 열 시에 잠급니다."
REPLY = "잘 받았습니다. 장부의 날짜를 더 알려주실 수 있습니까?"


def newsroom_received(instance: LiveInstance, token: str, known: set[str]) -> set[bytes]:
    identity = newsroom_identity(instance)
    listing = submissions_of_the_only_source(instance, token, known)
    return {unpad(decrypt_bytes(api(instance, item["download_url"], token=token), [identity])) for item in listing}


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_korean_source_never_loses_what_was_typed(
    browser: Browser, shared_live_instance: LiveInstance, tmp_path: Path, width: str
) -> None:
    live_instance = shared_live_instance
    token = journalist_token(live_instance, unique_username("reporter"))
    known = source_uuids(live_instance, token)
    viewport = WIDTHS[width]
    context = browser.new_context(
        java_script_enabled=False, viewport=viewport, extra_http_headers={"Accept-Language": TOR_ACCEPT_LANGUAGE}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page: Page = context.new_page()
    base = live_instance.source_url
    folder = SCREENSHOTS / f"source-korean-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    shots: list[str] = []

    def shoot(name: str) -> None:
        assert "ko" == page.get_attribute("html", "lang")
        assert "<script" not in page.content().lower()
        assert viewport["width"] >= page.evaluate("document.documentElement.scrollWidth")  # no sideways scroll
        page.screenshot(path=str(folder / f"{len(shots) + 1:02d}-{name}.png"), full_page=True)
        shots.append(name)

    try:
        # A codename, in Korean by default (Tor Browser's header says nothing about the reader).
        page.goto(base + "/")
        expect(page.locator("main")).to_contain_text("암호는 자기만 아는 낱말 몇 개입니다.")
        page.get_by_role("link", name="암호 받기").click()
        codename = page.locator("p.codename").inner_text().strip()
        assert 9 == len(codename.split())  # Tipline's Korean list: 1,798 words, 9 words = 97 bits
        shoot("codename")
        page.get_by_role("button", name="암호를 외웠습니다 — 계속").click()
        assert page.url == base + "/lookup"

        # Back to /generate (the Back button, a bookmark): the same identity's form, no new codename.
        page.goto(base + "/generate")
        assert page.url == base + "/lookup"
        # The codename once more, behind <details> (opened without JavaScript).
        expect(page.locator("details.again p.codename")).to_be_hidden()
        page.locator("details.again summary").click()
        expect(page.locator("details.again p.codename")).to_have_text(codename)
        shoot("codename-again")

        # The form states the idle limit and the sizes before anything is sent.
        form_text = page.locator("form[action$='/submit']").inner_text()
        assert "약 120분 동안 아무것도 보내지 않으면" in form_text
        assert (
            f"한 번에 사진, 문서 {MAX_FILES_PER_SUBMISSION}개까지, 모두 합쳐 2,048메가바이트까지 보낼 수 있습니다."
            in form_text
        )

        # Sending: the summary of what arrived, once.
        ledger = tmp_path / "장부.pdf"
        ledger.write_bytes(b"%PDF-1.4 ledger\n" * 200)
        page.locator("#message").fill(FIRST)
        page.locator("#files").set_input_files(ledger)
        page.get_by_role("button", name="보내기", exact=True).click()
        arrived = page.locator("section.arrived")
        expect(arrived).to_contain_text("고맙습니다.")
        expect(arrived).to_contain_text(f"글 하나 ({len(FIRST)}자)")
        expect(arrived).to_contain_text("사진, 문서 1개:")
        expect(arrived).to_contain_text("장부.pdf — 3킬로바이트")
        shoot("what-arrived")
        page.reload()
        expect(page.locator("section.arrived")).to_have_count(0)

        # The session ends while the source writes; the text comes back, the file cannot.
        page.locator("#message").fill(LATE)
        page.locator("#files").set_input_files(ledger)
        context.add_cookies([{"name": "tipline_source", "value": ENDED_SESSION, "url": base}])
        page.get_by_role("button", name="보내기", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("다시 들어가야 합니다")
        expect(page.locator("#message")).to_have_value(LATE)
        expect(page.locator("main")).to_contain_text("고른 사진과 문서는 되살릴 수 없습니다.")
        assert "text" == page.get_attribute("#codename", "type")
        shoot("session-ended")
        page.locator("#codename").fill(codename.replace(" ", ""))  # spaces left out, as on a phone
        page.get_by_role("button", name="보내기", exact=True).click()
        assert page.url == base + "/lookup"
        expect(page.locator("section.arrived")).to_contain_text(f"글 하나 ({len(LATE)}자)")
        shoot("sent-after-codename")

        # The newsroom has both messages and the file; it replies.
        assert {FIRST.encode(), LATE.encode(), ledger.read_bytes()} == newsroom_received(live_instance, token, known)
        source = the_only_source(live_instance, token, known)
        newsroom = api(live_instance, "/api/v1/", token=token)["newsroom_recipient"]
        armored = encrypt_bytes(REPLY.encode(), [source["age_recipient"], newsroom], armored=True).decode()
        api(live_instance, source["replies_url"], token=token, body={"reply": armored})

        # The reply comes first, above the form; deleting it asks first.
        page.goto(base + "/lookup")
        reply_box = page.locator("article.reply").bounding_box()
        form_box = page.locator("form[action$='/submit']").bounding_box()
        assert reply_box is not None
        assert form_box is not None
        assert reply_box["y"] < form_box["y"]
        if width == "phone":
            assert reply_box["y"] < viewport["height"]  # above the fold
        expect(page.locator("main")).to_contain_text("회답은 읽은 다음 지우십시오.")
        shoot("reply-first")
        page.get_by_role("link", name="이 회답 지우기").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("이 회답을 지우겠습니까?")
        shoot("delete-asks")
        page.get_by_role("link", name="지우지 않고 남겨두기").click()
        expect(page.locator("article.reply p.text")).to_have_text(REPLY)
        page.get_by_role("link", name="이 회답 지우기").click()
        page.get_by_role("button", name="예, 지웁니다").click()
        expect(page.locator("p.flash.success")).to_contain_text("회답을 완전히 지웠습니다.")
        expect(page.locator("article.reply")).to_have_count(0)

        # Logged out, a wrong codename; the language link on that answer to a POST works.
        page.get_by_role("button", name="나가기").click()
        page.goto(base + "/login")
        page.locator("#codename").fill("틀린 암호")
        page.get_by_role("button", name="계속").click()
        expect(page.locator("p.flash.error")).to_contain_text("암호가 맞지 않습니다.")
        shoot("login-wrong")
        page.get_by_role("link", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    finally:
        context.close()
    assert 8 == len(shots)
