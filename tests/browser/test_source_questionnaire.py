"""The questionnaire in a Korean source's browser (issue 14, guided submission): JavaScript off,
Tor Browser's uniform header, a 390 px phone. The default Korean questions above the message, each
kind answered with plain controls, the summary of what arrived, then a question the newsroom made
required: refused with every answer and the message kept, and sent once answered. The answers reach
the newsroom inside the encrypted manifest. Screenshots: test-artifacts/screenshots/source-questionnaire/.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.browser.test_source_korean import TOR_ACCEPT_LANGUAGE
from tests.factories.browser import CHROMIUM, SCREENSHOTS, shared_browser
from tests.factories.live import LiveInstance
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.questionnaires.defaults import DEFAULTS
from tipline.questionnaires.form import questions_json
from tipline.submissions.manifest import Manifest

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
WHAT = "기숙사에서 사람들이 밤마다 끌려갑니다."
WHERE = "로씨야 극동 어느 건설장"
MESSAGE = "다음에 더 보내겠습니다."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with shared_browser() as launched:
        yield launched


def api(instance: LiveInstance, path: str, *, token: str | None, body: Any = None, method: str = "") -> Any:
    request = urllib.request.Request(
        instance.journalist_url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": f"Token {token}"} if token else {})},
        method=method or None,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response) if response.headers.get_content_type() == "application/json" else response.read()


def token_of(instance: LiveInstance, username: str, *, admin: bool = False) -> str:
    created = instance.add_journalist(username, admin=admin)
    code = pyotp.TOTP(created["totp_secret"]).now()
    body = {"username": username, "passphrase": created["passphrase"], "one_time_code": code}
    return str(api(instance, "/api/v1/token", token=None, body=body)["token"])


def received_manifests(instance: LiveInstance, token: str) -> list[Manifest]:
    lines = (instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
    identity = next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))
    (source,) = api(instance, "/api/v1/sources", token=token)["sources"]
    listing = api(instance, source["submissions_url"], token=token)["submissions"]
    urls = sorted({item["manifest_url"] for item in listing})
    return [Manifest.from_json(unpad(decrypt_bytes(api(instance, url, token=token), [identity]))) for url in urls]


def test_a_korean_source_answers_the_questionnaire_on_a_phone_without_javascript(
    browser: Browser, live_instance: LiveInstance
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, extra_http_headers={"Accept-Language": TOR_ACCEPT_LANGUAGE}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page: Page = context.new_page()
    base = live_instance.source_url
    folder = SCREENSHOTS / "source-questionnaire"
    folder.mkdir(parents=True, exist_ok=True)
    shots: list[str] = []
    questions = [q.text for q in DEFAULTS["ko"]]

    def shoot(name: str) -> None:
        assert "ko" == page.get_attribute("html", "lang")
        assert "<script" not in page.content().lower()
        assert PHONE["width"] >= page.evaluate("document.documentElement.scrollWidth")  # no sideways scroll
        page.screenshot(path=str(folder / f"{len(shots) + 1:02d}-{name}.png"), full_page=True)
        shots.append(name)

    try:
        page.goto(base + "/generate")
        page.get_by_role("button", name="암호를 외웠습니다 — 계속").click()
        assert page.url == base + "/lookup"

        # The questions, in Korean, above the message box.
        questionnaire = page.locator("fieldset.questionnaire")
        expect(questionnaire).to_contain_text("자기 이름이나 자기가 누구인지 알 수 있는 것은 쓰지 마십시오.")
        box, message = questionnaire.bounding_box(), page.locator("#message").bounding_box()
        assert box is not None
        assert message is not None
        assert box["y"] + box["height"] <= message["y"]
        shoot("questions")

        # Each kind answered with a plain control: text, text, a day, one of a list, yes or no.
        page.get_by_label(questions[0]).fill(WHAT)
        page.get_by_label(questions[1]).fill(WHERE)
        page.get_by_label(questions[2]).fill("2026-11-02")
        page.get_by_role("group", name=questions[3]).get_by_label("몇 사람이 압니다").check()
        page.get_by_role("group", name=questions[4]).get_by_label("예", exact=True).check()
        page.locator("#message").fill(MESSAGE)
        shoot("answered")
        page.get_by_role("button", name="보내기", exact=True).click()
        expect(page.locator("section.arrived")).to_contain_text("물음 5개에 대한 대답")
        shoot("what-arrived")
        # The form is empty again: answers are not kept for the next send.
        expect(page.get_by_label(questions[0])).to_have_value("")

        # The newsroom makes the first question required (API v1, as an admin).
        token = token_of(live_instance, "reporter")
        (manifest,) = received_manifests(live_instance, token)
        assert [WHAT, WHERE, "2026-11-02", "몇 사람이 압니다", "yes"] == [a.answer for a in manifest.answers]
        admin_token = token_of(live_instance, "editor", admin=True)
        body = questions_json(DEFAULTS["ko"])
        body[0]["required"] = True
        saved = api(
            live_instance, "/api/v1/questionnaires/ko", token=admin_token, body={"questions": body}, method="PUT"
        )
        assert saved["questions"][0]["required"]

        # Left empty: refused at the question, everything typed kept.
        page.goto(base + "/lookup")
        expect(page.locator("fieldset.questionnaire")).to_contain_text("(꼭 답해야 합니다)")
        page.get_by_label(questions[1]).fill(WHERE)
        page.get_by_role("group", name=questions[4]).get_by_label("아니", exact=True).check()
        page.locator("#message").fill(MESSAGE)
        page.get_by_role("button", name="보내기", exact=True).click()
        expect(page.locator("p.flash.error").first).to_contain_text("고쳐야 할 대답이 있습니다.")
        expect(page.locator(".question.wrong")).to_contain_text("이 물음에는 꼭 답해야 합니다.")
        expect(page.get_by_label(questions[1])).to_have_value(WHERE)
        expect(page.get_by_role("group", name=questions[4]).get_by_label("아니", exact=True)).to_be_checked()
        expect(page.locator("#message")).to_have_value(MESSAGE)
        shoot("required-refused")
        page.get_by_label(questions[0]).fill(WHAT)
        page.get_by_role("button", name="보내기", exact=True).click()
        expect(page.locator("section.arrived")).to_contain_text("물음 3개에 대한 대답")
        assert 2 == len(received_manifests(live_instance, token))
    finally:
        context.close()


def test_an_admin_edits_the_korean_questionnaire_in_the_browser_and_the_source_sees_it(
    browser: Browser, live_instance: LiveInstance
) -> None:
    """The journalist web interface (Korean, no JavaScript): a wrong row is refused at that row with
    everything kept, then saved; a source on a phone sees the new question at once."""
    admin = live_instance.add_journalist("editor", admin=True)
    desk_context = browser.new_context(java_script_enabled=False, extra_http_headers={"Accept-Language": "ko"})
    source_context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, extra_http_headers={"Accept-Language": TOR_ACCEPT_LANGUAGE}
    )
    for context in (desk_context, source_context):
        context.set_default_timeout(TIMEOUT_MS)
    desk, source = desk_context.new_page(), source_context.new_page()
    folder = SCREENSHOTS / "source-questionnaire"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        desk.goto(live_instance.journalist_url + "/login")
        desk.fill("#username", "editor")
        desk.fill("#passphrase", admin["passphrase"])
        desk.fill("#one_time_code", pyotp.TOTP(admin["totp_secret"]).now())
        desk.locator("form button[type=submit]").first.click()
        desk.get_by_role("link", name="질문지").click()
        expect(desk.locator("p.warning")).to_contain_text("제보자를 알아볼 수 있는 것은 절대 묻지 마십시오")
        expect(desk.locator("#q-1-text")).to_have_value(DEFAULTS["ko"][0].text)

        # A new question in the first empty row: one of a list, with one choice only.
        row = len(DEFAULTS["ko"]) + 1
        desk.fill(f"#q-{row}-text", "이 일이 언제부터 있었습니까?")
        desk.select_option(f"#q-{row}-kind", "choice")
        desk.fill(f"#q-{row}-choices", "한 해 넘게")
        desk.get_by_role("button", name="질문지 저장").click()
        expect(desk.locator("p.flash.error")).to_contain_text("선택형 질문에는 선택지가 최소 2개 필요합니다.")
        expect(desk.locator(f"#q-{row}-text")).to_have_value("이 일이 언제부터 있었습니까?")
        desk.screenshot(path=str(folder / "admin-refused.png"), full_page=True)
        desk.fill(f"#q-{row}-choices", "한 해 넘게\n몇 달 전부터\n요즘")
        desk.check("input[name='q-1-required']")
        desk.get_by_role("button", name="질문지 저장").click()
        expect(desk.locator("p.flash.success")).to_contain_text("저장했습니다.")
        assert "<script" not in desk.content().lower()

        source.goto(live_instance.source_url + "/generate")
        source.get_by_role("button", name="암호를 외웠습니다 — 계속").click()
        group = source.get_by_role("group", name="이 일이 언제부터 있었습니까?")
        expect(group.get_by_label("몇 달 전부터")).to_be_visible()
        expect(source.locator("fieldset.questionnaire")).to_contain_text("(꼭 답해야 합니다)")
        assert PHONE["width"] >= source.evaluate("document.documentElement.scrollWidth")
        source.screenshot(path=str(folder / "source-sees-new-question.png"), full_page=True)
    finally:
        desk_context.close()
        source_context.close()
