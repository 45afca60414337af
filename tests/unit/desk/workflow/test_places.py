"""The gazetteer: the China–North Korea border region, in every script a draft or a source writes it."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.gazetteer import place_by_name, place_pattern, trie_pattern
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("남신의주역 근처 창고", "namsinuiju"),  # not 신의주: a finer place inside the city's name
        ("a warehouse in South Sinuiju", "namsinuiju"),
        ("customs at Namyang", "namyang"),
        ("남양 세관을 통해", "namyang"),
        ("흑룡강성 쪽 업자들", "heilongjiang"),  # the Sino-Korean reading
        ("헤이룽장 출신의", "heilongjiang"),  # the Chinese reading, as the press writes it
        ("我是黑龙江人", "heilongjiang"),
        ("Samjiyon County", "samjiyon"),
    ],
)
def test_border_places_are_known_in_each_script(text: str, place: str) -> None:
    match = place_pattern().search(text)
    assert match is not None
    assert place_by_name()[match.group().lower()].id == place


def test_a_border_province_is_no_allowed_region_by_default() -> None:
    # Heilongjiang is finer than "China": only a newsroom's desk.toml can allow it.
    assert not place_by_name()["heilongjiang"].region


@pytest.mark.parametrize(
    ("name", "country"),
    [("미국", "country-us"), ("United States", "country-us"), ("美国", "country-us"), ("몽골", "country-mn"),
     ("Mongolia", "country-mn"), ("КНДР", "north-korea")],
)  # fmt: skip
def test_every_country_is_a_region_in_every_script(name: str, country: str) -> None:
    """CLDR's names (through Babel), merged into places.toml's own entry where it has one."""
    place = place_by_name()[name.lower()]
    assert (place.id, place.region) == (country, True)


def test_a_city_abroad_is_one_place_in_every_script_and_finer_than_its_country() -> None:
    """CLDR's time-zone cities (gazetteer._cities): 두바이 = Dubai = 迪拜 = Дубай, a city, no region."""
    places = {place_by_name()[name.lower()] for name in ("두바이", "Dubai", "迪拜", "Дубай")}
    assert [("city-dubai", False)] == [(place.id, place.region) for place in places]
    assert not {"christmas", "easter"} & set(place_by_name())  # zones named by ordinary words are no places
    # A Russian name is read from a word's start: Бригадир (a foreman) holds no Riga.
    assert [] == [m.group() for m in place_pattern().finditer("Бригадир велел работать.")]


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("호주", "country-au"),
        ("澳洲", "country-au"),
        ("Britain", "country-gb"),
        ("Burma", "country-mm"),
        ("中國", "china"),
        ("美國", "country-us"),
        ("韓國", "south-korea"),
    ],
)
def test_a_country_by_the_name_the_press_gives_it_is_the_country(name: str, country: str) -> None:
    """Korean news says 호주, which CLDR lists under no territory (오스트레일리아): gazetteer.PRESS_NAMES; and
    writes countries in Hanja, as CLDR's traditional Chinese does (中國)."""
    place = place_by_name()[name.lower()]
    assert (place.id, place.region) == (country, True)


@pytest.mark.parametrize("word", ["수단", "오만", "가나", "turkey"])
def test_a_country_name_that_is_an_ordinary_word_is_left_out(word: str) -> None:
    assert word not in place_by_name()
    assert place_pattern().search(f"다른 {word} 이야기") is None


def test_the_longest_place_name_wins_and_a_verb_ending_is_no_place() -> None:
    assert [m.group() for m in place_pattern().finditer("인도네시아와 인도에서, 원산지는")] == ["인도네시아", "인도"]
    assert trie_pattern(["보위부", "보위원", "보위"]) == "(?:보위(?:(?:부|원))?)"


@pytest.mark.parametrize("name", ["Hong Kong", "홍콩", "Singapore", "澳门"])
def test_a_city_state_is_a_city_not_a_region(name: str) -> None:
    assert not place_by_name()[name.lower()].region


@pytest.mark.parametrize("name", ["새별동", "동림동", "현흥동"])
def test_a_neighbourhood_without_its_city_is_read_whole_though_the_tagger_splits_off_a_determiner(name: str) -> None:
    # The tagger reads 새, 동, 현 as determiners ("new", "same", "current"): the name is still one word.
    checker = ExposureChecker(Korean())
    resident = material("resident", f"나는 청진시 {name}에 삽니다.")
    other = material("other", "청진은 항구 도시입니다.")
    assert [(name, ("resident",))] == details_flagged(checker, f"단속된 부부는 {name} 주민이었다.\n", [resident, other])
    assert [] == details_flagged(
        checker, "그는 한달 뒤에 새 집으로 갔다.\n", [material("resident", "한달 뒤 새 집"), other]
    )


def test_every_place_has_its_own_id_and_every_name_one_place() -> None:
    # A name listed under two places is read as whichever comes last; an id twice merges two places.
    data = tomllib.loads(resources.files("tipline.desk.workflow").joinpath("data", "places.toml").read_text("utf-8"))
    ids = [place["id"] for place in data["place"]]
    names = [name.lower() for place in data["place"] for name in place["names"]]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert sorted({n for n in names if names.count(n) > 1}) == []


def _places(text: str) -> list[str]:
    return [place_by_name()[m.group().lower()].id for m in place_pattern().finditer(text)]


def test_a_place_in_north_koreas_own_romanisation_is_the_place() -> None:
    assert _places("Ships leave Nampho at night.") == ["nampo"]
    assert _places("Trains to South Phyongan were cancelled.") == ["south-pyongan"]


def test_a_country_before_made_in_is_the_country() -> None:
    assert _places("러시아산 석탄으로 팔린다.") == ["russia"]


def test_a_city_one_source_wrote_with_its_head_is_the_city_another_wrote_without() -> None:
    checker = ExposureChecker(Korean())
    teacher = material("teacher", "나는 김책시에서 아이들을 가르칩니다.")
    sister = material("sister", "김책에 사는 오빠가 전화했습니다.")
    assert [] == details_flagged(checker, "김책에서 학교가 무너졌다.\n", [teacher, sister])


def test_a_town_named_only_to_say_where_another_lies_is_public_geography() -> None:
    checker = ExposureChecker(Korean())
    trader = material("trader", "我在长白做生意，货从惠山过来。")
    guard = material("guard", "혜산 세관은 요즘 조용합니다.")  # Hyesan: both sources' town
    for draft in (
        "Hyesan sits across the Yalu from the Chinese town of Changbai.\n",
        "혜산은 압록강 건너편이 중국 장백이다.\n",
        "혜산과 장백을 잇는 다리는 낡았다.\n",
        "혜산은 중국 장백현과 마주한 국경 도시다.\n",
        "Police tightened their grip on Hyesan, the border city that faces Changbai across the Yalu.\n",
    ):
        assert [] == details_flagged(checker, draft, [trader, guard]), draft
    # The town a sentence sets its news in is still the source's.
    found = details_flagged(checker, "In Changbai, across the river from Hyesan, traders pay more.\n", [trader, guard])
    assert [("Changbai", ("trader",))] == found


@pytest.mark.parametrize("text", ["Anju lies on the Chongchon River.", "청천강 부두에서 실었다.", "在清川江码头装船。"])
def test_a_great_river_is_public_geography_in_every_script(text: str) -> None:
    checker = ExposureChecker(Korean())
    sources = [material("reed-vole", "석탄은 청천강 부두에서 배에 실었습니다."), material("pine-stoat", "…")]
    assert [] == details_flagged(checker, text + "\n", sources)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("宁波恒泰能源贸易有限公司", "ningbo"),
        ("龙口鑫港粮油贸易", "longkou"),
        ("南坪口岸", "nanping-crossing"),
        ("안주시", "anju"),
    ],
)
def test_a_town_of_the_coal_and_seafood_trades_is_known_inside_a_firms_name(text: str, place: str) -> None:
    named = (place_by_name().get(match.group().lower()) for match in place_pattern().finditer(text))
    assert place in {found.id for found in named if found}


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("Общежитие на улице Шувалова, дом 7.", "노동자 숙소는 улица Шувалова 7에 있다.\n", "Шувалова"),
        ("Объект на улице Туманной во Владивостоке.", "현장은 ул. Туманная에 있다.\n", "Туманная"),
    ],
)
def test_a_russian_street_is_a_place_in_any_case_however_common_its_name(written: str, draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)


def test_a_russian_street_a_korean_source_spelled_in_hangul_is_shared() -> None:
    checker = ExposureChecker(Korean())
    sources = [
        material("reed-vole", "Стройка на улице Шелеста."),
        material("pine-stoat", "현장은 셸레스타 거리에 있습니다."),
    ]
    assert [] == details_flagged(checker, "현장은 셸레스타 거리(улица Шелеста)에 있다.\n", sources)


@pytest.mark.parametrize(
    ("name", "place"),
    [("덕천", "tokchon"), ("德川", "tokchon"), ("Tokch'on", "tokchon"), ("价川", "kaechon"), ("개천시", "kaechon"),
     ("Эрээна", "erenhot")],
)  # fmt: skip
def test_towns_of_folded_cases_are_places_in_every_script(name: str, place: str) -> None:
    assert place_by_name()[name.lower()].id == place


def test_a_stream_is_no_town() -> None:
    """개천 alone is a stream; Kaechon is written 개천시 or 개천군 when it is the town."""
    assert "개천" not in place_by_name()
