"""A Korean, Russian or Chinese speaker goes from the first page to the last without English.

Over HTTP, nothing mocked: every page a source can reach (and every error page) is rendered in
each language, and its visible text is searched for Latin words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories.forms import codename_on_page, csrf_token
from tipline.config import Settings
from tipline.services import Services, build_services
from tipline.web.source import create_source_app

STYLE = Path(__file__).parents[2] / "src/tipline/web/source/static/style.css"
PAGE_WEIGHT_LIMIT = 16 * 1024
# Names that stay as they are in every language: the Tor Browser, and each language's own name
# in the switcher (a reader must find "English" on a Korean page, and 조선말 on an English one).
ALLOWED_LATIN = {"Tor", "English"}
SCRIPTS = {"ko": r"[\uac00-\ud7a3]", "ru": r"[\u0400-\u04ff]", "zh_Hans": r"[\u4e00-\u9fff]"}


class _Visible(HTMLParser):
    """The text a reader sees or hears: text nodes, <title>, and visible attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value or "" for name, value in attrs if name in {"aria-label", "title", "placeholder", "alt"}]


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def latin_words(html: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", visible_text(html))) - ALLOWED_LATIN


BOUNDARY = "tipline-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(token: str, file_size: int) -> bytes:
    """A form post with one file, built in memory (the test client would spool it to a temp file)."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * file_size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def every_source_page(client: FlaskClient, language: str) -> Iterator[tuple[str, int, str]]:
    """(what, status, html) for every page a source meets, in the order a source meets them."""

    def page(what: str, response: TestResponse) -> tuple[str, int, str]:
        return what, response.status_code, response.get_data(as_text=True)

    yield page("index", client.get(f"/?l={language}"))
    generate = client.get("/generate")
    yield page("generate", generate)
    yield page("expired form (CSRF)", client.post("/create", data={}))
    yield page("login", client.get("/login"))
    login_form = client.get("/login").get_data(as_text=True)
    token = csrf_token(login_form)
    yield page("login: empty", client.post("/login", data={"csrf_token": token, "codename": ""}))
    yield page("login: too long", client.post("/login", data={"csrf_token": token, "codename": "가" * 1100}))
    yield page("login: wrong", client.post("/login", data={"csrf_token": token, "codename": "틀린 암호"}))
    yield page("lookup: logged out", client.get("/lookup", follow_redirects=True))
    generate = client.get("/generate")
    created = client.post("/create", data={"csrf_token": csrf_token(generate.get_data(as_text=True))})
    assert 302 == created.status_code
    lookup = client.get("/lookup")
    yield page("lookup: account ready", lookup)
    token = csrf_token(lookup.get_data(as_text=True))
    yield page("submit: empty", client.post("/submit", data={"csrf_token": token, "message": ""}))
    yield page("submit: too long", client.post("/submit", data={"csrf_token": token, "message": "가" * 200_001}))
    sent = client.post("/submit", data={"csrf_token": token, "message": "제보"}, follow_redirects=True)
    yield page("submit: thank you", sent)
    yield page(
        "too large (413)", client.post("/submit", data=multipart(token, 3 * 1024 * 1024), content_type=MULTIPART)
    )
    yield page(
        "delete: no such reply", client.post("/replies/none/delete", data={"csrf_token": token}, follow_redirects=True)
    )
    yield page("not found (404)", client.get("/no-such-page"))
    yield page("not allowed (405)", client.get("/create"))
    yield page("unexpected (500)", client.get("/boom"))
    yield page("logged out", client.post("/logout", data={"csrf_token": token}))


@pytest.fixture
def small_limits_app(settings: Settings) -> Iterator[Flask]:
    """The source app with a 1 MiB upload limit (to reach the 413 page) and a route that fails."""
    from tipline.migrations.runner import upgrade

    limited = settings.replace(max_upload_bytes=1024 * 1024, max_message_bytes=1024 * 1024)
    upgrade(limited.effective_database_url)
    services: Services = build_services(limited)
    app = create_source_app(services)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    yield app
    services.close()


@pytest.mark.parametrize("language", ["ko", "ru", "zh_Hans"])
def test_every_source_page_is_free_of_english(small_limits_app: Flask, language: str) -> None:
    client = small_limits_app.test_client()
    seen = {}
    for what, status, html in every_source_page(client, language):
        seen[what] = status
        assert set() == latin_words(html), f"{what} ({status}) shows Latin words"
        assert re.search(SCRIPTS[language], visible_text(html)), f"{what} is not in {language}"
        assert f'lang="{language.replace("_", "-")}"' in html
    expected = {
        "index": 200,
        "generate": 200,
        "expired form (CSRF)": 400,
        "login": 200,
        "login: empty": 400,
        "login: too long": 400,
        "login: wrong": 401,
        "lookup: logged out": 200,
        "lookup: account ready": 200,
        "submit: empty": 400,
        "submit: too long": 400,
        "submit: thank you": 200,
        "too large (413)": 413,
        "delete: no such reply": 200,
        "not found (404)": 404,
        "not allowed (405)": 405,
        "unexpected (500)": 500,
        "logged out": 200,
    }
    assert expected == seen


@pytest.mark.parametrize("language", ["ko", "en", "ru", "zh_Hans"])
def test_every_source_page_weighs_at_most_16_kib_with_its_stylesheet(small_limits_app: Flask, language: str) -> None:
    client = small_limits_app.test_client()
    with client.get("/static/style.css") as response:
        stylesheet = len(response.data)
    weights = {}
    for what, _status, html in every_source_page(client, language):
        # The too-long message is sent back in its textarea so that nothing typed is lost.
        echoed = len(("가" * 200_001).encode()) if what == "submit: too long" else 0
        # Without the padding every response gets (docs/padding-design.md): spaces after </html>.
        weights[what] = len(html.rstrip(" ").encode()) - echoed + stylesheet
    assert weights["index"] > 1024
    assert {} == {what: weight for what, weight in weights.items() if weight > PAGE_WEIGHT_LIMIT}


def test_validation_errors_are_in_the_page_language(source_client: FlaskClient) -> None:
    source_client.get("/?l=ru")
    token = csrf_token(source_client.get("/login").get_data(as_text=True))
    response = source_client.post("/login", data={"csrf_token": token, "codename": "я" * 1100})
    assert "Это намного длиннее любой кодовой фразы. Проверьте, что вы ввели." in response.get_data(as_text=True)


def page_language(client: FlaskClient, path: str = "/", **headers: str) -> str:
    html = client.get(path, headers=headers).get_data(as_text=True)
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_a_new_instance_speaks_korean_when_the_browser_does_not_say(source_client: FlaskClient) -> None:
    assert "ko" == Settings.__dataclass_fields__["default_locale"].default
    assert "ko" == page_language(source_client)


def test_tor_browsers_uniform_english_header_is_not_taken_as_a_choice(source_client: FlaskClient) -> None:
    # Every Tor Browser sends this header whatever its user reads: it tells us nothing.
    assert "ko" == page_language(source_client, **{"Accept-Language": "en-US,en;q=0.5"})


@pytest.mark.parametrize(
    ("header", "expected"),
    [("ru-RU,ru;q=0.9", "ru"), ("zh-CN,zh;q=0.9", "zh-Hans"), ("zh-TW", "zh-Hans"), ("en-GB", "en"), ("ja", "ko")],
)
def test_accept_language_chooses_when_nothing_else_does(source_app: Flask, header: str, expected: str) -> None:
    assert expected == page_language(source_app.test_client(), **{"Accept-Language": header})


def test_the_switcher_choice_is_remembered_and_beats_the_browser(source_client: FlaskClient) -> None:
    assert "zh-Hans" == page_language(source_client, "/?l=zh_Hans", **{"Accept-Language": "ru"})
    assert "zh-Hans" == page_language(source_client, "/login", **{"Accept-Language": "ru"})
    assert "zh-Hans" == page_language(source_client, "/?l=xx")  # an unknown choice changes nothing


def test_the_switcher_offers_every_language_in_its_own_name_without_javascript(source_client: FlaskClient) -> None:
    html = source_client.get("/login").get_data(as_text=True)
    links = re.findall(r'<a href="/login\?l=([^"]+)" lang="[^"]+">([^<]+)</a>', html)
    assert [("ko", "조선말"), ("en", "English"), ("ru", "Русский"), ("zh_Hans", "简体中文")] == links
    assert "<script" not in html


@pytest.mark.parametrize(
    ("language", "words", "script"),
    # Korean: Tipline's own list, 1,798 words, so 9 words for 88 bits (97).
    [("ko", 9, SCRIPTS["ko"]), ("ru", 8, SCRIPTS["ru"]), ("zh_Hans", 8, SCRIPTS["zh_Hans"]), ("en", 7, "[a-z]")],
)
def test_the_codename_is_in_the_page_language(
    source_client: FlaskClient, language: str, words: int, script: str
) -> None:
    codename = codename_on_page(source_client.get(f"/generate?l={language}").get_data(as_text=True))
    assert words == len(codename.split(" "))
    assert all(re.match(script, word) for word in codename.split(" "))


def test_a_korean_codename_typed_without_spaces_logs_in_from_an_english_page(source_client: FlaskClient) -> None:
    # Given an account made with a Korean codename
    page = source_client.get("/generate?l=ko").get_data(as_text=True)
    codename = codename_on_page(page)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    token = csrf_token(source_client.get("/lookup").get_data(as_text=True))
    source_client.post("/logout", data={"csrf_token": token})
    # When the source, on the English page, types it without spaces and decomposed
    login_page = source_client.get("/login?l=en").get_data(as_text=True)
    typed = unicodedata.normalize("NFKD", codename.replace(" ", ""))
    response = source_client.post("/login", data={"csrf_token": csrf_token(login_page), "codename": typed})
    # Then they are in
    assert 302 == response.status_code
    assert response.headers["Location"].endswith("/lookup")


def test_a_chinese_codename_typed_with_full_width_spaces_logs_in(source_client: FlaskClient) -> None:
    page = source_client.get("/generate?l=zh_Hans").get_data(as_text=True)
    codename = codename_on_page(page)
    source_client.post("/create", data={"csrf_token": csrf_token(page)})
    token = csrf_token(source_client.get("/lookup").get_data(as_text=True))
    source_client.post("/logout", data={"csrf_token": token})
    login_page = source_client.get("/login").get_data(as_text=True)
    typed = "\u3000" + codename.replace(" ", "\u3000\u3000") + "。"
    response = source_client.post("/login", data={"csrf_token": csrf_token(login_page), "codename": typed})
    assert 302 == response.status_code


def test_the_journalist_interface_speaks_korean_and_english(journalist_client: FlaskClient) -> None:
    korean = journalist_client.get("/login?l=ko").get_data(as_text=True)
    english = journalist_client.get("/login?l=en").get_data(as_text=True)
    korean_title = re.search(r"<h1>(.*?)</h1>", korean)
    assert korean_title is not None
    assert re.search(SCRIPTS["ko"], korean_title.group(1))
    assert "<h1>Log in</h1>" in english
    assert "en" == page_language(journalist_client, "/login?l=ru")  # no Russian there: the choice stays English
