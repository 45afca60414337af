"""A year of birth, written or counted from a source's age (birth_years.py)."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean

TODAY = datetime.date(2026, 12, 8)


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean(), today=TODAY)


@pytest.mark.parametrize(
    ("told", "draft", "span"),
    [
        ("My husband was 41 years old.", "The welder, born around 1985, died in July.\n", "born around 1985"),
        ("남편은 마흔한 살이었습니다.", "The welder, born in 1985, died in July.\n", "born in 1985"),
        ("The cook, Ri Jong-hun, 31, fled.", "1995년생인 그 요리사는 달아났다.\n", "1995년생"),
        ("리정훈(24)이 달아났습니다.", "2002년생 요리사가 달아났다.\n", "2002년생"),
        ("He is a 41-year-old welder.", "용접공은 85년생이다.\n", "85년생"),
        ("He was born in 1985 in Hamhung.", "The welder, born in 1985, died.\n", "born in 1985"),
    ],
)
def test_a_year_of_birth_from_one_sources_age_points_at_it(
    checker: ExposureChecker, told: str, draft: str, span: str
) -> None:
    assert [(span, ("wife",))] == details_flagged(checker, draft, [material("wife", told), material("other", "No.")])


def test_a_year_of_birth_two_sources_gave_points_at_neither(checker: ExposureChecker) -> None:
    sources = [material("wife", "남편은 마흔한 살이었습니다."), material("friend", "He was 41 years old.")]
    assert [] == details_flagged(checker, "The welder, born in 1985, died in July.\n", sources)


@pytest.mark.parametrize(
    "told",
    [
        "2019년 생산량이 줄었습니다.",  # production in 2019, no birth
        "He worked 41 hours a week.",  # no age
        "세 살 난 아이가 있습니다.",  # a child's age of three: no adult's year
    ],
)
def test_what_is_no_age_gives_no_year_of_birth(checker: ExposureChecker, told: str) -> None:
    draft = "The welder, born in 1985, died in July. 그는 2019년생이 아니다.\n"
    assert [] == details_flagged(checker, draft, [material("wife", told), material("other", "No.")])
