"""Questionnaires end to end in-process (issue 14, guided submission): admins define them in the
web interface and API v1, sources answer them above the message, and the answers exist only
inside the batch's encrypted manifest: not in the database, the blob store or the session store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories.api import logged_in
from tests.factories.forms import csrf_token
from tests.factories.journalists import make_journalist
from tests.factories.sources import listed_sources, stored_ciphertext, stored_manifest
from tipline import models
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.db import Base
from tipline.questionnaires.defaults import DEFAULTS
from tipline.questionnaires.form import Question
from tipline.services import Services
from tipline.submissions.manifest import Manifest

BOUNDARY = "tipline-questionnaire"
ENDED = "an-ended-session.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
# Answers no other part of Tipline would ever write: found anywhere, they leaked.
WHAT = "창고에서 불이 났습니다 QX-답-7731"
WHERE = "함경북도 QX-곳-4402"
# The markers are searched whole: a needle as short as "QX-" (3 bytes) turns up in random
# ciphertext now and then (about once in 16 MiB), a false leak.
MARKERS = ("QX-답-7731", "QX-곳-4402")


def post_multipart(client: FlaskClient, path: str, fields: dict[str, str]) -> TestResponse:
    body = b"".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += f"--{BOUNDARY}--\r\n".encode()
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def logged_in_source(client: FlaskClient) -> str:
    """A new source, logged in; the submit form's page."""
    page = client.get("/generate").get_data(as_text=True)
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    return client.get("/lookup").get_data(as_text=True)


def form_fields(page: str) -> dict[str, str]:
    key = re.search(r'name="questionnaire" value="([0-9a-f]+)"', page)
    assert key is not None
    return {"csrf_token": csrf_token(page), "questionnaire": key.group(1)}


def manifests(services: Services, identity: str) -> list[Manifest]:
    (summary,) = listed_sources(services)
    batches = {s.batch_uuid for s in services.newsroom.submissions_of(summary.uuid)}
    return [
        Manifest.from_json(unpad(decrypt_bytes(stored_manifest(services, batch), [identity])))
        for batch in sorted(batches)
    ]


def messages(services: Services, identity: str) -> list[str]:
    (summary,) = listed_sources(services)
    return [
        unpad(decrypt_bytes(stored_ciphertext(services, item.uuid), [identity])).decode()
        for item in services.newsroom.submissions_of(summary.uuid)
    ]


def test_the_korean_default_is_shown_above_the_message(source_client: FlaskClient) -> None:
    page = logged_in_source(source_client)
    first, *_rest = DEFAULTS["ko"]
    assert page.index(first.text) < page.index('id="message"')
    for question in DEFAULTS["ko"]:
        assert question.text in page
    # Each kind as a plain control (no script on the page): textarea, radios, a day.
    assert 'type="date"' in page
    assert 'type="radio" name="answer-4" value="저 혼자만 압니다"' in page
    assert 'type="radio" name="answer-5" value="yes"' in page
    assert "<script" not in page
    assert "자기 이름이나 자기가 누구인지 알 수 있는 것은 쓰지 마십시오." in page


def test_each_language_gets_its_own_questionnaire(source_client: FlaskClient) -> None:
    logged_in_source(source_client)
    for language in ("en", "ru", "zh_Hans"):
        page = source_client.get(f"/lookup?l={language}").get_data(as_text=True)
        assert DEFAULTS[language][0].text in page, language
        assert DEFAULTS["ko"][0].text not in page


def test_answers_reach_the_manifest_encrypted_and_appear_nowhere_else(
    source_client: FlaskClient, services: Services, newsroom_identity: str, tmp_path: Path
) -> None:
    page = logged_in_source(source_client)
    fields = {**form_fields(page), "message": "따로 쓰는 글", "answer-1": WHAT, "answer-2": WHERE}
    fields |= {"answer-3": "2026-03-01", "answer-4": "몇 사람이 압니다", "answer-5": "yes"}

    assert 302 == post_multipart(source_client, "/submit", fields).status_code

    (manifest,) = manifests(services, newsroom_identity)
    assert "ko" == manifest.answers_language
    expected = [WHAT, WHERE, "2026-03-01", "몇 사람이 압니다", "yes"]
    assert [(q.text, a) for q, a in zip(DEFAULTS["ko"], expected, strict=True)] == [
        (answer.question, answer.answer) for answer in manifest.answers
    ]
    assert ["따로 쓰는 글"] == messages(services, newsroom_identity)  # the message stays as typed
    assert "물음 5개에 대한 대답" in source_client.get("/lookup").get_data(as_text=True)
    # Nowhere in plaintext: every row of every table (SQLite and PostgreSQL) ...
    tables = Base.metadata.sorted_tables
    names = {table.name for table in tables}  # every model: tipline.models imports them all
    assert {"batches", "submissions", "audit_log", models.QuestionnaireRow.__tablename__} <= names
    with services.sessions() as session:
        rows = [str(row) for table in tables for row in session.execute(table.select())]
    assert rows
    assert [] == [row for row in rows if any(marker in row for marker in MARKERS)]
    # ... and every file of the data folder (the SQLite database and its WAL, the blob store).
    services.engine.dispose()
    needles = [WHAT.encode(), WHERE.encode(), *(marker.encode() for marker in MARKERS)]
    leaked = [
        str(path)
        for path in services.settings.data_dir.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]
    assert [] == leaked


def test_answers_alone_are_sent_and_read_as_the_message_too(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    page = logged_in_source(source_client)
    fields = {**form_fields(page), "message": "", "answer-1": WHAT, "answer-5": "no"}

    assert 302 == post_multipart(source_client, "/submit", fields).status_code

    (text,) = messages(services, newsroom_identity)
    assert text.startswith(f"1. {DEFAULTS['ko'][0].text}\n   {WHAT}\n")
    assert "   no" in text
    assert WHAT == manifests(services, newsroom_identity)[0].answers[0].answer


def test_a_batch_without_answers_has_no_questionnaire_part(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    page = logged_in_source(source_client)
    assert 302 == post_multipart(source_client, "/submit", {**form_fields(page), "message": "글만"}).status_code
    assert () == manifests(services, newsroom_identity)[0].answers


def required_questionnaire(services: Services) -> None:
    admin = services.journalists.get(make_journalist(services, "editor", is_admin=True).uuid)
    questions = (
        Question("무엇을 보았습니까?", "text", required=True),
        Question("누가 압니까?", "choice", required=True, choices=("저만", "여럿")),
        Question("언제?", "date"),
    )
    services.questionnaire_admin.save(admin, "ko", questions, "web")


def test_a_required_question_left_empty_is_refused_and_nothing_typed_is_lost(
    source_client: FlaskClient, services: Services, newsroom_identity: str
) -> None:
    required_questionnaire(services)
    page = logged_in_source(source_client)
    fields = {**form_fields(page), "message": "긴 글 <b>굵게</b>", "answer-1": "  본 것  ", "answer-3": "2026-13-40"}

    refused = post_multipart(source_client, "/submit", fields)

    html = refused.get_data(as_text=True)
    assert 400 == refused.status_code
    assert "고쳐야 할 대답이 있습니다." in html
    assert "이 물음에는 꼭 답해야 합니다." in html  # at question 2
    assert "날은 년-월-일로 적으십시오." in html  # question 3: no such day
    assert "긴 글 &lt;b&gt;굵게&lt;/b&gt;</textarea>" in html
    assert "  본 것  </textarea>" in html
    assert 'value="2026-13-40"' in html
    assert [] == listed_sources(services)[0:0] or 0 == listed_sources(services)[0].submission_count

    fields |= {"csrf_token": csrf_token(html), "answer-2": "여럿", "answer-3": "2026-12-01"}
    assert 302 == post_multipart(source_client, "/submit", fields).status_code
    (manifest,) = manifests(services, newsroom_identity)
    assert ["본 것", "여럿", "2026-12-01"] == [a.answer for a in manifest.answers]


def test_a_choice_not_offered_is_refused(source_client: FlaskClient, services: Services) -> None:
    required_questionnaire(services)
    page = logged_in_source(source_client)
    fields = {**form_fields(page), "answer-1": "x", "answer-2": "<script>아무개</script>"}
    refused = post_multipart(source_client, "/submit", fields)
    assert 400 == refused.status_code
    assert "보이는 대답 가운데서 하나를 고르십시오." in refused.get_data(as_text=True)
    assert "<script>아무개" not in refused.get_data(as_text=True)


def test_a_form_made_before_the_questions_changed_is_sent_back_with_the_answers(
    source_client: FlaskClient, services: Services
) -> None:
    page = logged_in_source(source_client)
    required_questionnaire(services)  # the admin saves while the source types
    refused = post_multipart(source_client, "/submit", {**form_fields(page), "answer-1": WHAT})
    html = refused.get_data(as_text=True)
    assert 400 == refused.status_code
    assert "쓰는 동안에 물음이 바뀌었습니다." in html
    assert f"{WHAT}</textarea>" in html
    assert 0 == listed_sources(services)[0].submission_count


def test_answers_typed_in_an_ended_session_come_back_and_are_sent_with_the_codename(
    source_app: Flask, services: Services, newsroom_identity: str
) -> None:
    client = source_app.test_client()
    page = client.get("/generate").get_data(as_text=True)
    codename = re.search(r'<p class="codename"[^>]*>([^<]+)</p>', page)
    assert codename is not None
    assert 302 == client.post("/create", data={"csrf_token": csrf_token(page)}).status_code
    page = client.get("/lookup").get_data(as_text=True)
    client.set_cookie("tipline_source", ENDED)

    ended = post_multipart(client, "/submit", {**form_fields(page), "message": "글", "answer-2": WHERE})
    html = ended.get_data(as_text=True)
    assert 400 == ended.status_code
    assert f"{WHERE}</textarea>" in html

    again = {**form_fields(html), "codename": codename.group(1).strip(), "message": "글", "answer-2": WHERE}
    assert 302 == post_multipart(client, "/resend", again).status_code
    (manifest,) = manifests(services, newsroom_identity)
    assert WHERE == manifest.answers[1].answer


# --- API v1 ---


def test_the_api_reads_changes_and_restores_a_questionnaire(journalist_client: FlaskClient, services: Services) -> None:
    _admin, headers = logged_in(journalist_client, services, "editor", is_admin=True)
    _reporter, reporter = logged_in(journalist_client, services, "reporter")

    listed = journalist_client.get("/api/v1/questionnaires", headers=reporter).get_json()
    assert ["ko", "en", "ru", "zh_Hans"] == [q["language"] for q in listed["questionnaires"]]
    ko = journalist_client.get("/api/v1/questionnaires/ko", headers=reporter).get_json()
    assert (True, DEFAULTS["ko"][0].text, 1) == (
        ko["is_default"],
        ko["questions"][0]["text"],
        ko["questions"][0]["order"],
    )

    body = {
        "questions": [
            {"text": "When?", "kind": "date", "order": 2},
            {"text": "What?", "kind": "text", "required": True, "order": 1},
        ]
    }
    assert 403 == journalist_client.put("/api/v1/questionnaires/en", json=body, headers=reporter).status_code
    saved = journalist_client.put("/api/v1/questionnaires/en", json=body, headers=headers)
    assert 200 == saved.status_code, saved.get_data(as_text=True)
    assert [("What?", True, 1), ("When?", False, 2)] == [
        (q["text"], q["required"], q["order"]) for q in saved.get_json()["questions"]
    ]
    assert not saved.get_json()["is_default"]
    assert ("What?", "text") == (services.questionnaires.get("en").questions[0].text, "text")

    restored = journalist_client.delete("/api/v1/questionnaires/en", headers=headers).get_json()
    assert restored["is_default"]
    assert DEFAULTS["en"][0].text == restored["questions"][0]["text"]
    actions = [e.action for e in services.audit.page(1, 10).entries]
    assert {"set_questionnaire", "restore_questionnaire"} <= set(actions)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"questions": [{"text": "", "kind": "text"}]}, (1, "text_missing")),
        ({"questions": [{"text": "q", "kind": "choice", "choices": ["only"]}]}, (1, "choices_few")),
        ({"questions": [{"text": "q", "kind": "text"}, {"text": "r", "kind": "poll"}]}, (2, "kind_unknown")),
        ({"questions": "all of them"}, (None, "not_a_list")),
    ],
)
def test_the_api_refuses_a_wrong_questionnaire_naming_each_problem(
    journalist_client: FlaskClient, services: Services, body: dict[str, object], problem: tuple[int | None, str]
) -> None:
    _admin, headers = logged_in(journalist_client, services, "editor", is_admin=True)
    refused = journalist_client.put("/api/v1/questionnaires/ko", json=body, headers=headers)
    assert 400 == refused.status_code
    assert problem in [(p["question"], p["code"]) for p in refused.get_json()["problems"]]
    assert services.questionnaires.get("ko").is_default  # nothing saved


def test_the_api_knows_only_the_source_languages(journalist_client: FlaskClient, services: Services) -> None:
    _admin, headers = logged_in(journalist_client, services, "editor", is_admin=True)
    assert 404 == journalist_client.get("/api/v1/questionnaires/de", headers=headers).status_code
    body = {"questions": []}
    assert 404 == journalist_client.put("/api/v1/questionnaires/../ko", json=body, headers=headers).status_code
    extra = {"questions": [], "note": "x"}
    assert 400 == journalist_client.put("/api/v1/questionnaires/ko", json=extra, headers=headers).status_code
    # An empty list is a choice: no questions for that language.
    assert [] == journalist_client.put("/api/v1/questionnaires/ru", json=body, headers=headers).get_json()["questions"]
    assert () == services.questionnaires.get("ru").questions


# --- the journalist web interface ---


def web_client(journalist_client: FlaskClient, services: Services, *, is_admin: bool) -> str:
    view = services.journalists.get(
        make_journalist(services, "editor" if is_admin else "reporter", is_admin=is_admin).uuid
    )
    with journalist_client.session_transaction() as session:
        session["journalist_id"] = view.id
        session["generation"] = view.session_generation
    journalist_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    page = journalist_client.get("/admin/questionnaires/ko")
    return page.get_data(as_text=True) if page.status_code == 200 else str(page.status_code)


def test_an_admin_edits_a_questionnaire_in_the_web_interface(
    journalist_client: FlaskClient, services: Services
) -> None:
    page = web_client(journalist_client, services, is_admin=True)
    assert DEFAULTS["ko"][0].text in page
    assert "제보자를 알아볼 수 있는 것은 절대 묻지 마십시오" in page  # the warning, in the reader's language
    assert 'href="?l=ru"' not in page  # the interface's own language switcher is untouched
    assert "/admin/questionnaires/ru" in page
    fields = {
        "csrf_token": csrf_token(page),
        "q-1-text": "무엇을 보았습니까?", "q-1-kind": "text", "q-1-required": "y", "q-1-order": "2",
        "q-2-text": "누가 압니까?", "q-2-kind": "choice", "q-2-choices": "저만\n\n여럿\n", "q-2-order": "1",
        "q-3-text": "지울 물음", "q-3-kind": "text", "q-3-remove": "y",
        "q-4-text": "", "q-4-kind": "text", "q-4-choices": "",
    }  # fmt: skip
    saved = journalist_client.post("/admin/questionnaires/ko", data=fields)
    assert 302 == saved.status_code
    questions = services.questionnaires.get("ko").questions
    assert [("누가 압니까?", ("저만", "여럿"), False), ("무엇을 보았습니까?", (), True)] == [
        (q.text, q.choices, q.required) for q in questions
    ]


def test_the_web_form_shows_each_problem_at_its_row_keeping_what_was_typed(
    journalist_client: FlaskClient, services: Services
) -> None:
    page = web_client(journalist_client, services, is_admin=True)
    fields = {
        "csrf_token": csrf_token(page),
        "q-1-text": "남길 물음 <i>", "q-1-kind": "text",
        "q-2-text": "골라 보십시오", "q-2-kind": "choice", "q-2-choices": "하나뿐",
        "q-3-text": "예 아니", "q-3-kind": "yesno", "q-3-choices": "예\n아니",
    }  # fmt: skip
    refused = journalist_client.post("/admin/questionnaires/ko", data=fields)
    html = refused.get_data(as_text=True)
    assert 400 == refused.status_code
    assert "선택형 질문에는 선택지가 최소 2개 필요합니다." in html
    assert "선택지는 선택형 질문에만 있습니다." in html
    assert "남길 물음 &lt;i&gt;</textarea>" in html
    assert html.index("선택형 질문에는") < html.index("선택지는 선택형 질문에만")  # row 2, then row 3
    assert services.questionnaires.get("ko").is_default


def test_a_row_added_without_an_order_number_goes_after_the_numbered_ones(
    journalist_client: FlaskClient, services: Services
) -> None:
    page = web_client(journalist_client, services, is_admin=True)
    fields = {"csrf_token": csrf_token(page)}
    for number, question in enumerate(DEFAULTS["ko"], start=1):  # the rows as the page shows them
        fields |= {f"q-{number}-text": question.text, f"q-{number}-kind": question.kind}
        fields |= {f"q-{number}-choices": "\n".join(question.choices), f"q-{number}-order": str(number)}
    fields |= {"q-1-order": "9", "q-6-text": "새 물음", "q-6-kind": "text", "q-6-order": ""}
    assert 302 == journalist_client.post("/admin/questionnaires/ko", data=fields).status_code
    texts = [q.text for q in services.questionnaires.get("ko").questions]
    assert [*[q.text for q in DEFAULTS["ko"][1:]], DEFAULTS["ko"][0].text, "새 물음"] == texts


def test_only_admins_reach_the_questionnaire_pages(journalist_client: FlaskClient, services: Services) -> None:
    assert "403" == web_client(journalist_client, services, is_admin=False)
    token = csrf_token(journalist_client.get("/").get_data(as_text=True))
    fields = {"csrf_token": token, "q-1-text": "이름은?", "q-1-kind": "text"}
    assert 403 == journalist_client.post("/admin/questionnaires/ko", data=fields).status_code
    assert services.questionnaires.get("ko").is_default


def test_the_admin_page_can_go_back_to_the_shipped_questionnaire(
    journalist_client: FlaskClient, services: Services
) -> None:
    page = web_client(journalist_client, services, is_admin=True)
    fields = {"csrf_token": csrf_token(page), "q-1-text": "하나", "q-1-kind": "text"}
    assert 302 == journalist_client.post("/admin/questionnaires/ko", data=fields).status_code
    assert not services.questionnaires.get("ko").is_default
    page = journalist_client.get("/admin/questionnaires/ko").get_data(as_text=True)
    assert (
        302
        == journalist_client.post("/admin/questionnaires/ko/default", data={"csrf_token": csrf_token(page)}).status_code
    )
    assert services.questionnaires.get("ko").is_default
    assert json.dumps(DEFAULTS["ko"][0].text, ensure_ascii=False)[1:-1] in journalist_client.get(
        "/admin/questionnaires/ko"
    ).get_data(as_text=True)
