"""Admin pages: the questionnaire of each source language, edited as plain form rows (no script).

Each row is one question: text, kind, required, choices (one a line) and order; an empty row is
ignored and "remove" drops a row. Every problem is shown at its row, in the reader's language,
with everything typed kept; nothing is saved until all rows are right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tipline.errors import InvalidQuestionnaire, QuestionProblem, UnknownLanguage
from tipline.questionnaires.form import (
    MAX_CHOICE_CHARACTERS,
    MAX_CHOICES,
    MAX_QUESTION_CHARACTERS,
    MAX_QUESTIONS,
    MIN_CHOICES,
    Question,
    parse_questions,
)
from tipline.web.common.locale import LANGUAGE_NAMES
from tipline.web.journalist.auth import admin_required
from tipline.web.journalist.forms import QuestionnaireForm
from tipline.web.journalist.portal import newsroom_desk

VIA = "web"
BLANK_ROWS = 3
SOURCE_LANGUAGE_NAMES = {**LANGUAGE_NAMES, "ko": "조선말 (ko)"}


@dataclass
class Row:
    """One question as the form shows it (typed text kept as typed)."""

    text: str = ""
    kind: str = "text"
    required: bool = False
    choices: str = ""  # one a line
    order: str = ""
    errors: list[str] = field(default_factory=list)


def problem_text(problem: QuestionProblem) -> str:
    texts: dict[str, str] = {
        "too_many": _("At most %(max)d questions.", max=MAX_QUESTIONS),
        "unknown_field": _("Unknown field."),
        "text_missing": _("Write the question."),
        "text_too_long": _("The question is too long: at most %(max)d characters.", max=MAX_QUESTION_CHARACTERS),
        "text_control": _("The question holds invisible or control characters: type it again."),
        "kind_unknown": _("Choose a kind of answer."),
        "required_not_bool": _("Required is yes or no."),
        "choices_not_list": _("Write the choices one a line."),
        "choices_few": _("A question with choices needs at least %(min)d choices.", min=MIN_CHOICES),
        "choices_many": _("At most %(max)d choices.", max=MAX_CHOICES),
        "choice_empty": _("A choice is empty."),
        "choice_too_long": _("A choice is too long: at most %(max)d characters.", max=MAX_CHOICE_CHARACTERS),
        "choice_control": _("A choice holds invisible or control characters: type it again."),
        "choice_repeated": _("Two choices are the same."),
        "choices_unexpected": _("Only a question with choices has choices: empty the box, or change the kind."),
        "order_not_int": _("The order is a whole number from 1."),
        "order_repeated": _("Two questions have the same order number."),
        "order_partial": _("Give an order number to every question, or to none."),
        "text_repeated": _("Two questions are the same."),
        "not_a_list": _("Nothing could be read."),
        "not_an_object": _("Nothing could be read."),
    }
    return texts.get(problem.code, problem.describe())


def rows_of(questions: tuple[Question, ...]) -> list[Row]:
    rows = [Row(q.text, q.kind, q.required, "\n".join(q.choices), str(n)) for n, q in enumerate(questions, start=1)]
    return rows + [Row() for _ in range(BLANK_ROWS)]


def posted_rows() -> list[Row]:
    rows = []
    for number in range(1, MAX_QUESTIONS + BLANK_ROWS + 1):
        prefix = f"q-{number}-"
        if not any(key.startswith(prefix) for key in request.form):
            continue
        if request.form.get(prefix + "remove"):
            continue
        rows.append(
            Row(
                text=request.form.get(prefix + "text", ""),
                kind=request.form.get(prefix + "kind", "text"),
                required=bool(request.form.get(prefix + "required")),
                choices=request.form.get(prefix + "choices", ""),
                order=request.form.get(prefix + "order", "").strip(),
            )
        )
    return rows


def _raw(row: Row) -> dict[str, Any]:
    raw: dict[str, Any] = {"text": row.text, "kind": row.kind, "required": row.required}
    lines = [line.strip() for line in row.choices.splitlines()]
    raw["choices"] = [line for line in lines if line]
    if row.order:
        raw["order"] = int(row.order) if row.order.isascii() and row.order.isdigit() and len(row.order) < 8 else -1
    return raw


def _ordered(raws: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row added without an order number goes after the numbered ones, in its place on the
    form (the API asks for all or none; a form row left blank means "here")."""
    if any("order" in raw for raw in raws):
        for position, raw in enumerate(raws):
            raw.setdefault("order", 100_000 + position)
    return raws


def _is_blank(row: Row) -> bool:
    return not row.text.strip() and not row.choices.strip()


bp = Blueprint("questionnaires", __name__, url_prefix="/admin/questionnaires")


def page(language: str, rows: list[Row], form_errors: list[str], status: int = 200) -> tuple[str, int]:
    try:
        questionnaire = newsroom_desk().questionnaire_admin.get(language)
    except UnknownLanguage:
        abort(404)
    return render_template(
        "questionnaire.html",
        language=language,
        source_languages=[
            (code, SOURCE_LANGUAGE_NAMES.get(code, code)) for code in newsroom_desk().questionnaire_admin.languages
        ],
        is_default=questionnaire.is_default,
        rows=rows,
        kinds=[
            ("text", _("Free text")),
            ("choice", _("One of a list")),
            ("yesno", _("Yes or no")),
            ("date", _("A day")),
        ],
        form=QuestionnaireForm(formdata=None),
        form_errors=form_errors,
        max_questions=MAX_QUESTIONS,
    ), status


@bp.get("/")
@admin_required
def index() -> Response:
    return redirect(url_for(".edit", language=newsroom_desk().questionnaire_admin.languages[0]))


@bp.get("/<language>")
@admin_required
def edit(language: str) -> tuple[str, int]:
    try:
        questions = newsroom_desk().questionnaire_admin.get(language).questions
    except UnknownLanguage:
        abort(404)
    return page(language, rows_of(questions), [])


@bp.post("/<language>")
@admin_required
def save(language: str) -> tuple[str, int] | Response:
    if language not in newsroom_desk().questionnaire_admin.languages:
        abort(404)
    form = QuestionnaireForm()
    rows = posted_rows()
    if not form.validate_on_submit():
        return page(language, rows, [_("This form has expired. Send it again.")], 400)
    kept = [row for row in rows if not _is_blank(row)]
    try:
        questions = parse_questions(_ordered([_raw(row) for row in kept]))
    except InvalidQuestionnaire as error:
        form_errors = []
        for problem in error.problems:
            if problem.question is None:
                form_errors.append(problem_text(problem))
            else:
                kept[problem.question - 1].errors.append(problem_text(problem))
        return page(language, kept + [Row() for _ in range(BLANK_ROWS)], form_errors, 400)
    newsroom_desk().questionnaire_admin.save(g.journalist, language, questions, VIA)
    flash(_("Saved. Sources reading this language see these questions from now on."), "success")
    return redirect(url_for(".edit", language=language))


@bp.post("/<language>/default")
@admin_required
def restore(language: str) -> tuple[str, int] | Response:
    form = QuestionnaireForm()
    if language not in newsroom_desk().questionnaire_admin.languages:
        abort(404)
    if form.validate_on_submit():
        newsroom_desk().questionnaire_admin.restore_default(g.journalist, language, VIA)
        flash(_("The questionnaire Tipline ships is back for this language."), "success")
    return redirect(url_for(".edit", language=language))
