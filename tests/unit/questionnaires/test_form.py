"""Questionnaire definitions and answers: strict checks, every problem named."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tipline.errors import InvalidQuestionnaire
from tipline.i18n.catalogues import SOURCE
from tipline.questionnaires.defaults import DEFAULTS
from tipline.questionnaires.form import (
    MAX_ANSWER_CHARACTERS,
    MAX_QUESTIONS,
    Question,
    check_answers,
    parse_questions,
    questions_json,
)


def codes(raw: Any) -> set[tuple[int | None, str]]:
    with pytest.raises(InvalidQuestionnaire) as caught:
        parse_questions(raw)
    return {(p.question, p.code) for p in caught.value.problems}


def test_a_good_definition_parses_and_round_trips() -> None:
    raw = [
        {"text": " 무슨 일이 있었습니까? ", "kind": "text", "required": True},
        {"text": "Who else knows?", "kind": "choice", "choices": ["Only me", " A few "]},
        {"text": "Reply?", "kind": "yesno"},
        {"text": "When?", "kind": "date", "required": False, "choices": []},
    ]
    questions = parse_questions(raw)
    assert Question("무슨 일이 있었습니까?", "text", True) == questions[0]
    assert ("Only me", "A few") == questions[1].choices
    assert questions == parse_questions(questions_json(questions))


def test_order_sorts_the_questions_when_every_question_has_one() -> None:
    raw = [{"text": "b", "kind": "text", "order": 2}, {"text": "a", "kind": "text", "order": 1}]
    assert ["a", "b"] == [q.text for q in parse_questions(raw)]
    assert {(None, "order_partial")} == codes(
        [{"text": "a", "kind": "text", "order": 1}, {"text": "b", "kind": "text"}]
    )
    assert {(None, "order_repeated")} == codes(
        [{"text": "a", "kind": "text", "order": 1}, {"text": "b", "kind": "text", "order": 1}]
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"questions": []}, {(None, "not_a_list")}),
        ([{"text": "q", "kind": "text"}] * (MAX_QUESTIONS + 1), {(None, "too_many")}),
        ([5], {(1, "not_an_object")}),
        ([{"text": "", "kind": "text"}], {(1, "text_missing")}),
        ([{"text": "   ", "kind": "text"}], {(1, "text_missing")}),
        ([{"kind": "text"}], {(1, "text_missing")}),
        ([{"text": "x" * 501, "kind": "text"}], {(1, "text_too_long")}),
        ([{"text": "a\u202eb", "kind": "text"}], {(1, "text_control")}),
        ([{"text": "q", "kind": "essay"}], {(1, "kind_unknown")}),
        ([{"text": "q"}], {(1, "kind_unknown")}),
        ([{"text": "q", "kind": "text", "required": "yes"}], {(1, "required_not_bool")}),
        ([{"text": "q", "kind": "choice", "choices": ["one"]}], {(1, "choices_few")}),
        ([{"text": "q", "kind": "choice", "choices": "a,b"}], {(1, "choices_not_list")}),
        ([{"text": "q", "kind": "choice", "choices": ["a", 2]}], {(1, "choices_not_list")}),
        ([{"text": "q", "kind": "choice", "choices": ["a", "A"]}], {(1, "choice_repeated")}),
        ([{"text": "q", "kind": "choice", "choices": ["a", " "]}], {(1, "choice_empty")}),
        ([{"text": "q", "kind": "choice", "choices": ["a", "b" * 201]}], {(1, "choice_too_long")}),
        ([{"text": "q", "kind": "choice", "choices": [str(i) for i in range(21)]}], {(1, "choices_many")}),
        ([{"text": "q", "kind": "yesno", "choices": ["a", "b"]}], {(1, "choices_unexpected")}),
        ([{"text": "q", "kind": "text", "order": 0}], {(1, "order_not_int")}),
        ([{"text": "q", "kind": "text", "order": True}], {(1, "order_not_int")}),
        ([{"text": "q", "kind": "text", "colour": "red"}], {(1, "unknown_field")}),
        ([{"text": "Q", "kind": "text"}, {"text": "q", "kind": "date"}], {(None, "text_repeated")}),
        # Every problem at once, each at its question.
        (
            [{"text": "", "kind": "x"}, {"text": "ok", "kind": "text"}, 7],
            {(1, "text_missing"), (1, "kind_unknown"), (3, "not_an_object")},
        ),
    ],
)
def test_every_problem_is_named_at_its_question(raw: Any, expected: set[tuple[int | None, str]]) -> None:
    assert expected == codes(raw)


def test_the_message_says_which_question_and_what() -> None:
    with pytest.raises(InvalidQuestionnaire, match="question 2: kind must be one of: text, choice, yesno, date"):
        parse_questions([{"text": "a", "kind": "text"}, {"text": "b", "kind": "poll"}])


QUESTIONS = (
    Question("What?", "text", required=True),
    Question("Who knows?", "choice", choices=("Only me", "Many")),
    Question("Reply?", "yesno"),
    Question("When?", "date"),
)


def test_answers_are_checked_and_paired_with_their_questions() -> None:
    checked = check_answers(QUESTIONS, {1: "  A fire\r\nat night ", 2: "Many", 3: "no", 4: "2026-03-01"})
    assert {} == dict(checked.problems)
    assert [("What?", "A fire\nat night"), ("Who knows?", "Many"), ("Reply?", "no"), ("When?", "2026-03-01")] == [
        (a.question, a.answer) for a in checked.answers
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, {1: "required"}),
        ({1: "   "}, {1: "required"}),
        ({1: "x", 2: "Nobody"}, {2: "not_a_choice"}),
        ({1: "x", 3: "maybe"}, {3: "not_yes_no"}),
        ({1: "x", 4: "01/03/2026"}, {4: "not_a_day"}),
        ({1: "x", 4: "2026-02-30"}, {4: "not_a_day"}),
        ({1: "x", 4: "2026-03-01T10:00"}, {4: "not_a_day"}),  # a day only, never a time
        ({1: "x" * (MAX_ANSWER_CHARACTERS + 1)}, {1: "too_long"}),
    ],
)
def test_wrong_answers_are_named(given: dict[int, str], expected: dict[int, str]) -> None:
    checked = check_answers(QUESTIONS, given)
    assert expected == dict(checked.problems)
    assert all(not a.answer for n, a in enumerate(checked.answers, start=1) if n in expected)


def test_optional_questions_may_be_left_empty() -> None:
    checked = check_answers(QUESTIONS, {1: "only this"})
    assert ({}, ["only this", "", "", ""]) == (dict(checked.problems), [a.answer for a in checked.answers])


def test_every_source_language_ships_a_valid_default_with_the_same_kinds() -> None:
    assert set(SOURCE.locales) == set(DEFAULTS)
    kinds = [q.kind for q in DEFAULTS["ko"]]
    assert {"text", "choice", "yesno", "date"} == set(kinds)
    for language, questions in DEFAULTS.items():
        assert questions == parse_questions(questions_json(questions)), language
        assert kinds == [q.kind for q in questions], language
        assert [len(q.choices) for q in DEFAULTS["ko"]] == [len(q.choices) for q in questions], language
        # Sources send again (follow-ups, files): nothing is required by default.
        assert not any(q.required for q in questions), language


# Words a question must not contain: they ask who the source is (checked in every default).
IDENTIFYING = {
    "ko": ("이름", "전화", "주소", "일터", "직장", "나이", "손전화", "전자우편"),
    "en": ("name", "phone", "address", "workplace", "employer", "age", "e-mail", "email"),
    "ru": ("имя", "телефон", "адрес", "работ", "возраст", "почт"),
    "zh_Hans": ("姓名", "名字", "电话", "地址", "单位", "年龄", "邮箱"),
}


def test_no_default_question_asks_who_the_source_is() -> None:
    for language, questions in DEFAULTS.items():
        for question in questions:
            text = " ".join((question.text, *question.choices)).lower()
            # English by whole words ("codename" is no name); the others by stem.
            found = (
                set(re.findall(r"[a-z-]+", text)) & set(IDENTIFYING[language])
                if language == "en"
                else {word for word in IDENTIFYING[language] if word in text}
            )
            assert set() == found, (language, question.text)
