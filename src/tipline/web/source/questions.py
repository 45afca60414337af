"""The questionnaire on the submit form: which one is shown, what the source typed, what is wrong.

Answers travel only in the request that sends them (and back into the page when something must be
fixed): never in the session, never logged. They leave this module as ManifestAnswers, to be
encrypted with the batch's manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _

from tipline.portals import SourcePortal
from tipline.questionnaires.form import MAX_ANSWER_CHARACTERS, Question, check_answers, questions_json
from tipline.submissions.manifest import ManifestAnswer

FIELD = "answer-{}"
KEY_FIELD = "questionnaire"


@dataclass(frozen=True)
class Shown:
    """What the form shows: the questions, what was typed (by number) and the problems."""

    language: str
    questions: tuple[Question, ...]
    typed: dict[int, str] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Names these exact questions: a form made before an admin changed them is caught."""
        body = json.dumps([self.language, questions_json(self.questions)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]

    def field_name(self, number: int) -> str:
        return FIELD.format(number)

    def value(self, number: int) -> str:
        return self.typed.get(number, "")

    def problem(self, number: int) -> str:
        code = self.problems.get(number)
        return "" if code is None else problem_text(code)

    @property
    def max_characters(self) -> int:
        return MAX_ANSWER_CHARACTERS


def problem_text(code: str) -> str:
    texts: dict[str, str] = {
        "required": _("Answer this question: it is required."),
        "not_a_choice": _("Choose one of the answers shown."),
        "not_yes_no": _("Choose one of the answers shown."),
        "not_a_day": _("Write the day as year-month-day, for example 2026-03-01."),
        "too_long": _("This answer is too long: at most %(max)d characters.", max=MAX_ANSWER_CHARACTERS),
    }
    return texts.get(code) or _("Check this answer.")


def page_language() -> str:
    locale = get_locale()
    return str(locale) if locale else ""


def current(services: SourcePortal) -> Shown:
    """The questionnaire of the page's language, with nothing typed yet."""
    language = page_language()
    if language not in services.questionnaires.languages:
        return Shown(language, ())
    return Shown(language, services.questionnaires.get(language).questions)


def typed_answers(count: int) -> dict[int, str]:
    """What the request carries for questions 1…count (text only: a file part is not an answer)."""
    typed = {}
    for number in range(1, count + 1):
        value = request.form.get(FIELD.format(number), "")
        if isinstance(value, str) and value:
            # Kept within reason before anything else looks at it: the form memory limit bounds it too.
            typed[number] = value[: MAX_ANSWER_CHARACTERS * 2]
    return typed


@dataclass(frozen=True)
class Received:
    shown: Shown  # for the page, if it must be shown again
    answers: tuple[ManifestAnswer, ...]
    changed: bool  # the questions changed since the form was made

    @property
    def ok(self) -> bool:
        return not self.shown.problems and not self.changed


def received(services: SourcePortal) -> Received:
    """The answers of the request being answered, checked against the questionnaire it was made for."""
    base = current(services)
    typed = typed_answers(len(base.questions))
    sent_key = request.form.get(KEY_FIELD, "")
    # A form without the key (no questionnaire when it was made) but with no answers is fine.
    changed = bool(base.questions) and sent_key != base.key and (bool(typed) or bool(sent_key))
    checked = check_answers(base.questions, typed)
    shown = Shown(base.language, base.questions, typed, dict(checked.problems))
    answers = tuple(ManifestAnswer(a.question, a.kind, a.answer) for a in checked.answers)
    return Received(shown, answers, changed)
