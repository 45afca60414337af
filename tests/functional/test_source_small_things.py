"""The smaller things a source notices (issue 14): language links after a POST, logout keeping
the language, "back" leading to the form, replies above the form, deleting a reply only after a
confirmation, and the home page's Korean."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.journalists import make_journalist
from tests.factories.routes import SQLITE_ONLY
from tests.factories.sources import listed_sources
from tipline.services import Services

pytestmark = SQLITE_ONLY


def language_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*\?l=[^"]+)" lang=', html)


def logged_in(client: FlaskClient) -> str:
    page = client.get("/generate").get_data(as_text=True)
    codename = codename_on_page(page)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    return codename


def test_language_links_on_pages_answering_a_post_lead_to_pages_that_exist(source_app: Flask) -> None:
    client = source_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    wrong = client.post("/login", data={"csrf_token": csrf_token(login), "codename": "틀린 암호"})
    expired = source_app.test_client().post("/create", data={})
    logged_in(client)
    token = csrf_token(client.get("/lookup").get_data(as_text=True))
    empty = client.post("/submit", data={"csrf_token": token, "message": ""})
    for answer, expected_path in ((wrong, "/login"), (expired, "/generate"), (empty, "/lookup")):
        links = language_links(answer.get_data(as_text=True))
        assert 4 == len(links)
        assert {link.partition("?")[0] for link in links} == {expected_path}
        # Before, "?l=ru" on the answer to POST /login was GET /login?l=ru (fine) but on
        # POST /create or /submit a GET of a POST-only address: 405.
        for link in links:
            assert client.get(link).status_code in (200, 302), link


def test_logging_out_keeps_russian_and_chinese(source_app: Flask) -> None:
    for code, title in (("ru", "<h1>Безопасно передайте информацию</h1>"), ("zh_Hans", "<h1>安全地提供线索</h1>")):
        client = source_app.test_client()
        client.get(f"/?l={code}")
        logged_in(client)
        token = csrf_token(client.get("/lookup").get_data(as_text=True))
        client.post("/logout", data={"csrf_token": token})
        home = client.get("/").get_data(as_text=True)
        assert f'<html lang="{code.replace("_", "-")}">' in home
        assert title in home


def test_back_from_an_error_page_leads_to_the_form_the_source_was_using(source_app: Flask) -> None:
    client = source_app.test_client()
    logged_in(client)
    lost = client.get("/no-such-page").get_data(as_text=True)
    assert re.search(r'<a href="/lookup">쓰던 화면으로 돌아가기</a>', lost)
    stranger = source_app.test_client().get("/no-such-page").get_data(as_text=True)
    assert re.search(r'<a href="/">처음으로 돌아가기</a>', stranger)


def test_replies_come_before_the_form_and_deleting_one_asks_first(source_app: Flask, services: Services) -> None:
    client = source_app.test_client()
    logged_in(client)
    (source,) = listed_sources(services)
    reporter = services.journalists.get(make_journalist(services, "reporter").uuid)
    services.newsroom.reply(reporter, source.uuid, "회답입니다. 장부를 더 보여주십시오.", "web")

    page = client.get("/lookup").get_data(as_text=True)
    assert page.index("회답입니다.") < page.index('<form method="post" action="/submit"')
    assert "회답은 읽은 다음 지우십시오." in page
    (confirm_link,) = re.findall(r'href="(/replies/[0-9a-f-]+/delete)"', page)
    # The link on the page deletes nothing: it asks.
    asked = client.get(confirm_link).get_data(as_text=True)
    assert "이 회답을 지우겠습니까?" in asked
    assert "회답입니다." in client.get("/lookup").get_data(as_text=True)
    deleted = client.post(confirm_link, data={"csrf_token": csrf_token(asked)}, follow_redirects=True)
    assert "회답을 완전히 지웠습니다." in deleted.get_data(as_text=True)
    assert "회답입니다." not in deleted.get_data(as_text=True)
    assert [] == services.newsroom.replies_of(source.uuid)


def test_the_home_page_korean_says_what_a_codename_is_in_whole_sentences(source_app: Flask) -> None:
    home = source_app.test_client().get("/").get_data(as_text=True)
    assert "자기만 아는 낱말 몇 개로," not in home
    assert "암호는 자기만 아는 낱말 몇 개입니다." in home
