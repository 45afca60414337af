"""A questionnaire's definition and a source's answers: parsed and checked strictly, no I/O.

A definition is a list of questions (its order is the order shown). Problems are returned as
codes with the question's number, never as text: the journalist web interface words them in the
reader's language, the API in English (``describe``).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tipline.errors import InvalidQuestionnaire

KINDS = ("text", "choice", "yesno", "date")
YES, NO = "yes", "no"
MAX_QUESTIONS = 20
MAX_QUESTION_CHARACTERS = 500
MIN_CHOICES = 2
MAX_CHOICES = 20
MAX_CHOICE_CHARACTERS = 200
MAX_ANSWER_CHARACTERS = 5000

# English wording of each problem code (the API's; the web interface has its own, translated).
DESCRIPTIONS: dict[str, str] = {
    "not_a_list": "questions must be a list",
    "too_many": f"at most {MAX_QUESTIONS} questions",
    "not_an_object": "a question must be an object",
    "unknown_field": "unknown field (allowed: text, kind, required, choices, order)",
    "text_missing": "the question's text is missing or empty",
    "text_too_long": f"the question's text is longer than {MAX_QUESTION_CHARACTERS} characters",
    "text_control": "the question's text holds control or invisible characters",
    "kind_unknown": "kind must be one of: " + ", ".join(KINDS),
    "required_not_bool": "required must be true or false",
    "choices_not_list": "choices must be a list of strings",
    "choices_few": f"a choice question needs at least {MIN_CHOICES} choices",
    "choices_many": f"at most {MAX_CHOICES} choices",
    "choice_empty": "a choice is empty",
    "choice_too_long": f"a choice is longer than {MAX_CHOICE_CHARACTERS} characters",
    "choice_control": "a choice holds control or invisible characters",
    "choice_repeated": "two choices are the same",
    "choices_unexpected": "only a choice question has choices",
    "order_not_int": "order must be a whole number from 1",
    "order_repeated": "two questions have the same order",
    "order_partial": "give order for every question or for none",
    "text_repeated": "two questions have the same text",
}


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "required": self.required, "choices": list(self.choices)}


@dataclass(frozen=True)
class Problem:
    code: str
    question: int | None = None  # 1-based; None: the whole list

    def describe(self) -> str:
        where = f"question {self.question}: " if self.question is not None else ""
        return where + DESCRIPTIONS[self.code]


def _clean_line(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _has_control(value: str, *, newlines: bool = False) -> bool:
    # Cc (controls), Cf (format: bidi overrides, zero-width), Cs/Co/Cn: nothing an admin means to show.
    allowed = {"\n"} if newlines else set()
    return any(unicodedata.category(c)[0] == "C" and c not in allowed for c in value)


def parse_questions(raw: Any) -> tuple[Question, ...]:
    """The questions of a definition (decoded JSON), or InvalidQuestionnaire naming every problem."""
    if not isinstance(raw, list):
        raise InvalidQuestionnaire([Problem("not_a_list")])
    if len(raw) > MAX_QUESTIONS:
        raise InvalidQuestionnaire([Problem("too_many")])
    problems: list[Problem] = []
    parsed: list[tuple[int | None, Question]] = []
    for number, item in enumerate(raw, start=1):
        question, order, found = _parse_one(number, item)
        problems += found
        if question is not None:
            parsed.append((order, question))
    orders = [order for order, _ in parsed]
    if any(order is not None for order in orders):
        if any(order is None for order in orders):
            problems.append(Problem("order_partial"))
        elif len(set(orders)) != len(orders):
            problems.append(Problem("order_repeated"))
        else:
            parsed.sort(key=lambda pair: pair[0] or 0)
    texts = [question.text.casefold() for _, question in parsed]
    if len(set(texts)) != len(texts):
        problems.append(Problem("text_repeated"))
    if problems:
        raise InvalidQuestionnaire(problems)
    return tuple(question for _, question in parsed)


def _parse_one(number: int, item: Any) -> tuple[Question | None, int | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, None, [Problem("not_an_object", number)]
    problems: list[Problem] = []
    if set(item) - {"text", "kind", "required", "choices", "order"}:
        problems.append(Problem("unknown_field", number))
    text = item.get("text")
    if not isinstance(text, str) or not _clean_line(text):
        problems.append(Problem("text_missing", number))
        text = ""
    else:
        text = _clean_line(text)
        if len(text) > MAX_QUESTION_CHARACTERS:
            problems.append(Problem("text_too_long", number))
        if _has_control(text, newlines=True):
            problems.append(Problem("text_control", number))
    kind = item.get("kind")
    if kind not in KINDS:
        problems.append(Problem("kind_unknown", number))
    required = item.get("required", False)
    if not isinstance(required, bool):
        problems.append(Problem("required_not_bool", number))
    choices = _parse_choices(number, item.get("choices", []), kind, problems)
    order = item.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool) or not 1 <= order <= 10**6):
        problems.append(Problem("order_not_int", number))
        order = None
    if problems:
        return None, order, problems
    return Question(text, str(kind), bool(required), choices), order, []


def _parse_choices(number: int, raw: Any, kind: Any, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(choice, str) for choice in raw):
        problems.append(Problem("choices_not_list", number))
        return ()
    choices = tuple(_clean_line(choice) for choice in raw)
    if kind != "choice":
        if choices:
            problems.append(Problem("choices_unexpected", number))
        return ()
    if len(choices) < MIN_CHOICES:
        problems.append(Problem("choices_few", number))
    if len(choices) > MAX_CHOICES:
        problems.append(Problem("choices_many", number))
    if any(not choice for choice in choices):
        problems.append(Problem("choice_empty", number))
    if any(len(choice) > MAX_CHOICE_CHARACTERS for choice in choices):
        problems.append(Problem("choice_too_long", number))
    if any(_has_control(choice) for choice in choices):
        problems.append(Problem("choice_control", number))
    if len({choice.casefold() for choice in choices}) != len(choices):
        problems.append(Problem("choice_repeated", number))
    return choices


def questions_json(questions: Sequence[Question]) -> list[dict[str, Any]]:
    return [question.to_json() for question in questions]


# --- a source's answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str
    answer: str  # "" when left empty; yes/no as "yes"/"no"; a date as YYYY-MM-DD


@dataclass(frozen=True)
class CheckedAnswers:
    answers: tuple[Answer, ...]
    # 1-based question number → problem code: required, not_a_choice, not_yes_no, not_a_day, too_long
    problems: Mapping[int, str] = field(default_factory=dict)

    @property
    def any_given(self) -> bool:
        return any(answer.answer for answer in self.answers)


def check_answers(questions: Sequence[Question], given: Mapping[int, str]) -> CheckedAnswers:
    """The answers to ``questions`` (``given``: 1-based number → what the form sent)."""
    answers: list[Answer] = []
    problems: dict[int, str] = {}
    for number, question in enumerate(questions, start=1):
        value = given.get(number, "")
        value = value.replace("\r\n", "\n").strip() if question.kind == "text" else value.strip()
        problem = _answer_problem(question, value)
        if problem:
            problems[number] = problem
        answers.append(Answer(question.text, question.kind, value if not problem else ""))
    return CheckedAnswers(tuple(answers), problems)


def _answer_problem(question: Question, value: str) -> str | None:
    if not value:
        return "required" if question.required else None
    if len(value) > MAX_ANSWER_CHARACTERS:
        return "too_long"
    if question.kind == "choice" and value not in question.choices:
        return "not_a_choice"
    if question.kind == "yesno" and value not in (YES, NO):
        return "not_yes_no"
    if question.kind == "date" and not is_day(value):
        return "not_a_day"
    return None


def is_day(value: str) -> bool:
    if len(value) != len("YYYY-MM-DD"):
        return False
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return 1900 <= day.year <= 2200
