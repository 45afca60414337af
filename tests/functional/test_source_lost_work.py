"""What a source typed is never lost, and every refusal says what went wrong (issue 14).

In-process app, real database and store: the codename field, /generate while logged in, the
first session's codename behind <details>, the idle limit and the sizes stated on the form, the
message of an ended session put back and sent with the codename, the summary of what arrived,
the wording of every refusal, language links after a POST, logout keeping the language, the
"back" link, replies above the form and the confirmation before deleting one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.test import TestResponse

from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.routes import SQLITE_ONLY
from tests.factories.sources import listed_sources, stored_ciphertext
from tipline.config import Settings
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.common.web_sessions import MemorySessionStore
from tipline.web.source import create_source_app
from tipline.web.source.app import MAX_FILES_PER_SUBMISSION

pytestmark = SQLITE_ONLY

MIB = 1024 * 1024


@pytest.fixture
def store() -> MemorySessionStore:
    return MemorySessionStore()


@pytest.fixture
def limited(settings: Settings) -> Iterator[Services]:
    """Small limits, so that every refusal can be reached: 1 MiB per file, 64 KiB of form memory."""
    changed = settings.replace(max_upload_bytes=MIB, max_message_bytes=64 * 1024, source_session_minutes=45)
    upgrade(changed.effective_database_url)
    built = build_services(changed)
    yield built
    built.close()


@pytest.fixture
def app(limited: Services, store: MemorySessionStore) -> Flask:
    return create_source_app(limited, session_store=store)


def new_account(client: FlaskClient) -> tuple[str, str]:
    """(codename, the CSRF token of the submit form) of a new account, logged in."""
    page = client.get("/generate").get_data(as_text=True)
    codename = codename_on_page(page)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    return codename, csrf_token(client.get("/lookup").get_data(as_text=True))


BOUNDARY = "tipline-lost-work"


def multipart(fields: dict[str, str], files: list[tuple[bytes, str]] | None = None) -> bytes:
    """A multipart body built in memory: the test client would spool a large one to a temporary
    file, left open when the app refuses the request before reading it."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for content, filename in files or []:
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_multipart(
    client: FlaskClient, path: str, fields: dict[str, str], files: list[tuple[bytes, str]] | None = None
) -> TestResponse:
    body = multipart(fields, files)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def post_submit(
    client: FlaskClient, token: str, message: str, files: list[tuple[bytes, str]] | None = None
) -> TestResponse:
    return post_multipart(client, "/submit", {"csrf_token": token, "message": message}, files)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def received(services: Services, identity: str) -> list[bytes]:
    (summary,) = listed_sources(services)
    return [
        unpad(decrypt_bytes(stored_ciphertext(services, item.uuid), [identity]))
        for item in services.newsroom.submissions_of(summary.uuid)
    ]


# --- 1. the codename field ---


def test_every_codename_field_is_a_text_field_that_the_korean_input_method_can_type_into(app: Flask) -> None:
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    client.set_cookie("tipline_source", "ended.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    resend = post_multipart(client, "/submit", {"message": "글"}).get_data(as_text=True)
    for html in (login, resend):
        (field,) = re.findall(r"<input[^>]*name=\"codename\"[^>]*>", html)
        assert 'type="text"' in field
        assert "password" not in html
        for attribute in ('autocomplete="off"', 'autocorrect="off"', 'autocapitalize="off"', 'spellcheck="false"'):
            assert attribute in field


def test_a_logged_in_source_going_to_generate_is_sent_back_to_the_form(app: Flask, limited: Services) -> None:
    client = app.test_client()
    new_account(client)
    response = client.get("/generate")
    assert 302 == response.status_code
    assert response.headers["Location"].endswith("/lookup")
    assert "codename" not in response.get_data(as_text=True)
    # No codename was put on offer: "continue" (POST /create) cannot make a second identity.
    client.post("/create", data={"csrf_token": csrf_token(client.get("/lookup").get_data(as_text=True))})
    assert 1 == len(listed_sources(limited))


def test_the_first_session_can_see_the_codename_again_and_a_later_one_cannot(app: Flask) -> None:
    client = app.test_client()
    codename, token = new_account(client)
    first = client.get("/lookup").get_data(as_text=True)
    assert re.search(r"<details[^>]*>\s*<summary>[^<]+</summary>\s*<p class=\"codename\"[^>]*>" + codename, first)
    assert 200 == client.post("/logout", data={"csrf_token": token}).status_code
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"csrf_token": csrf_token(page), "codename": codename})
    later = client.get("/lookup").get_data(as_text=True)
    assert codename not in later
    assert "<details" not in later


# --- 2. never lose what a source typed ---

ENDED = "an-ended-session.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


def test_the_form_states_the_idle_limit_and_the_sizes_in_korean(app: Flask) -> None:
    client = app.test_client()
    new_account(client)
    page = text_of(client.get("/lookup").get_data(as_text=True))
    assert "약 45분 동안 아무것도 보내지 않으면" in page
    assert f"한 번에 사진, 문서 {MAX_FILES_PER_SUBMISSION}개까지, 모두 합쳐 1메가바이트까지 보낼 수 있습니다." in page


def test_a_message_sent_on_an_ended_session_comes_back_and_is_sent_with_the_codename(
    app: Flask, limited: Services, newsroom_identity: str
) -> None:
    client = app.test_client()
    codename, token = new_account(client)
    message = "공장 책임자가 로임을 떼먹습니다.\n<b>세 달째</b>"
    # The session ends while the source types (JS off: typing is not activity).
    client.set_cookie("tipline_source", ENDED)

    answer = post_submit(client, token, message, [(b"%PDF-1.4 ledger", "장부.pdf")])

    html = answer.get_data(as_text=True)
    assert 400 == answer.status_code
    assert "다시 들어가야 합니다" in html
    # The text, escaped, in the message box; the files said plainly to be lost.
    assert "<textarea" in html
    assert "공장 책임자가 로임을 떼먹습니다.\n&lt;b&gt;세 달째&lt;/b&gt;</textarea>" in html
    assert "고른 사진과 문서는 되살릴 수 없습니다." in html
    assert [] == received(limited, newsroom_identity)

    wrong = post_multipart(
        client, "/resend", {"csrf_token": csrf_token(html), "codename": "틀린 암호", "message": message}
    )
    assert 401 == wrong.status_code
    assert "&lt;b&gt;세 달째&lt;/b&gt;</textarea>" in wrong.get_data(as_text=True)

    again = {"csrf_token": csrf_token(wrong.get_data(as_text=True)), "codename": codename.replace(" ", "")}
    sent = post_multipart(client, "/resend", {**again, "message": message})
    assert 302 == sent.status_code
    assert [message.encode()] == received(limited, newsroom_identity)
    assert "글 하나 (" in client.get("/lookup").get_data(as_text=True)


def test_the_page_that_gives_the_text_back_can_itself_expire_without_losing_it(app: Flask) -> None:
    client = app.test_client()
    client.set_cookie("tipline_source", ENDED)
    page = post_submit(client, "an-old-token", "첫 번째 글").get_data(as_text=True)
    assert ">첫 번째 글</textarea>" in page
    # Left open past the idle limit again: the text comes back once more.
    client.set_cookie("tipline_source", ENDED)
    again = post_multipart(
        client, "/resend", {"csrf_token": csrf_token(page), "codename": "암호", "message": "첫 번째 글"}
    )
    assert 400 == again.status_code
    assert ">첫 번째 글</textarea>" in again.get_data(as_text=True)


def test_an_expired_form_of_a_live_session_puts_the_text_back_in_the_box(app: Flask) -> None:
    client = app.test_client()
    new_account(client)
    answer = post_submit(client, "not-the-token", "두고 온 글")
    html = answer.get_data(as_text=True)
    assert 400 == answer.status_code
    assert ">두고 온 글</textarea>" in html
    assert "이 화면은 기한이 지났습니다. 쓴 글은 다시 칸에 넣어두었습니다." in html


def test_what_arrived_is_shown_once_and_never_kept_in_plaintext(
    app: Flask, store: MemorySessionStore, limited: Services
) -> None:
    client = app.test_client()
    _codename, token = new_account(client)
    files = [(b"x" * 3000, "흔적없는-장부.pdf"), (b"y" * 10, "사진.jpg")]

    assert 302 == post_submit(client, token, "  보낸 글  ", files).status_code

    # Between the send and the page that shows it: in the session store only as ciphertext.
    stored = b"".join(data for _expiry, data in store._data.values())
    assert "흔적없는".encode() not in stored
    shown = text_of(client.get("/lookup").get_data(as_text=True))
    assert "글 하나 (4자)" in shown
    assert "사진, 문서 2개:" in shown
    assert "흔적없는-장부.pdf — 2킬로바이트" in shown
    assert "사진.jpg — 10바이트" in shown
    # Shown once: the next page has forgotten it.
    assert "흔적없는-장부.pdf" not in client.get("/lookup").get_data(as_text=True)
    with limited.sessions() as session:
        rows = [
            str(row)
            for table in ("sources", "submissions", "batches")
            for row in session.execute(text(f"SELECT * FROM {table}"))
        ]
    assert rows
    assert [] == [row for row in rows if "흔적없는" in row]


def refusal(client: FlaskClient, token: str, what: str) -> tuple[int, str]:
    if what == "nothing to send":
        answer = post_submit(client, token, "   ")
    elif what == "over the characters":
        answer = post_submit(client, token, "x" * 21_846)
    elif what == "over the form memory (0.6 MB of text)":
        answer = post_submit(client, token, "가" * 200_000)
    elif what == "a file over its limit":
        answer = post_submit(client, token, "", [(b"x" * (MIB + 1), "큰.bin")])
    elif what == "too many files":
        answer = post_submit(client, token, "", [(b"x", f"{i}.txt") for i in range(MAX_FILES_PER_SUBMISSION + 1)])
    else:
        raise AssertionError(what)
    return answer.status_code, text_of(answer.get_data(as_text=True))


# Each refusal of the submit form, in Korean, with the words that tell the source what to do.
REFUSALS = {
    "nothing to send": (400, "보내기 전에 글을 쓰거나 사진, 문서를 고르십시오."),
    # 64 KiB of form memory: at most 21845 characters (Hangul takes 3 bytes each), stated on the
    # form, and the number every "too long" refusal gives.
    "over the characters": (400, "글이 너무 깁니다. 21845자까지만 보낼 수 있습니다. 나머지는 따로 보내십시오."),
    # The same, past the form memory: it was the file-size page ("… 2,048 megabytes … smaller files").
    "over the form memory (0.6 MB of text)": (413, "글이 너무 깁니다. 21845자까지만 보낼 수 있습니다."),
    "a file over its limit": (413, "보낸 것이 이 창구에서 받을 수 있는 크기(1메가바이트)보다 큽니다."),
    "too many files": (413, f"(많아야 {MAX_FILES_PER_SUBMISSION}개)"),
}


@pytest.mark.parametrize("what", sorted(REFUSALS))
def test_every_refusal_of_the_submit_form_says_what_was_wrong(app: Flask, what: str) -> None:
    client = app.test_client()
    _codename, token = new_account(client)
    status, page = refusal(client, token, what)
    expected_status, expected_text = REFUSALS[what]
    assert expected_status == status
    assert expected_text in page
    # No other refusal's words (the two "too long" ones share theirs on purpose).
    others = {text for _status, text in REFUSALS.values() if text not in expected_text and expected_text not in text}
    assert [] == [text for text in others if text in page]


def test_the_text_too_long_for_the_form_memory_is_not_called_a_large_file(app: Flask) -> None:
    client = app.test_client()
    _codename, token = new_account(client)
    _status, page = refusal(client, token, "over the form memory (0.6 MB of text)")
    assert "메가바이트" not in page
    assert "사진이나 문서" not in page
