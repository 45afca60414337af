"""What a number counts (number_units.py): a weight in either unit, and both ends of a range."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.number_units import number_keys, unit_of
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


def test_a_weight_is_the_same_in_tonnes_and_kilograms() -> None:
    assert "n:23000:kilogram" in number_keys(23, False, "ton")
    assert "n:23:ton" in number_keys(23000, False, "kilogram")


@pytest.mark.parametrize(
    ("text", "end", "unit"),
    [
        ("7~8톤", 1, "ton"),
        ("420,000 to 480,000 yuan", 7, "yuan"),
        ("2에서 3시간", 1, "hour"),
        ("7 workers", 1, "person"),  # no range: what follows it
    ],
)
def test_the_first_number_of_a_range_counts_what_the_second_does(text: str, end: int, unit: str) -> None:
    assert unit == unit_of(text, end)


def test_a_weight_a_source_gave_in_tonnes_is_found_in_kilograms(checker: ExposureChecker) -> None:
    sources = [material("reed-vole", "군인들이 벼 23톤을 실어 갔습니다."), material("pine-stoat", "Nothing was said.")]
    assert [("23,000", ("reed-vole",))] == details_flagged(
        checker, "Soldiers hauled away 23,000 kilograms of rice.\n", sources
    )
    # And its price times the weight is still the total it makes (numbers.derived_totals).
    priced = [material("reed-vole", "구리 7톤을 킬로당 60위안에 넘겼습니다."), material("pine-stoat", "…")]
    assert [("420,000", ("reed-vole",))] == details_flagged(checker, "The copper was worth 420,000 yuan.\n", priced)


def test_a_tonnes_price_made_from_a_shared_price_a_kilo_points_at_no_one(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "구리를 킬로당 60위안에 넘겼고 한 번에 1000키로씩 건넸습니다."),
        material("pine-stoat", "我一直按每公斤60元收他们的铜。"),
    ]
    assert [] == details_flagged(
        checker, "At 60 yuan a kilogram, a tonne of copper fetched some 60,000 yuan.\n", sources
    )


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("군대가 트럭 여섯 대를 몰고 왔습니다.", "The army came with six trucks.", "six"),
        ("Two refrigerated trucks come every week.", "털게 트럭은 매주 두 대씩 온다.", "두"),
        ("털게가 일주일에 두 차씩 들어옵니다.", "Crabs come in two trucks a week.", "two"),
    ],
)
def test_vehicles_counted_are_a_count_a_source_gives(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    assert [(span, ("reed-vole",))] == details_of_one_source(checker, written, draft)


def test_a_round_is_no_truckload() -> None:
    assert "thing" == unit_of("1차 회의가 열렸다", 1)  # 1차: a first round; 두 차: two truckloads


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        (
            "하바롭스크에서 북쪽으로 500키로 떨어진 벌목장에서 일했습니다.",
            "벌목장은 하바롭스크 북쪽 약 500km 지점에 있다.",
            "500",
        ),
        ("배급으로 쌀 5키로를 받았습니다.", "Each family got 5 kg of rice.", "5"),
    ],
)
def test_a_korean_kilo_weighs_or_measures(checker: ExposureChecker, written: str, draft: str, span: str) -> None:
    """키로 alone is a kilogram or a kilometre, as the sentence has it: both are kept."""
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)


def test_a_months_amount_a_source_gave_is_its_years_in_a_draft(checker: ExposureChecker) -> None:
    """한 달에 8톤 is 96 tonnes a year (numbers.derived_totals)."""
    found = details_of_one_source(
        checker, "배 한 척당 오징어 계획은 한 달에 8톤입니다.", "Each boat must land 96 tonnes a year."
    )
    assert [("96", ("reed-vole",))] == found


def test_ships_counted_in_chinese_numerals_are_the_ships_another_source_counted(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "10월에만 배 두 척이 한 척에 5천 톤씩 싣고 떠났습니다."),
        material("pine-stoat", "朝鲜那边卖给我们两船无烟煤，每船五千吨。"),
    ]
    assert [] == details_flagged(checker, "무연탄은 10월 배 두 척에 실려 중국으로 넘어갔다.\n", sources)
    # Written by one source only, the count points at it.
    trucks = [material("reed-vole", "用三辆卡车运走。"), sources[0]]
    assert details_flagged(checker, "They used three trucks.\n", trucks) == [("three", ("reed-vole",))]


@pytest.mark.parametrize(
    "draft", ["무너진 막장은 지하 삼백사십 미터 깊이에 있었다.\n", "The face was 340 metres underground.\n"]
)
def test_a_depth_in_metres_is_one_number_in_every_form(checker: ExposureChecker, draft: str) -> None:
    found = details_of_one_source(checker, "3갱 지하 340m 막장에서 천장이 내려앉았습니다.", draft)
    assert [("reed-vole",)] == [sources for _, sources in found]


def test_a_years_amount_made_from_a_monthly_plan_two_sources_gave_points_at_neither(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "지배인 동지가 한 달 계획 3만 달러를 못 채워 소환됐습니다."),
        material("pine-stoat", "The manager failed to meet the plan of 30,000 dollars a month."),
    ]
    assert [] == details_flagged(checker, "1년이면 36만 달러다.\n", sources)
    assert [] == details_flagged(checker, "That is $360,000 a year.\n", sources)


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        (
            "11월 25일 어머니에게 150만원을 보냈는데 중개인이 30%를 떼 갔습니다.",
            "중개 수수료로 45만 원이 빠져나갔다.\n",
            "45만",
        ),
        (
            "I sent 1,500,000 won; the broker took a 30 percent cut.",
            "The family received 1,050,000 won.\n",
            "1,050,000",
        ),
    ],
)
def test_a_brokers_cut_and_what_is_left_are_what_the_source_gave(written: str, draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)


def test_a_share_no_one_was_paid_makes_no_amount() -> None:
    """70 percent goes to the state: a practice, no one's cut; what is left of a wage is no detail of this source."""
    checker = ExposureChecker(Korean())
    written = "They are paid 1,200 riyals a month but 70 percent goes to their government."
    assert [] == [
        f for f in details_of_one_source(checker, written, "That leaves about 360 riyals.\n") if "360" in f[0]
    ]
