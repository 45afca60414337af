"""Questionnaires as journalists reach them: anyone reads, admins change, every change audited."""

from __future__ import annotations

from collections.abc import Sequence

from tipline.audit.service import add_entry
from tipline.errors import Forbidden
from tipline.journalists.records import JournalistView
from tipline.newsroom.unit_of_work import UnitOfWork
from tipline.questionnaires.form import Question
from tipline.questionnaires.service import Questionnaire, QuestionnaireService


class QuestionnaireAdmin:
    def __init__(self, questionnaires: QuestionnaireService, unit_of_work: UnitOfWork) -> None:
        self._questionnaires = questionnaires
        self._work = unit_of_work

    @property
    def languages(self) -> tuple[str, ...]:
        return self._questionnaires.languages

    def get(self, language: str) -> Questionnaire:
        return self._questionnaires.get(language)

    def save(self, actor: JournalistView, language: str, questions: Sequence[Question], via: str) -> Questionnaire:
        if not actor.is_admin:
            raise Forbidden()
        with self._work() as work:  # the change and its entry: both or neither
            saved = self._questionnaires.save(language, questions, within=work.session)
            # The language and the count only: question texts are the newsroom's, but the log stays small.
            detail = f"{language}: {len(saved.questions)}"
            add_entry(work.session, actor.username, "set_questionnaire", via=via, detail=detail)
        return saved

    def restore_default(self, actor: JournalistView, language: str, via: str) -> Questionnaire:
        if not actor.is_admin:
            raise Forbidden()
        with self._work() as work:
            restored = self._questionnaires.restore_default(language, within=work.session)
            add_entry(work.session, actor.username, "restore_questionnaire", via=via, detail=language)
        return restored
