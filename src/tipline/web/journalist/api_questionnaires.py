"""API v1: the questionnaire of each source language (read: any journalist; change: admins)."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify

from tipline.contract.codec import to_json
from tipline.contract.records import QuestionnaireRecord, QuestionRecord
from tipline.errors import BadJson
from tipline.questionnaires.form import parse_questions
from tipline.questionnaires.service import Questionnaire
from tipline.web.journalist.api_access import admin_required, bp, token_required
from tipline.web.journalist.api_json import PREFIX, json_body
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"


def questionnaire_json(questionnaire: Questionnaire) -> dict[str, Any]:
    record = QuestionnaireRecord(
        language=questionnaire.language,
        is_default=questionnaire.is_default,
        questions=tuple(
            QuestionRecord(number, q.text, q.kind, q.required, q.choices)
            for number, q in enumerate(questionnaire.questions, start=1)
        ),
        url=f"{PREFIX}/questionnaires/{questionnaire.language}",
    )
    result: dict[str, Any] = to_json(record)
    return result


@bp.get("/questionnaires")
@token_required
def questionnaires() -> Response:
    admin = newsroom_desk().questionnaire_admin
    return jsonify({"questionnaires": [questionnaire_json(admin.get(lang)) for lang in admin.languages]})


@bp.get("/questionnaires/<language>")
@token_required
def questionnaire(language: str) -> Response:
    return jsonify(questionnaire_json(newsroom_desk().questionnaire_admin.get(language)))


@bp.put("/questionnaires/<language>")
@admin_required
def save(language: str) -> Response:
    body = json_body()
    if set(body) - {"questions"} or "questions" not in body:
        raise BadJson('the body is {"questions": [...]}, and nothing else')
    questions = parse_questions(body["questions"])
    saved = newsroom_desk().questionnaire_admin.save(g.journalist, language, questions, VIA)
    return jsonify(questionnaire_json(saved))


@bp.delete("/questionnaires/<language>")
@admin_required
def restore(language: str) -> Response:
    return jsonify(questionnaire_json(newsroom_desk().questionnaire_admin.restore_default(g.journalist, language, VIA)))
