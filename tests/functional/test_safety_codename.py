"""The safety codename over HTTP (docs/duress-design.md): created from the source pages, logged in
with like the real one, and shown to the newsroom in the web interface, the API and the desk."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories.desk import Desk
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tests.factories.sources import listed_sources
from tests.factories.web_sessions import post_journalist_login
from tipline.db import today
from tipline.services import Services

CSRF = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"')


def safety_on_page(html: str) -> str:
    match = re.search(r'<p class="safety-codename"[^>]*>([^<]+)</p>', html)
    assert match is not None, "the page offers no safety codename"
    return match.group(1)


def create_with_safety(client: FlaskClient, *, ticked: bool = True) -> tuple[str, str]:
    page = client.get("/generate").get_data(as_text=True)
    codename, safety = codename_on_page(page), safety_on_page(page)
    data = {"csrf_token": csrf_token(page)} | ({"safety": "y"} if ticked else {})
    response = client.post("/create", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/lookup")
    return codename, safety


def log_in(client: FlaskClient, codename: str) -> TestResponse:
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"csrf_token": csrf_token(page), "codename": codename})


def _uuid_of(services: Services, codename: str) -> str:
    """Which account is the real one: only its codename says (the server cannot tell before)."""
    login = services.sources.login(codename)
    assert login is not None
    return login.source_uuid


def send(client: FlaskClient, message: str) -> None:
    page = client.get("/lookup").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "message": message}
    assert client.post("/submit", data=data, content_type="multipart/form-data").status_code == 302


def test_the_safety_codename_is_made_only_when_the_source_ticks_the_box(source_app: Flask) -> None:
    _codename, untaken = create_with_safety(source_app.test_client(), ticked=False)
    assert log_in(source_app.test_client(), untaken).status_code == 401
    codename, safety = create_with_safety(source_app.test_client())
    assert codename != safety
    assert len(codename.split()) == len(safety.split())  # drawn from the same list, as long
    assert log_in(source_app.test_client(), safety).status_code == 302


def test_the_generate_page_explains_it_in_one_korean_sentence_without_script(source_client: FlaskClient) -> None:
    page = source_client.get("/generate").get_data(as_text=True)
    assert "<script" not in page.lower()
    assert '<details class="safety">' in page
    assert "누가 옆에서 지켜보며 들어가라고 시키면 이 둘째 암호를 대신 쓰십시오" in page
    assert '<input type="checkbox" name="safety" value="y">' in page


def test_the_first_page_shows_the_safety_codename_again_until_logout(source_client: FlaskClient) -> None:
    _codename, safety = create_with_safety(source_client)
    assert safety_on_page(source_client.get("/lookup").get_data(as_text=True)) == safety


def test_both_codenames_get_the_same_login_answer(source_app: Flask) -> None:
    """Status, redirect, header names, body and cookie sizes: the same for either codename."""
    codename, safety = create_with_safety(source_app.test_client())
    answers = [log_in(source_app.test_client(), typed) for typed in (codename, safety, codename, safety)]
    shapes = {
        (
            answer.status_code,
            answer.headers["Location"],
            tuple(sorted(answer.headers.keys())),
            len(answer.get_data()),
            tuple(len(cookie) for cookie in answer.headers.getlist("Set-Cookie")),
        )
        for answer in answers
    }
    assert len(shapes) == 1


def test_the_safety_account_looks_like_any_empty_account(source_app: Flask, services: Services) -> None:
    """No replies, no sign of the real account; byte for byte the page of a fresh account (but the
    CSRF token, of the same length)."""
    real_client = source_app.test_client()
    codename, safety = create_with_safety(real_client)
    send(real_client, "the real tip, about the factory")
    real = services.newsroom.source(_uuid_of(services, codename))
    reporter = services.journalists.get(make_journalist(services).uuid)
    assert reporter is not None
    services.newsroom.reply(reporter, real.uuid, "We read it: the factory ledger.", "web")

    watched = source_app.test_client()
    assert log_in(watched, safety).status_code == 302
    page = watched.get("/lookup").get_data(as_text=True)
    assert "the factory" not in page
    assert real.designation not in page
    assert 'class="reply"' not in page

    # An ordinary account without one, logged in again (its first page shows its codename).
    fresh_codename, _untaken = create_with_safety(source_app.test_client(), ticked=False)
    again = source_app.test_client()
    assert log_in(again, fresh_codename).status_code == 302
    empty = again.get("/lookup").get_data(as_text=True)
    assert len(CSRF.findall(page)) == len(CSRF.findall(empty)) > 0
    assert CSRF.sub("", page) == CSRF.sub("", empty)
    assert len(page.encode()) == len(empty.encode())

    # The real codename still reads the reply.
    back = source_app.test_client()
    assert log_in(back, codename).status_code == 302
    assert "We read it: the factory ledger." in back.get("/lookup").get_data(as_text=True)


def test_what_the_safety_account_sends_is_kept_apart_and_marked(source_app: Flask, services: Services) -> None:
    _codename, safety = create_with_safety(source_app.test_client())
    watched = source_app.test_client()
    log_in(watched, safety)
    send(watched, "I never sent anything to anyone.")
    summaries = listed_sources(services)
    assert len(summaries) == 2
    marked = [services.newsroom.source(s.uuid) for s in summaries]
    (decoy,) = [row for row in marked if row.safety_of_uuid is not None]
    (real,) = [row for row in marked if row.safety_of_uuid is None]
    assert decoy.submission_count == 1
    assert real.submission_count == 0
    assert decoy.safety_of_uuid == real.uuid
    assert real.safety_used_on == today()


def _journalist_web(client: FlaskClient, services: Services) -> None:
    assert 302 == post_journalist_login(client, make_journalist(services, "watcher")).status_code


def test_journalists_see_the_mark_in_the_web_interface(
    source_app: Flask, journalist_client: FlaskClient, services: Services
) -> None:
    codename, safety = create_with_safety(source_app.test_client())
    real = services.newsroom.source(_uuid_of(services, codename))
    _journalist_web(journalist_client, services)
    before = journalist_client.get(f"/sources/{real.uuid}").get_data(as_text=True)
    assert "safety codename" not in before

    log_in(source_app.test_client(), safety)
    day = today().isoformat()
    page = journalist_client.get(f"/sources/{real.uuid}").get_data(as_text=True)
    assert f"This source's safety codename was used on {day}" in page
    assert "Reply nothing sensitive." in page
    listing = journalist_client.get("/").get_data(as_text=True)
    assert listing.count("⚠ safety codename used") == 2  # the real source and the safety account
    decoy = next(s for s in listed_sources(services) if s.uuid != real.uuid)
    decoy_page = journalist_client.get(f"/sources/{decoy.uuid}").get_data(as_text=True)
    assert f"This is the safety codename of {real.designation}" in decoy_page
    assert f'href="/sources/{real.uuid}"' in decoy_page


def test_the_api_source_record_carries_the_mark(
    source_app: Flask, journalist_client: FlaskClient, services: Services
) -> None:
    _codename, safety = create_with_safety(source_app.test_client())
    journalist = make_journalist(services, "api-reader")
    token = journalist_client.post(
        "/api/v1/token",
        json={
            "username": journalist.username,
            "passphrase": journalist.passphrase,
            "one_time_code": current_code(journalist),
        },
    ).get_json()["token"]
    headers = {"Authorization": f"Token {token}"}

    def records() -> list[dict[str, Any]]:
        return list(journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"])

    before = records()
    assert [(r["safety_codename_used_on"], r["safety_codename_of"]) for r in before] == [(None, None)] * 2
    log_in(source_app.test_client(), safety)
    after = {r["uuid"]: r for r in records()}
    (real,) = [r for r in after.values() if r["safety_codename_used_on"] is not None]
    (decoy,) = [r for r in after.values() if r["safety_codename_of"] is not None]
    assert real["safety_codename_used_on"] == today().isoformat()
    datetime.date.fromisoformat(str(real["safety_codename_used_on"]))  # a day, nothing finer
    assert decoy["safety_codename_of"] == real["uuid"]
    assert decoy["safety_codename_used_on"] is None
    one = journalist_client.get(f"/api/v1/sources/{real['uuid']}", headers=headers).get_json()
    assert one["safety_codename_used_on"] == today().isoformat()
    # A syncing client sees the change: both records were stamped again.
    assert all(after[r["uuid"]]["change_seq"] > r["change_seq"] for r in before)


def test_the_desk_lists_and_shows_the_mark(live_instance: LiveInstance, tmp_path: Path) -> None:
    source = LiveSource(live_instance.source_url)
    page = source.get("/generate")
    safety = safety_on_page(page)
    assert source.post_form("/create", {"csrf_token": csrf_token(page), "safety": "y"}) == 302
    assert source.submit("the real tip", []) == 302
    watched = LiveSource(live_instance.source_url)
    login_page = watched.get("/login")
    assert watched.post_form("/login", {"csrf_token": csrf_token(login_page), "codename": safety}) == 302

    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, live_instance.add_journalist("reporter"), "reporter")
    desk.run("fetch")
    listed = desk.run("list").stdout
    day = today().isoformat()
    assert f"used {day}" in listed
    assert "IS the safety codename of" in listed
    sources = {p.parent.name: p.read_text(encoding="utf-8") for p in (desk.dir / "inbox").glob("*/source.json")}
    real_uuid = next(uuid for uuid, text in sources.items() if f'"safety_codename_used_on": "{day}"' in text)
    shown = " ".join(desk.run("show", real_uuid).stdout.split())
    assert f"WARNING: this source's safety codename was used on {day}" in shown
    assert "Reply nothing sensitive." in shown
