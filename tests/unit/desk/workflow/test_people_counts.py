"""A few people counted (people_counts.py): one source's count is its detail; a count two sources gave in
different forms points at neither."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("학생 7명이 죽었습니다.", "Seven students died in the collapse.", "Seven"),
        ("Nine men were on the boat.", "배에는 9명이 타고 있었다.", "9"),
        ("의사 네 명이 일합니다.", "Four doctors work in the ward.", "Four"),
        ("Three women were sent home.", "여성 세 명이 송환됐다.", "세"),
    ],
)
def test_a_count_of_people_one_source_gave_points_at_it(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)


@pytest.mark.parametrize(
    "other",
    [
        "학성소학교 건물이 무너져 아이 일곱이 죽었다고 했습니다.",  # a native number with no counter
        "Only 7 of the children came out alive... no, 7 died.",  # digits with no counted noun
        "The school fell and seven of them died.",
    ],
)
def test_a_count_two_sources_gave_in_different_forms_points_at_neither(checker: ExposureChecker, other: str) -> None:
    teacher = material("teacher", "10월 14일에 학생 7명이 죽었습니다.")
    draft = "The collapse killed seven pupils, two sources said.\n"
    assert [] == [f for f in details_flagged(checker, draft, [teacher, material("aunt", other)]) if f[0] == "seven"]


@pytest.mark.parametrize(
    "draft",
    [
        "러시아 소식통 두 명이 전했다.",  # the sources counted
        "Two sources in China said the mine was closed.",
        "The restaurant employs women, according to two people in Mongolia who know it.",
        "이 가운데 두 명은 이들이 가짜 이름을 쓴다고 했다.",  # of the sources, two said
        "시멘트 얘기는 두 사람 모두에게서 나왔다.",  # both of them
        "The deal was worth three quarters of a million dollars.",  # a share, no people
    ],
)
def test_counting_the_sources_or_a_share_is_no_count_of_people(checker: ExposureChecker, draft: str) -> None:
    written = "Two men and three women and four workers were there: 두 명, 세 명, 네 명."
    assert [] == [f for f in details_of_one_source(checker, written, draft) if f[0].lower() in ("두", "two", "three")]


def test_a_number_that_names_holds_no_count(checker: ExposureChecker) -> None:
    """Building 2 names a building: it does not share the teacher's two students."""
    teacher = material("teacher", "학생 2명이 다쳤습니다.")
    store = material("store", "Our cold store is in Building 2, at minus 25 degrees.")
    assert [("Two", ("teacher",))] == details_flagged(checker, "Two students were hurt.\n", [teacher, store])


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("He left with two briefcases.", "He carried two briefcases out.", "two"),
        ("The broker opened six accounts at the bank.", "The broker holds six accounts.", "six"),
    ],
)
def test_a_few_things_one_source_counted_point_at_it(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    assert (span, ("reed-vole",)) in [(t.lower(), s) for t, s in details_of_one_source(checker, written, draft)]


@pytest.mark.parametrize(
    "draft", ["Restaurants have run there for two decades.", "숨진 노동자는 9층 높이에서 떨어졌다."]
)
def test_a_time_or_a_floor_is_no_count_of_things(checker: ExposureChecker, draft: str) -> None:
    written = "두 개, 아홉 개, two bags and nine boxes were left."
    assert [] == [f for f in details_of_one_source(checker, written, draft) if f[0] in ("two", "9")]


def test_a_count_a_source_gave_with_no_counted_noun_is_shared(checker: ExposureChecker) -> None:
    """ "Two died" (no noun) and "two comrades died" count the same two: a draft's 두 명 points at neither."""
    sources = [material("comrade", "A fire broke out and two comrades died."), material("police", "Two died.")]
    assert [] == details_flagged(checker, "합숙소 화재로 북한 노동자 두 명이 숨졌다.\n", sources)


def test_the_corroboration_rules_count_of_sources_is_no_count() -> None:
    """Tipline's own draft says "2 independent sources, or 1 source(s) plus a document": no one's count."""
    checker = ExposureChecker(Korean())
    written = "Two bags and two boxes were left at the dock."
    draft = "These claims do not meet the rule (2 independent sources, or 1 source(s) plus an independent document).\n"
    assert [] == details_of_one_source(checker, written, draft)
