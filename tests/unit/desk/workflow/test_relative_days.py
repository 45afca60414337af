"""Days a draft counts from its own day or from a holiday (relative_days.py), read on a Tuesday, 8 December
2026: each is the day it names, and meets the one source who gave that day."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.dates import DATE
from tipline.desk.workflow.details import Extractor
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean

TUESDAY = datetime.date(2026, 12, 8)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Korean())


def _days(extractor: Extractor, text: str, today: datetime.date = TUESDAY) -> list[tuple[str, set[str]]]:
    items = extractor.items(text, today=today)
    return [(text[i.start : i.end], {k for k in i.keys if not k.startswith("d:m-")}) for i in items if i.what == DATE]


@pytest.mark.parametrize(
    ("text", "span", "day"),
    [
        ("The raid came a week ago today.", "a week ago today", "12-01"),
        ("They were taken two weeks ago yesterday.", "two weeks ago yesterday", "11-23"),
        ("It began five weeks ago today.", "five weeks ago today", "11-03"),
        ("He left three days ago.", "three days ago", "12-05"),
        ("엿새 전 단속이 있었다.", "엿새 전", "12-02"),
        ("3일 전 배가 떠났다.", "3일 전", "12-05"),
        ("2주 전에 잡혔다.", "2주 전", "11-24"),
        ("He was arrested yesterday.", "yesterday", "12-07"),
        ("그저께 잡혔다.", "그저께", "12-06"),
    ],
)
def test_days_ago_are_the_day_they_name(extractor: Extractor, text: str, span: str, day: str) -> None:
    assert (span, {f"d:{day}", f"d:*-{day[3:]}"}) in _days(extractor, text)


@pytest.mark.parametrize(
    ("text", "span", "days"),
    [
        # The Monday and Tuesday of the week before this one.
        ("지난주 월요일 검열이 있었다.", "지난주 월요일", {"11-30"}),
        ("지난주 화요일에 떠났다.", "지난주 화요일", {"12-01"}),
        # The last Wednesday before today.
        ("The boat left last Wednesday.", "last Wednesday", {"12-02"}),
        ("지난 수요일 배가 떠났다.", "지난 수요일", {"12-02"}),
        # Said on a Tuesday, "last Monday" may be yesterday or the week before's: both.
        ("The boat left last Monday.", "last Monday", {"12-07", "11-30"}),
    ],
)
def test_a_weekday_of_last_week_is_its_day(extractor: Extractor, text: str, span: str, days: set[str]) -> None:
    [(found, keys)] = _days(extractor, text)
    assert found == span
    assert {k for k in keys if not k.startswith("d:*")} == {f"d:{d}" for d in days}


@pytest.mark.parametrize(
    ("text", "span", "day"),
    [
        # Thanksgiving 2026 is Thursday 26 November.
        ("He was paid on Thanksgiving Day.", "Thanksgiving Day", "11-26"),
        ("The day before Thanksgiving he left.", "The day before Thanksgiving", "11-25"),
        ("a week before Thanksgiving", "a week before Thanksgiving", "11-19"),
        ("Black Friday was busy.", "Black Friday", "11-27"),
        ("the day before the anniversary of the founding of the Workers' Party", None, "10-09"),
        ("노동당 창건 기념일 꼭 한 주 뒤 새벽에 잡혔다.", "노동당 창건 기념일 꼭 한 주 뒤", "10-17"),
        ("태양절 전날 떠났다.", "태양절 전날", "04-14"),
        ("He crossed on Christmas Eve.", "Christmas Eve", "12-24"),
    ],
)
def test_a_holiday_or_a_day_counted_from_it_is_its_day(
    extractor: Extractor, text: str, span: str | None, day: str
) -> None:
    [(found, keys)] = _days(extractor, text)
    assert found == (span or text)
    assert f"d:{day}" in keys


def test_a_holiday_still_to_come_this_year_is_last_years(extractor: Extractor) -> None:
    """Read in March 2027, Thanksgiving is the last one, 26 November 2026; Christmas is last year's too."""
    [(_, keys)] = _days(extractor, "He was paid on Thanksgiving.", datetime.date(2027, 3, 1))
    assert "d:11-26" in keys


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("the last day of November", {"d:11-30", "d:*-30"}),
        ("11월 마지막 날 떠났다.", {"d:11-30", "d:*-30"}),
        ("2월 말일에 떠났다.", {"d:02-28", "d:*-28"}),
        ("재작년 3월 탈북했다.", {"d:2024-03"}),
        ("He fled in March of the year before last.", {"d:2024-03"}),
        ("They came in October last year.", {"d:2025-10"}),
        ("7년 전 겨울 탈북했다.", {"d:2019-winter"}),
        ("He went abroad two years and nine months ago.", {"d:2024-03"}),
        ("2년 9개월 전 출국했다.", {"d:2024-03"}),
    ],
)
def test_a_month_or_season_counted_back_is_that_month_of_that_year(
    extractor: Extractor, text: str, keys: set[str]
) -> None:
    assert keys <= set().union(*(k for _, k in _days(extractor, text)))


@pytest.mark.parametrize(
    "text",
    ["Weeks later he wrote.", "He said it two years ago.", "사흘 동안 굶었다", "어제오늘의 일이 아니다", "last week"],
)
def test_what_names_no_day_gives_none(extractor: Extractor, text: str) -> None:
    assert [] == _days(extractor, text)


def test_a_relative_day_points_at_the_source_who_gave_that_day_and_at_neither_of_two() -> None:
    checker = ExposureChecker(Korean(), today=TUESDAY)
    cook = material("cook", "The guards came on 2 December and took the cook away.")
    draft = "The guards came last Wednesday, a source in Russia said.\n"
    assert [("last Wednesday", ("cook",))] == details_flagged(checker, draft, [cook, material("guard", "Nothing.")])
    assert [] == details_flagged(checker, draft, [cook, material("guard", "12월 2일에 보위원들이 왔습니다.")])


def test_a_sources_own_last_wednesday_is_not_read() -> None:
    """The day a source wrote is not kept: its "last Wednesday" is no day, and meets nothing."""
    checker = ExposureChecker(Korean(), today=TUESDAY)
    cook = material("cook", "The guards came last Wednesday and took the cook away.")
    assert [] == details_flagged(checker, "The guards came on 2 December.\n", [cook, material("guard", "Nothing.")])


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("시월 열이렛날 밤에 잡혔다.", "10-17"),
        ("시월 사흗날부터 외출이 막혔다.", "10-03"),
        ("정월 초하루에 왔다.", "01-01"),
        ("시월 17일 밤에 왔다.", "10-17"),
        ("11월 첫 일요일에 떠났다.", "11-01"),
        ("개천절에 떠났다.", "10-03"),
    ],
)
def test_a_date_in_native_korean_words_or_a_holiday_is_that_day(extractor: Extractor, text: str, day: str) -> None:
    assert any(f"d:{day}" in keys for _, keys in _days(extractor, text))


@pytest.mark.parametrize("text", ["He called in the third week of November.", "11월 셋째 주에 통화했다."])
def test_a_week_of_a_month_is_its_seven_days(extractor: Extractor, text: str) -> None:
    """November 2026's weeks are those whose Thursday is in November: the third runs from Monday the 16th."""
    [(_, keys)] = _days(extractor, text)
    assert keys == {f"d:11-{d}" for d in range(16, 23)}


def test_a_day_a_calendar_names_is_read_in_a_sources_material_too() -> None:
    """11월 셋째 주 in a message is the same week in a draft: the calendar, not the message's day, fixes it."""
    checker = ExposureChecker(Korean(), today=TUESDAY)
    helper = material("helper", "11월 셋째 주에 그들과 마지막으로 통화했습니다.")
    draft = "He last spoke to both men in the third week of November.\n"
    assert [("the third week of November", ("helper",))] == details_flagged(
        checker, draft, [helper, material("o", "No.")]
    )
