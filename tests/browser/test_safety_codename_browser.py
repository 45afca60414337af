"""A Korean-reading source makes a safety codename and later logs in with it (issue 20, part 2).

Debian's chromium with JavaScript off and Tor Browser's uniform `en-US` header (so the page is in
Korean, the instance's default): the safety codename is unfolded from its <details>, ticked and
made with the account; the real account sends a tip and gets a reply; then, as if in front of a
minder, the safety codename logs in to an empty account that shows neither, and the newsroom's API
marks the real source with the day. Screenshots: test-artifacts/screenshots/safety-codename/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.browser import CHROMIUM, SCREENSHOTS, TIMEOUT_MS, api, journalist_token, source_uuids
from tests.factories.live import LiveInstance, unique_username
from tipline.crypto.age import encrypt_bytes
from tipline.db import today

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

TOR_ACCEPT_LANGUAGE = "en-US,en;q=0.5"
TIP = "공장 책임자가 로임을 석 달째 주지 않습니다."
REPLY = "잘 받았습니다. 장부를 더 보내주십시오."


def test_a_korean_source_makes_a_safety_codename_and_logs_in_with_it(
    browser: Browser, shared_live_instance: LiveInstance
) -> None:
    live_instance = shared_live_instance
    token = journalist_token(live_instance, unique_username("reporter"))
    known = source_uuids(live_instance, token)
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": TOR_ACCEPT_LANGUAGE},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page: Page = context.new_page()
    base = live_instance.source_url
    folder = SCREENSHOTS / "safety-codename"
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        assert "ko" == page.get_attribute("html", "lang")
        assert "<script" not in page.content().lower()
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    try:
        # The offer, folded away; unfolded without JavaScript, explained in one sentence.
        page.goto(base + "/")
        page.get_by_role("link", name="암호 받기").click()
        codename = page.locator("p.codename").inner_text().strip()
        expect(page.locator("p.safety-codename")).to_be_hidden()
        page.locator("details.safety summary").click()
        expect(page.locator("details.safety")).to_contain_text(
            "누가 옆에서 지켜보며 들어가라고 시키면 이 둘째 암호를 대신 쓰십시오: 보통처럼 보이는 빈 화면이 열리고, "
            "편집국은 누가 지켜보았다는 것을 알게 됩니다."
        )
        safety = page.locator("p.safety-codename").inner_text().strip()
        assert 9 == len(safety.split())
        assert safety != codename
        page.get_by_label("이 둘째 암호도 외웠습니다: 함께 만들어주십시오").check()
        shoot("01-offer")
        page.get_by_role("button", name="암호를 외웠습니다 — 계속").click()
        assert page.url == base + "/lookup"
        page.locator("details.safety summary").click()
        expect(page.locator("details.safety p.safety-codename")).to_have_text(safety)

        # The real account sends a tip; the newsroom replies to it.
        page.locator("#message").fill(TIP)
        page.get_by_role("button", name="보내기", exact=True).click()
        expect(page.locator("section.arrived")).to_contain_text("고맙습니다.")
        page.get_by_role("button", name="나가기").click()
        # The two accounts this test made (the server is shared with the worker's other tests).
        sources = [s for s in api(live_instance, "/api/v1/sources", token=token)["sources"] if s["uuid"] not in known]
        (real,) = [s for s in sources if s["number_of_submissions"] > 0]
        newsroom = api(live_instance, "/api/v1/", token=token)["newsroom_recipient"]
        armored = encrypt_bytes(REPLY.encode(), [real["age_recipient"], newsroom], armored=True).decode()
        api(live_instance, real["replies_url"], token=token, body={"reply": armored})
        assert all(s["safety_codename_used_on"] is None for s in sources)

        # In front of a minder: the safety codename, typed as the real one would be.
        page.goto(base + "/login")
        page.locator("#codename").fill(safety)
        page.get_by_role("button", name="계속").click()
        assert page.url == base + "/lookup"
        expect(page.locator("main")).to_contain_text("아직 회답이 없습니다. 며칠 뒤에 다시 오십시오.")
        expect(page.locator("article.reply")).to_have_count(0)
        assert REPLY not in page.content()
        assert TIP not in page.content()
        expect(page.locator("details.safety")).to_have_count(0)
        shoot("02-safety-login")
        page.get_by_role("button", name="나가기").click()

        # The newsroom sees the mark on the real source, with the day.
        marked = {s["uuid"]: s for s in api(live_instance, "/api/v1/sources", token=token)["sources"]}
        assert marked[real["uuid"]]["safety_codename_used_on"] == today().isoformat()

        # The real codename still opens the reply.
        page.goto(base + "/login")
        page.locator("#codename").fill(codename)
        page.get_by_role("button", name="계속").click()
        expect(page.locator("article.reply p.text")).to_have_text(REPLY)
        shoot("03-real-login")
    finally:
        context.close()
