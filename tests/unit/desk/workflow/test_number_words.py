"""Numbers in words and numbered places, compared with the same numbers in digits."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.normalise import ENGLISH_DAY
from tipline.desk.workflow.number_words import (
    ENGLISH_NUMBER,
    FLOOR,
    HEAT,
    NATIVE_NUMBER,
    NUMBERED_SITE,
    ORDINAL_SITE,
    english_number,
    floor_number,
    heat,
    native_number,
    numbered_site,
    ordinal_site,
)
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize(
    ("text", "value"),
    [("열두 명", 12), ("열일곱 세대", 17), ("스물다섯명", 25), ("마흔 상자", 40), ("아흔아홉 개", 99)],
)
def test_korean_native_numerals_before_a_counter(text: str, value: int) -> None:
    match = NATIVE_NUMBER.search(text)
    assert match is not None
    assert native_number(match) == value


@pytest.mark.parametrize("text", ["문을 열 때", "그는 쉰 목소리로", "열 받았다"])
def test_a_native_numeral_without_a_counter_is_no_number(text: str) -> None:
    assert NATIVE_NUMBER.search(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twelve", 12),
        ("forty-two thousand", 42000),
        ("three hundred and twenty", 320),
        ("one million two hundred thousand", 1_200_000),
        ("Fourteen", 14),
    ],
)
def test_english_number_words(text: str, value: int) -> None:
    match = ENGLISH_NUMBER.fullmatch(text)
    assert match is not None
    assert english_number(match.group()) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("남포항 3번 부두에서", 3),
        ("3부두에서", 3),
        ("제2작업반 농장원", 2),
        ("Work Team 2 of the farm", 2),
        ("Pier 3 of Nampo port", 3),
        ("the No. 3 logging site", 3),
        # A mine's pit, a compound's block or ward, as 3갱 and 2호동 are.
        ("the roof fell in the No. 3 pit", 3),
        ("trailers behind Block 3", 3),
        ("Ward 5 of the hospital", 5),
    ],
)
def test_a_numbered_place_in_korean_and_english(text: str, value: int) -> None:
    match = NUMBERED_SITE.search(text)
    assert match is not None
    assert numbered_site(match) == value


@pytest.mark.parametrize("text", ["5대의 트럭", "3명이 부두에서", "the team of 3"])
def test_a_small_number_that_names_no_place_is_not_one(text: str) -> None:
    assert NUMBERED_SITE.search(text) is None


@pytest.mark.parametrize(
    "draft",
    [
        "분배를 못 받은 집이 17세대라고 한다.\n",
        "Seventeen households got nothing, a source said.\n",
        "선적은 3번 부두에서 한다.\n",
    ],
)
def test_a_count_written_in_words_by_its_source_is_found_in_digits_and_back(draft: str) -> None:
    sources = [
        material("farmer", "분배를 못 받은 세대가 우리 작업반에만 열일곱 세대입니다. 나는 3부두 옆에 삽니다."),
        material("trader", "시장에서 쌀값이 두 배로 올랐습니다."),
    ]
    assert [("farmer",)] == [who for _, who in details_flagged(ExposureChecker(Korean()), draft, sources)]


@pytest.mark.parametrize(
    ("text", "floor"),
    [("사무실은 17층에 있다.", 17), ("on the seventeenth floor", 17), ("on the 17th floor", 17), ("在十七楼", 17),
     ("on the twenty-third floor", 23), ("在二十三层", 23), ("on the ninth floor", 9),
     # A particle after 층, and a building by its storeys: its top floor.
     ("식당 3층에는 방이 있다.", 3), ("24층짜리 아파트", 24), ("a 24-storey block", 24),
     ("a seventeen-storey tower", 17), ("24-этажного дома", 24)],
)  # fmt: skip
def test_a_floor_is_one_number_in_every_script(text: str, floor: int) -> None:
    match = FLOOR.search(text)
    assert match is not None
    assert floor == floor_number(match)


def test_a_floor_a_percentage_in_words_and_hours_one_source_gave_point_at_it() -> None:
    checker = ExposureChecker(Korean())
    clerk = material(
        "clerk", "Our office is on the seventeenth floor. We take a three percent cut, and it took seven hours."
    )
    other = material("other", "The office is in a tower.")
    draft = "사무실은 17층에 있고, 수수료는 3%이며, 일곱 시간이 걸렸다.\n"
    assert [("17층", ("clerk",)), ("3%", ("clerk",)), ("일곱", ("clerk",))] == details_flagged(
        checker, draft, [clerk, other]
    )


def test_a_multiplier_glued_to_money_is_the_amount_and_metres_are_not_millions() -> None:
    checker = ExposureChecker(Korean())
    owner = material("owner", "The bill rose to 11,000,000 kip a month; he paid 180,000 dollars.")
    other = material("other", "The building has 3 floors.")
    flagged = details_flagged(
        checker, "The bill is now 11m kip, and US$180k changed hands; the wall is 3m high.\n", [owner, other]
    )
    assert [("11m", ("owner",)), ("180k", ("owner",))] == flagged


def test_a_count_of_people_in_english_meets_the_korean_count_of_people() -> None:
    checker = ExposureChecker(Korean())
    cook = material("cook", "우리 식당 봉사원은 열한명입니다.")
    other = material("other", "The restaurant is busy.")
    assert [("11", ("cook",))] == details_flagged(checker, "The restaurant's 11 waitresses work late.\n", [cook, other])


@pytest.mark.parametrize(
    ("text", "key"),
    [("all in Workshop 7", "n:7:site"), ("in the seventh workshop", "n:7:site"), ("都在第七车间", "n:7:site"),
     ("제7작업장에 배치됐다", "n:7:site"), ("in Building C", "n:C:building"), ("锁在C栋仓库里", "n:C:building")],
)  # fmt: skip
def test_a_place_known_by_its_number_or_letter_is_one_key_in_every_script(text: str, key: str) -> None:
    checker = ExposureChecker(Korean())
    keys = {k for item in checker.extractor.items(text) for k in item.keys}
    assert key in keys


@pytest.mark.parametrize(
    "text",
    ["영하 30도인데 일한다.", "in thirty-below frost", "30 below zero", "at -30°C", "до минус тридцати", "零下三十度"],
)
def test_the_frost_below_zero_is_one_number_in_every_script(text: str) -> None:
    checker = ExposureChecker(Korean())
    assert "n:30:cold" in {k for item in checker.extractor.items(text) for k in item.keys}


@pytest.mark.parametrize(
    ("text", "key"),
    [("отгрузили 3 150 кубометров", "n:3150"), ("3,150 cubic metres", "n:3150"), ("3천150㎥", "n:3150"),
     ("зарплата 58\u00a0000 рублей", "n:58000:ruble"), ("12 345 678 рублей", "n:12345678:ruble")],
)  # fmt: skip
def test_thousands_grouped_by_a_space_are_one_number_to_its_last_digit(text: str, key: str) -> None:
    checker = ExposureChecker(Korean())
    assert key in {k for item in checker.extractor.items(text) for k in item.keys}


@pytest.mark.parametrize("text", ["in 2026 140 workers left", "rooms 1 2 3"])
def test_numbers_side_by_side_are_not_grouped_as_thousands(text: str) -> None:
    checker = ExposureChecker(Korean())
    keys = {k for item in checker.extractor.items(text) for k in item.keys}
    assert not any(k.startswith(("n:2026140", "n:123")) for k in keys)


def test_a_phone_number_glued_after_chinese_is_one_number() -> None:
    checker = ExposureChecker(Korean())
    driver = material("driver", "有事打我电话是159 2087 3341，晚上也行。")
    draft = "The driver can be reached on 159-2087-3341.\n"
    assert [("159-2087-3341", ("driver",))] == details_flagged(checker, draft, [driver, material("guard", "Nothing.")])


def test_a_count_of_people_by_their_nation_meets_a_korean_count_of_people() -> None:
    checker = ExposureChecker(Korean())
    cook = material("cook", "공장에는 조선사람 37명이 있습니다.")
    draft = "Thirty-seven North Koreans work at the plant.\n"
    assert [("Thirty-seven", ("cook",))] == details_flagged(checker, draft, [cook, material("other", "공장.")])


def test_a_numbered_work_site_in_korean_meets_its_english_number() -> None:
    checker = ExposureChecker(Korean())
    assert "n:4:site" in {k for item in checker.extractor.items("제4작업소에서 일한다") for k in item.keys}


@pytest.mark.parametrize(
    "source",
    [
        "这次一共三千二百吨，每吨七十五美元。",
        "이번에 3,200톤을 톤당 75달러에 넘겼습니다.",
        "We shipped 3,200 tons at $75 a ton.",
    ],
)
def test_a_total_a_story_computes_from_one_sources_amount_and_price_points_at_it(source: str) -> None:
    checker = ExposureChecker(Korean())
    broker = material("broker", source)
    draft = "The cargo was worth $240,000.\n"
    assert [("240,000", ("broker",))] == details_flagged(checker, draft, [broker, material("other", "Nothing.")])


def test_numbers_side_by_side_with_no_price_make_no_total() -> None:
    checker = ExposureChecker(Korean())
    broker = material("broker", "We shipped 3,200 tons in 75 trucks.")
    assert [] == details_flagged(checker, "The cargo was worth $240,000.\n", [broker, material("other", "Nothing.")])


def test_chinese_money_counted_in_won_as_the_north_does_is_yuan() -> None:
    checker = ExposureChecker(Korean())
    smuggler = material("smuggler", "한번 넘길 때마다 중국돈 3천원을 냅니다.")
    trader = material("trader", "每过一趟要三千元。")
    draft = "국경경비대는 한 건당 중국돈 3천원을 받는다.\n"
    assert [] == details_flagged(checker, draft, [smuggler, trader])
    assert [("3천", ("smuggler",))] == details_flagged(checker, draft, [smuggler, material("trader", "没有。")])


@pytest.mark.parametrize(
    ("draft", "source", "span"),
    [
        ("브로커에게 2백만 원을 줬다.\n", "브로커에게 200만원을 줬습니다.", "2백만"),  # 백 and 만 side by side
        ("밀수꾼은 3천만 원을 벌었다.\n", "30,000,000원을 벌었다고 들었습니다.", "3천만"),
        ("한 달에 천이백사십 통이 사라졌다.\n", "한 달에 1,240통이 없어졌습니다.", "천이백사십"),  # a numeral before 통
        (
            "시장 한 줄에서 14곳의 매대가 문을 닫았다.\n",
            "우리 줄에서 매대 14개가 문을 닫았습니다.",
            "14",
        ),  # places counted
    ],
)
def test_an_amount_or_count_written_another_korean_way_points_at_its_source(draft: str, source: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    found = details_flagged(checker, draft, [material("courier", source), material("other", "모릅니다.")])
    assert [(span, ("courier",))] == found


def test_a_few_places_counted_are_how_a_story_counts_its_sources_not_a_count_a_source_gave() -> None:
    checker = ExposureChecker(Korean())
    teacher = material("teacher", "학생 한 명이 선반에 손가락 두 개를 잃었습니다.")
    draft = "이 소식은 자강도와 한국의 소식통 두 곳에서 나왔다.\n"
    assert [] == details_flagged(checker, draft, [teacher, material("other", "모릅니다.")])
    assert [("두", ("teacher",))] == details_flagged(
        checker, "손가락 두 개를 잃었다.\n", [teacher, material("other", "모릅니다.")]
    )


@pytest.mark.parametrize(
    ("draft", "span"),
    [
        ("He spent six months in a labour camp.\n", "six"),
        ("She has worked in Russia for six years.\n", "six"),
        ("그는 여섯 달 동안 단련대에 있었다.\n", "여섯"),
    ],
)
def test_how_long_a_source_lived_something_is_a_detail_in_any_language(draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    cook = material("cook", "노동단련대에서 6개월을 보냈고, 러시아에서 일한 지 6년이 됩니다.")
    assert [(span, ("cook",))] == details_flagged(checker, draft, [cook, material("other", "모릅니다.")])
    assert [] == details_flagged(checker, "The ship left two days later.\n", [cook, material("other", "모릅니다.")])


def test_the_seventeenth_floor_is_no_day_of_a_month() -> None:
    checker = ExposureChecker(Korean())
    clerk = material("clerk", "사무실은 17층에 있습니다. 11월 3일에 이사했습니다.")
    found = details_flagged(checker, "The office is on the 17th floor.\n", [clerk, material("other", "모릅니다.")])
    assert [("17th floor", ("clerk",))] == found


@pytest.mark.parametrize(
    ("source", "draft", "span"),
    [
        ("동생 말로는 시신을 사흘 만에야 꺼냈다고 합니다.", "It took three days to bring out the bodies.\n", "three"),
        ("It took them three days to bring out the bodies.", "시신을 꺼내는 데 사흘이 걸렸다.\n", "사흘"),
        ("광산이 2주 동안 생산을 멈췄습니다.", "Output stopped for two weeks.\n", "two"),
        ("100달러를 낸 사람은 이틀 만에 나왔습니다.", "Those who paid were out after two days.\n", "two"),
    ],
)
def test_days_and_weeks_counted_by_their_korean_words_are_a_duration(source: str, draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    found = details_flagged(checker, draft, [material("miner", source), material("other", "모릅니다.")])
    assert [(span, ("miner",))] == found


def test_a_unit_by_its_ordinal_in_digits_is_a_numbered_place_and_no_date() -> None:
    match = ORDINAL_SITE.search("He led the 2nd platoon at the post.")
    assert match is not None
    assert ordinal_site(match) == 2
    assert ENGLISH_DAY.search("He led the 2nd platoon at the post.") is None
    assert ENGLISH_DAY.search("It happened on the 2nd, at the post.") is not None


@pytest.mark.parametrize(
    ("text", "degrees"),
    [
        ("오후 2시쯤 기온이 47도일 때 쓰러졌다", 47),
        ("섭씨 47도까지 올랐다", 47),
        ("when it was 47 degrees", 47),
        ("about 117 degrees Fahrenheit", 47),
        ("화씨 117도", 47),
        ("было 47 градусов", 47),
    ],
)
def test_a_heat_is_one_number_of_degrees_celsius_in_every_form(text: str, degrees: int) -> None:
    match = HEAT.search(text)
    assert match is not None
    assert heat(match) == degrees


@pytest.mark.parametrize("text", ["38도선 부근", "It was 20 degrees below zero", "경기도 3도"])
def test_a_parallel_a_frost_or_a_province_is_no_heat(text: str) -> None:
    assert HEAT.search(text) is None


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        (
            "나는 삼지강협동농장 제4작업반에서 일합니다.",
            "The 4th work team at the farm was hit hardest.\n",
            "The 4th work team",
        ),
        ("19 ноября танкер стоял у причала № 3 в Раджине.", "The tanker was tied up at berth No. 3.\n", "berth No. 3"),
    ],
)
def test_a_numbered_unit_or_berth_in_any_language_meets_its_number(written: str, draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)
