"""A named thing by its proper part, across scripts: a county, a firm, a ship with its generic head."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.stems import han_stem_keys, hangul_stem_keys, latin_stem_keys
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


def test_a_county_meets_its_name_in_every_script() -> None:
    korean = set(hangul_stem_keys("신원군"))
    assert korean & set(latin_stem_keys(["Sinwon", "County"]))
    assert "r:sinwon" in korean  # the proper part alone names a place: "Sinwon" is 신원군


def test_a_firm_meets_its_name_in_hangul_romanised_and_chinese() -> None:
    korean = set(hangul_stem_keys("은하소프트"))
    assert korean & set(latin_stem_keys(["Eunha", "Soft"]))
    assert korean & set(han_stem_keys("银河软件"))  # 银河 reads 은하
    assert set(latin_stem_keys(["Yinhe", "Software"])) & set(han_stem_keys("银河软件"))  # and its pinyin
    assert not [k for k in korean if k.startswith("r:")]  # a firm's proper part alone is no place


def test_different_names_with_the_same_head_do_not_meet() -> None:
    assert not set(hangul_stem_keys("은하소프트")) & set(latin_stem_keys(["Jincheng", "Software"]))
    assert not set(hangul_stem_keys("신원군")) & set(hangul_stem_keys("재령군"))
    assert [] == latin_stem_keys(["County"]) == hangul_stem_keys("군")


def test_a_firm_two_sources_named_in_two_scripts_points_at_neither_but_one_sources_firm_does(
    checker: ExposureChecker,
) -> None:
    sources = [
        material("it-worker", "우리는 중국에서 은하소프트라는 이름으로 일합니다."),
        material("bookkeeper", "我在沈阳一家叫银河软件的公司做会计。后来公司改名为金城科技。"),
    ]
    assert [] == details_flagged(checker, "The team works as Yinhe Software.\n", sources)
    assert [] == details_flagged(checker, "그들은 Eunha Soft라는 회사 이름을 쓴다.\n", sources)
    found = details_flagged(checker, "The firm later became Jincheng Technology.\n", sources)
    assert [("Jincheng Technology", ("bookkeeper",))] == found


def test_a_brand_in_quotation_marks_is_a_name_however_ordinary_the_word(checker: ExposureChecker) -> None:
    sources = [
        material("dock-worker", "상자에는 모두 '금강' 상표가 붙은 가짜 담배가 들어 있습니다."),
        material("ship-agent", "船上装的是香烟。"),
    ]
    assert [("금강", ("dock-worker",))] == details_flagged(checker, "담배에는 '금강' 상표가 붙어 있다.\n", sources)
    # The same word unmarked is the river or a mountain's name, as ordinary as the source's word.
    assert [] == details_flagged(checker, "금강산 관광이 멈췄다.\n", sources)


def test_a_workplace_meets_in_both_spellings_and_a_generic_one_is_none(checker: ExposureChecker) -> None:
    sources = [
        material("porter", "건너는 곳은 유선동 세멘트공장 뒤 여울목입니다. 우리는 협동농장에서도 일합니다."),
        material("shopkeeper", "我在三合开一家小超市。"),
    ]
    assert [("시멘트 공장", ("porter",))] == details_flagged(checker, "강을 건너는 곳은 시멘트 공장 뒤다.\n", sources)
    assert [] == details_flagged(checker, "그는 협동농장에서 일한다.\n", sources)


def test_a_name_a_source_says_its_people_use_is_found_as_written(checker: ExposureChecker) -> None:
    sources = [
        material("porter", "우리는 이 일을 '물건너기'라고 부릅니다."),
        material("helper", 'The families call the brokers\' phone line "the night bell".', translation=False),
    ]
    assert [("mulgeonneogi", ("porter",))] == details_flagged(checker, "Porters call it mulgeonneogi.\n", sources)
    found = details_flagged(checker, "Families ring the night bell when money is late.\n", sources)
    assert [("the night bell", ("helper",))] == found


def test_a_nickname_given_after_the_name_of_whom_it_names_is_a_term(checker: ExposureChecker) -> None:
    guard = material("guard", "The loaders call their foreman Ri Song-chol 'the Badger' behind his back.")
    draft = "Their foreman, known to the loaders as the Badger, takes a cut.\n"
    found = details_flagged(checker, draft, [guard, material("other", "Nothing.")])
    assert [("foreman", ("guard",)), ("the Badger", ("guard",))] == found  # the foreman: positions.py


def test_a_workshop_named_by_its_work_is_a_workplace_and_one_by_its_number_a_numbered_site(
    checker: ExposureChecker,
) -> None:
    welder = material("welder", "I weld in the boiler workshop; the seventh workshop makes pipes.")
    other = material("other", "Nothing.")
    assert [("boiler workshop", ("welder",))] == details_flagged(
        checker, "The boiler workshop stopped.\n", [welder, other]
    )
    keys = {k for item in checker.extractor.items("in the seventh workshop") for k in item.keys}
    assert "n:7:site" in keys


def test_a_chinese_port_by_its_mandarin_sound_and_the_korean_head() -> None:
    """Korean news writes 日照港 as 르자오항: the proper part by its sound, the head (港 항) by its reading."""
    assert set(hangul_stem_keys("르자오항")) & set(han_stem_keys("日照港"))
    assert set(hangul_stem_keys("신위안에너지")) & set(han_stem_keys("鑫源能源"))


def test_a_shop_or_restaurant_named_by_ordinary_words_is_a_name(checker: ExposureChecker) -> None:
    cook = material("cook", "우리는 청년식당에서 밤늦게까지 일합니다.")
    other = material("other", "식당은 시내에 많습니다.")
    assert [("청년식당", ("cook",))] == details_flagged(checker, "청년식당 주인은 그를 고용했다.\n", [cook, other])
    assert [] == details_flagged(checker, "그는 동네 식당에서 일한다.\n", [material("cook", "동네 식당"), other])


def test_a_workplace_named_by_its_product_in_three_languages_is_one(checker: ExposureChecker) -> None:
    # 피복 = garment = 服装: a translation, which a table of products joins.
    sewer = material("sewer", "우리는 피복공장에서 일합니다.")
    clerk = material("clerk", "我们在服装厂工作。")
    assert [] == details_flagged(checker, "그들은 피복공장에서 일한다.\n", [sewer, clerk])
    assert [] == details_flagged(checker, "They work at a garment factory.\n", [sewer, clerk])
    assert [("피복공장", ("sewer",))] == details_flagged(
        checker, "그들은 피복공장에서 일한다.\n", [sewer, material("clerk", "我们在水泥厂工作。")]
    )


def test_whose_workplace_is_no_name(checker: ExposureChecker) -> None:
    sewer = material("sewer", "바이어의 공장에 갔습니다.")
    assert [] == details_flagged(checker, "그들은 바이어의 공장에 갔다.\n", [sewer, material("clerk", "없음")])


def test_a_border_crossing_by_its_town_is_one_place_in_chinese_and_korean() -> None:
    checker = ExposureChecker(Korean())
    driver = material("driver", "我的货车在南坪口岸被扣了三天。")
    draft = "남평 세관에서는 화물차가 사흘 묶였다.\n"
    # The town is in the gazetteer now (南坪 = 남평 = Nanping): the crossing is found by it.
    assert [("남평", ("driver",))] == details_flagged(checker, draft, [driver, material("guard", "没有。")])


def test_a_market_named_by_its_name_is_a_place_in_either_script(checker: ExposureChecker) -> None:
    changer = material("changer", "저는 혜산 연봉동 송림시장에서 돈을 바꿔 줍니다.")
    other = material("other", "혜산에서는 단속이 심합니다.")
    for draft, spelling in (
        ("단속은 송림시장 골목에서 시작됐다.\n", "송림시장"),
        ("The raids began in the Songrim market.\n", "Songrim market"),
    ):
        assert [(spelling, ("changer",))] == details_flagged(checker, draft, [changer, other]), draft
    assert [] == details_flagged(checker, "혜산 시장에서는 단속이 심하다.\n", [changer, other])


def test_a_works_named_by_its_name_alone_is_the_works_its_sources_named(checker: ExposureChecker) -> None:
    # 대흥 of 대흥광업연합기업소 (its trade words left off) and of 대흥광산: one mine, however named.
    miner = material("miner", "저는 대흥광업연합기업소 2갱에서 일합니다. 지난주에 갱이 무너졌습니다.")
    brother = material("brother", "대흥광산에서 일하는 동생이 전화했습니다.")
    for draft, name in (
        ("The collapse at Taehung killed four miners.\n", "Taehung"),
        ("대흥의 갱이 무너졌다.\n", "대흥"),
    ):
        assert [] == details_flagged(checker, draft, [miner, brother]), draft
        found = details_flagged(checker, draft, [miner, material("brother", "모릅니다.")])
        assert [(name, ("miner",))] == found, draft


def test_a_kind_of_works_the_north_has_everywhere_is_no_workplace(checker: ExposureChecker) -> None:
    nephew = material("nephew", "학생들이 군수공장에 끌려가 밤늦게까지 일한다고 합니다.")
    teacher = material("teacher", "우리 학생들은 봉화기계공장에서 포탄 껍데기를 깎습니다.")
    for draft in ("무산 학생들이 군수공장에 동원됐다.\n", "Pupils were sent to a munitions factory.\n"):
        assert [] == details_flagged(checker, draft, [nephew, teacher]), draft
    found = details_flagged(checker, "학생들은 봉화기계공장에서 일한다.\n", [nephew, teacher])
    assert [("봉화기계공장", ("teacher",))] == found  # a works by its name still is one


def test_a_neighbourhood_a_source_named_after_its_city_is_found_without_it(checker: ExposureChecker) -> None:
    changer = material("changer", "저는 혜산 연봉동에 삽니다. 요즘 단속이 심합니다.")
    other = material("other", "혜산에서는 단속이 심합니다.")
    found = details_flagged(checker, "단속은 연봉동 골목에서 시작됐다.\n", [changer, other])
    assert [("연봉동", ("changer",))] == found


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("어머니는 신의주방직공장에서 일하셨습니다.", "She once worked at the Sinuiju Textile Mill.", "Textile Mill"),
        (
            "구조된 광부들은 단천광산병원으로 옮겨졌습니다.",
            "The rescued went to the Tanchon Mine Hospital.",
            "Mine Hospital",
        ),
    ],
)
def test_a_works_named_after_its_place_and_trade_is_found_by_what_it_makes(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    """신의주방직공장 = the Sinuiju Textile Mill, 단천광산병원 = the Tanchon Mine Hospital (stems.product_key)."""
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)
