"""QuestionnaireService on both engines: the shipped default until an admin saves, then the
admin's, an empty list meaning no questions; only the source languages; saving is audited and
admins only."""

from __future__ import annotations

import json

import pytest

from tests.factories.journalists import make_journalist
from tipline.errors import Forbidden, InvalidQuestionnaire, UnknownLanguage
from tipline.questionnaires.defaults import DEFAULTS
from tipline.questionnaires.form import Question
from tipline.questionnaires.models import QuestionnaireRow
from tipline.services import Services

QUESTIONS = (Question("무엇을?", "text", required=True), Question("누가?", "choice", choices=("저", "여럿")))


def test_the_default_until_saved_then_the_saved_one_then_the_default_again(services: Services) -> None:
    questionnaires = services.questionnaires
    assert (DEFAULTS["ko"], True) == (questionnaires.get("ko").questions, questionnaires.get("ko").is_default)

    questionnaires.save("ko", QUESTIONS)
    assert (QUESTIONS, False) == (questionnaires.get("ko").questions, questionnaires.get("ko").is_default)
    assert DEFAULTS["en"] == questionnaires.get("en").questions  # each language its own

    questionnaires.save("ko", ())
    assert ((), False) == (questionnaires.get("ko").questions, questionnaires.get("ko").is_default)

    assert questionnaires.restore_default("ko").is_default
    assert DEFAULTS["ko"] == questionnaires.get("ko").questions


def test_only_the_source_languages_exist(services: Services) -> None:
    assert ("ko", "en", "ru", "zh_Hans") == services.questionnaires.languages
    for language in ("de", "", "../ko", "KO"):
        with pytest.raises(UnknownLanguage):
            services.questionnaires.get(language)
        with pytest.raises(UnknownLanguage):
            services.questionnaires.save(language, QUESTIONS)


def test_what_is_stored_is_checked_again(services: Services) -> None:
    with pytest.raises(InvalidQuestionnaire):
        services.questionnaires.save("ko", (Question("", "text"),))
    with services.sessions.begin() as session:  # a row edited by hand, badly
        session.add(QuestionnaireRow(language="ru", questions=json.dumps([{"text": "x", "kind": "poll"}])))
    with pytest.raises(InvalidQuestionnaire):
        services.questionnaires.get("ru")


def test_only_admins_change_questionnaires_and_each_change_is_audited(services: Services) -> None:
    reporter = services.journalists.get(make_journalist(services, "reporter").uuid)
    editor = services.journalists.get(make_journalist(services, "editor", is_admin=True).uuid)
    admin = services.questionnaire_admin
    with pytest.raises(Forbidden):
        admin.save(reporter, "ko", QUESTIONS, "api")
    with pytest.raises(Forbidden):
        admin.restore_default(reporter, "ko", "web")
    assert services.questionnaires.get("ko").is_default

    admin.save(editor, "ko", QUESTIONS, "web")
    admin.restore_default(editor, "ko", "api")
    entries = services.audit.page(1, 10).entries
    assert [("restore_questionnaire", "ko", "api"), ("set_questionnaire", "ko: 2", "web")] == [
        (e.action, e.detail, e.via) for e in entries[:2]
    ]
