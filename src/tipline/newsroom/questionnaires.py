"""Questionnaires as journalists reach them: anyone reads, admins change, every change audited."""

from __future__ import annotations

from collections.abc import Sequence

from tipline.audit.service import AuditLog
from tipline.errors import Forbidden
from tipline.journalists.service import JournalistView
from tipline.questionnaires.form import Question
from tipline.questionnaires.service import Questionnaire, QuestionnaireService


class QuestionnaireAdmin:
    def __init__(self, questionnaires: QuestionnaireService, audit: AuditLog) -> None:
        self._questionnaires = questionnaires
        self._audit = audit

    @property
    def languages(self) -> tuple[str, ...]:
        return self._questionnaires.languages

    def get(self, language: str) -> Questionnaire:
        return self._questionnaires.get(language)

    def save(self, actor: JournalistView, language: str, questions: Sequence[Question], via: str) -> Questionnaire:
        if not actor.is_admin:
            raise Forbidden()
        saved = self._questionnaires.save(language, questions)
        # The language and the count only: question texts are the newsroom's, but the log stays small.
        self._audit.record(actor.username, "set_questionnaire", via=via, detail=f"{language}: {len(saved.questions)}")
        return saved

    def restore_default(self, actor: JournalistView, language: str, via: str) -> Questionnaire:
        if not actor.is_admin:
            raise Forbidden()
        restored = self._questionnaires.restore_default(language)
        self._audit.record(actor.username, "restore_questionnaire", via=via, detail=language)
        return restored
