"""Dates a draft gives for an event: a part of a month, and a day after a source's name that is no dateline."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.dates import DATE
from tipline.desk.workflow.details import Extractor
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Korean())


def _dates(extractor: Extractor, text: str) -> list[tuple[str, frozenset[str], bool]]:
    return [(text[i.start : i.end], i.keys, i.rare) for i in extractor.items(text) if i.what == DATE]


@pytest.mark.parametrize(
    "text",
    [
        "일부 노동자가 3월 말 달아났다.",
        "Some workers fled at the end of March.",
        "Workers fled in late March.",
        "3月底跑了三个人",
    ],
)
def test_a_part_of_a_month_is_one_date_in_every_script(extractor: Extractor, text: str) -> None:
    [(_, keys, rare)] = _dates(extractor, text)
    assert keys == {"d:03-late"}
    assert rare


def test_a_word_that_starts_like_a_month_is_no_date(extractor: Extractor) -> None:
    assert _dates(extractor, "Prices at the early market rose.") == []


def test_a_day_something_began_is_an_event_even_after_a_source(extractor: Extractor) -> None:
    [(span, _, rare)] = _dates(extractor, "함경북도 소식통은 지난 22일부터 당국이 합동 단속에 나섰다고 전했다.")
    assert span == "22일"
    assert rare


def test_the_day_a_source_spoke_is_still_a_dateline(extractor: Extractor) -> None:
    [(_, _, rare)] = _dates(extractor, "함경북도 소식통은 지난 22일 당국이 단속에 나섰다고 전했다.")
    assert not rare


def test_a_month_of_a_year_is_a_detail_unless_another_source_dated_something_in_that_month() -> None:
    checker = ExposureChecker(Korean())
    broker = material("broker", "In September 2026 there was a fire.")
    draft = "The fire broke out in September 2026.\n"
    assert [] == details_flagged(checker, draft, [material("worker", "9월 20일 밤에 합숙소에 불이 났습니다."), broker])
    others = [material("worker", "3월 2일에 단속이 있었습니다."), broker]
    assert [("September 2026", ("broker",))] == details_flagged(checker, draft, others)


@pytest.mark.parametrize(
    "text",
    [
        "트럭은 매주 목요일 온다.",
        "트럭은 목요일마다 온다.",
        "The truck comes every Thursday.",
        "It comes on Thursdays.",
        "卡车每周四来。",
        "Машина приходит по четвергам.",
    ],
)
def test_a_day_of_every_week_is_one_habit_in_every_script(extractor: Extractor, text: str) -> None:
    [(_, keys, rare)] = _dates(extractor, text)
    assert keys == {"d:wd:4"}
    assert rare


def test_a_day_said_once_is_the_news_and_no_habit(extractor: Extractor) -> None:
    assert _dates(extractor, "The ministry said on Thursday that the border was closed.") == []


def test_a_habit_one_source_knows_points_at_it_and_one_two_share_at_neither() -> None:
    checker = ExposureChecker(Korean())
    driver = material("driver", "트럭은 매주 목요일 밤에 세관을 지나갑니다.")
    draft = "The truck crosses the border every Thursday, a source said.\n"
    assert [("every Thursday", ("driver",))] == details_flagged(checker, draft, [driver, material("guard", "Nothing.")])
    guard = material("guard", "The lorries come on Thursdays.")
    assert [] == details_flagged(checker, draft, [driver, guard])


@pytest.mark.parametrize(
    ("text", "key"),
    [("It comes twice a week.", "d:freq:2/w"), ("일주일에 두 번 온다.", "d:freq:2/w"), ("每周两次。", "d:freq:2/w"),
     ("three times a month", "d:freq:3/m"), ("한 달에 세 번 온다.", "d:freq:3/m"), ("주 2회 온다.", "d:freq:2/w")],
)  # fmt: skip
def test_how_often_something_happens_is_one_habit_in_every_script(extractor: Extractor, text: str, key: str) -> None:
    [(_, keys, rare)] = _dates(extractor, text)
    assert keys == {key}
    assert rare


@pytest.mark.parametrize(
    ("text", "hours"),
    [("from 6 a.m. to 1 a.m.", ["t:6", "t:1"]), ("아침 여섯시부터 새벽 한시까지", ["t:6", "t:1"]),
     ("早上六点到凌晨一点", ["t:6", "t:1"]), ("at 10:30 pm", ["t:10"]),
     # On the 24-hour clock too: 23시 is 밤 11시, 11 p.m.
     ("23시까지 일한다", ["t:11"]), ("밤 11시까지", ["t:11"]), ("到23点", ["t:11"]),
     # And as English says it in words: 2 in the morning, 11 at night.
     ("crossed at 2 in the morning", ["t:2"]), ("left at 11 at night", ["t:11"])],
)  # fmt: skip
def test_a_time_of_day_is_one_key_in_every_script(extractor: Extractor, text: str, hours: list[str]) -> None:
    assert [sorted(keys) for _, keys, _ in _dates(extractor, text)] == [[h] for h in hours]


@pytest.mark.parametrize("text", ["6시간 일했다.", "청진시 주민", "한시도 쉬지 못했다.", "한시적인 조치"])
def test_hours_a_city_and_a_moment_are_no_time_of_day(extractor: Extractor, text: str) -> None:
    assert [k for _, keys, _ in _dates(extractor, text) for k in keys if k.startswith("t:")] == []


@pytest.mark.parametrize("text", ["They go home in spring 2027.", "2027년 봄에 돌아간다.", "2027年春回国。"])
def test_a_season_of_a_year_is_one_date_in_every_script(extractor: Extractor, text: str) -> None:
    [(_, keys, rare)] = _dates(extractor, text)
    assert keys == {"d:2027-spring"}
    assert rare


def test_a_chinese_date_with_hao_is_the_same_day() -> None:
    checker = ExposureChecker(Korean())
    trader = material("trader", "听说12月11号开了批判会。")
    resident = material("resident", "12월 11일에 비판회가 있었습니다.")
    assert [] == details_flagged(checker, "비판회는 12월 11일에 열렸다.\n", [trader, resident])


@pytest.mark.parametrize(
    "text",
    ["Пожар был 9 сентября.", "пожар 9 сентября 2026 года", "the fire of the ninth of September",
     "on September the ninth", "9월 9일 불이 났다"],
)  # fmt: skip
def test_a_day_written_in_russian_or_by_an_ordinal_word_is_the_same_date(extractor: Extractor, text: str) -> None:
    [(_, keys, rare)] = _dates(extractor, text)
    assert "d:09-09" in keys
    assert rare


def test_a_russian_month_of_a_year_is_an_events_month(extractor: Extractor) -> None:
    [(span, keys, _)] = _dates(extractor, "В сентябре 2026 года склад закрыли.")
    assert span == "сентябре 2026"
    assert "d:2026-09" in keys


def test_a_date_two_sources_gave_in_russian_and_korean_points_at_neither() -> None:
    checker = ExposureChecker(Korean())
    driver = material("driver", "Склад сгорел 9 сентября, сторож не пострадал.")
    worker = material("worker", "창고는 9월 9일에 불탔습니다.")
    draft = "The depot burned down on September 9.\n"
    assert [] == details_flagged(checker, draft, [driver, worker])
    assert [("September 9", ("driver",))] == details_flagged(checker, draft, [driver, material("worker", "창고.")])


@pytest.mark.parametrize(
    ("draft", "span"),
    [
        ("배는 지난달 14일 다시 떠났다.\n", "지난달 14일"),
        ("The ship sailed again on the 14th of last month.\n", "the 14th of last month"),
        ("지난달 초 당국이 부두 노동자들을 불렀다.\n", "지난달 초"),
        ("Early last month the police called in the dockers.\n", "Early last month"),
    ],
)
def test_a_day_or_part_of_last_month_in_a_draft_is_that_date(draft: str, span: str) -> None:
    # A draft read on 7 January 2027: last month is December 2026 (a source's own "last month" is not
    # read, for the day it wrote is not kept).
    checker = ExposureChecker(Korean(), today=datetime.date(2027, 1, 7))
    docker = material("docker", "12월 14일에 배가 나갔습니다. 12월 초에 보위부가 우리를 불렀습니다.")
    found = details_flagged(checker, draft, [docker, material("other", "모릅니다.")])
    assert [(span, ("docker",))] == found
    # The month is the one before the day the draft is read on.
    keys = {k for item in Extractor(Korean()).items(draft, today=datetime.date(2027, 3, 7)) for k in item.keys}
    assert {"d:02-14", "d:02-early"} & keys
    assert not {"d:12-14", "d:12-early"} & keys


@pytest.mark.parametrize("draft", ["이번달 3일 배가 떠났다.", "이번 달 3일 배가 떠났다.", "지난 달 3일 배가 떠났다."])
def test_this_month_and_last_month_are_read_spaced_or_not(draft: str) -> None:
    keys = {k for item in Extractor(Korean()).items(draft, today=datetime.date(2027, 1, 7)) for k in item.keys}
    assert {"d:01-03", "d:12-03"} & keys


@pytest.mark.parametrize(
    ("draft", "span"),
    [
        ("사고는 지난 7월 셋째 일요일 오후에 났다.", "7월 셋째 일요일"),
        ("The tunnel fell in on the third Sunday of July.", "the third Sunday of July"),
    ],
)
def test_a_day_by_its_weekdays_place_in_the_month_is_that_day(draft: str, span: str) -> None:
    """19 July 2026 was July's third Sunday: a draft of December 2026 that says so gives the day."""
    checker = ExposureChecker(Korean(), today=datetime.date(2026, 12, 15))
    sources = [
        material("reed-vole", "7월 19일 오후에 갱이 무너졌습니다."),
        material("pine-stoat", "갱이 무너졌습니다."),
    ]
    assert [(span, ("reed-vole",))] == details_flagged(checker, draft + "\n", sources)
    # A month still to come is last year's: the third Sunday of December 2025 is no 19 July.
    assert [] == details_flagged(checker, "It happened on the third Sunday of December.\n", sources)


def test_a_date_in_chinese_numerals_is_the_date_and_no_amount(extractor: Extractor) -> None:
    assert [("十一月九日", frozenset({"d:11-09", "d:*-09", "d:m-11"}), True)] == _dates(extractor, "十一月九日到的。")
    assert [("二〇二五年四月", frozenset({"d:2025-04", "d:m-04"}), True)] == _dates(extractor, "二〇二五年四月卖的。")
    # A month alone shares, and is no number of eleven things.
    items = extractor.items("十一月满浦那边闹伤寒。")
    assert [("十一月", frozenset({"d:m-11"}), False)] == _dates(extractor, "十一月满浦那边闹伤寒。")
    assert not [i for i in items if any(k.startswith("n:11") for k in i.keys)]


@pytest.mark.parametrize(
    ("text", "key"), [("2025년 4월 1만8000달러를 받았다.", "d:2025-04"), ("7월 3만 원을 냈다.", "d:m-07")]
)
def test_a_month_before_a_sum_is_still_a_month(extractor: Extractor, text: str, key: str) -> None:
    """Only a day (4월 3일) makes a month part of a date: 4월 1만8000달러 is April, and 18,000 dollars."""
    assert key in {k for _, keys, _ in _dates(extractor, text) for k in keys}


@pytest.mark.parametrize(("text", "hour"), [("смена кончилась в 23:00.", "t:11"), ("They left at 06:30.", "t:6")])
def test_a_time_on_the_24_hour_clock_is_its_hour(extractor: Extractor, text: str, hour: str) -> None:
    assert [hour] == [k for _, keys, _ in _dates(extractor, text) for k in keys if k.startswith("t:")]


@pytest.mark.parametrize("text", ["The score was 3:1.", "a ratio of 10:30:60", "It cost 1,5:00"])
def test_a_ratio_or_a_verse_is_no_time(extractor: Extractor, text: str) -> None:
    assert [] == [k for _, keys, _ in _dates(extractor, text) for k in keys if k.startswith("t:")]


@pytest.mark.parametrize(
    ("text", "hour"),
    [("until eleven at night", "t:11"), ("from half past five in the morning", "t:5"), ("at seven a.m.", "t:7"),
     ("at a quarter past six", "t:6")],
)  # fmt: skip
def test_an_hour_in_english_words_is_that_hour(extractor: Extractor, text: str, hour: str) -> None:
    assert [hour] == [k for _, keys, _ in _dates(extractor, text) for k in keys if k.startswith("t:")]


def test_a_count_in_words_is_no_hour(extractor: Extractor) -> None:
    assert [] == [k for _, keys, _ in _dates(extractor, "He has five children.") for k in keys if k.startswith("t:")]


@pytest.mark.parametrize(
    "text", ["2005년부터 2008년까지 감시했다.", "Between 2005 and 2008 I monitored food aid.", "2005~2008년 감시했다."]
)
def test_years_from_one_to_another_are_one_span_in_every_language(extractor: Extractor, text: str) -> None:
    assert [{"d:years:2005-2008"}] == [set(keys) for _, keys, _ in _dates(extractor, text)]


def test_so_many_years_from_one_is_the_same_span(extractor: Extractor) -> None:
    assert [{"d:years:2010-2018"}] == [set(keys) for _, keys, _ in _dates(extractor, "2010년부터 8년 동안 일했다.")]


@pytest.mark.parametrize("text", ["resolutions 2371 and 2397", "on 2026-03-14", "case CA-2026-1187"])
def test_numbers_that_look_like_years_make_no_span(extractor: Extractor, text: str) -> None:
    assert not [k for _, keys, _ in _dates(extractor, text) for k in keys if k.startswith("d:years:")]
