"""Reading and saving the questionnaire of each source language."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tipline.db import SessionFactory
from tipline.errors import UnknownLanguage
from tipline.questionnaires.defaults import DEFAULTS
from tipline.questionnaires.form import Question, parse_questions, questions_json
from tipline.questionnaires.models import QuestionnaireRow


@dataclass(frozen=True)
class Questionnaire:
    language: str
    questions: tuple[Question, ...]
    is_default: bool  # no admin has saved one for this language


class QuestionnaireService:
    def __init__(self, sessions: SessionFactory, languages: Sequence[str] = tuple(DEFAULTS)) -> None:
        # The source interface's languages: each has a default (a test checks they are the same).
        self._sessions = sessions
        self.languages = tuple(languages)

    def _known(self, language: str) -> None:
        if language not in self.languages:
            raise UnknownLanguage(language, known=self.languages)

    @contextmanager
    def _session(self, within: Session | None, *, writing: bool) -> Iterator[Session]:
        """The caller's session (an audited action's unit of work), or one of this call's own."""
        if within is not None:
            yield within
        else:
            with self._sessions.begin() if writing else self._sessions() as own:
                yield own

    def get(self, language: str, *, within: Session | None = None) -> Questionnaire:
        self._known(language)
        with self._session(within, writing=False) as session:
            row = session.get(QuestionnaireRow, language)
            stored = None if row is None else row.questions
        if stored is None:
            return Questionnaire(language, DEFAULTS.get(language, ()), is_default=True)
        # Stored only by save(), after parse_questions: parsed again all the same (a hand-edited row).
        return Questionnaire(language, parse_questions(json.loads(stored)), is_default=False)

    def save(self, language: str, questions: Sequence[Question], *, within: Session | None = None) -> Questionnaire:
        self._known(language)
        checked = parse_questions(questions_json(questions))
        text = json.dumps(questions_json(checked), ensure_ascii=False)
        with self._session(within, writing=True) as session:
            row = session.get(QuestionnaireRow, language)
            if row is None:
                session.add(QuestionnaireRow(language=language, questions=text))
            else:
                row.questions = text
        return Questionnaire(language, checked, is_default=False)

    def restore_default(self, language: str, *, within: Session | None = None) -> Questionnaire:
        self._known(language)
        with self._session(within, writing=True) as session:
            row = session.get(QuestionnaireRow, language)
            if row is not None:
                session.delete(row)
                session.flush()
            return self.get(language, within=session)
