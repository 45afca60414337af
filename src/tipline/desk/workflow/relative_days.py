"""Days and months a draft gives by counting from its own day or from a holiday: 엿새 전, a week ago today,
two weeks ago yesterday, last Wednesday, 지난주 월요일, the day before Thanksgiving, 노동당 창건 기념일 꼭 한 주
뒤, the last day of November, 재작년 3월, October last year, 7년 전 겨울. Each is keyed as the day (or month,
or season) it names, so it meets the source who gave that day. Read in a draft only: a draft is read on
its own day, the desk's today; a source's message's day is not kept, so its "last Wednesday" is unknown.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable

from tipline.desk.workflow.normalise import MONTH_NAME, MONTHS
from tipline.desk.workflow.number_words import NATIVE_DAYS, english_number

DATE = "date"
Add = Callable[..., None]

_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_KO = "월화수목금토일"
_EN_COUNT = r"\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_NATIVE_DAY = "|".join(sorted(NATIVE_DAYS, key=len, reverse=True))

# Days or weeks ago, from today or yesterday: "a week ago today", "two weeks ago yesterday", 엿새 전, 3주 전.
AGO = (
    re.compile(
        rf"\b(?P<n>{_EN_COUNT})\s+(?P<unit>days?|weeks?)\s+ago(?:\s+(?P<anchor>today|yesterday))?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![가-힣\d])(?:(?P<n>\d{{1,2}})\s?(?P<unit>일|주)|(?P<native>{_NATIVE_DAY})|(?P<week>일주일|한\s?주))"
        r"\s?전(?![가-힣])|(?<![가-힣\d])(?P<n2>\d{1,2})\s?(?P<unit2>일|주)\s?전(?=에|부터|쯤|께|까지)"
    ),
)
YESTERDAY = re.compile(
    r"\b(?:the\s+day\s+before\s+yesterday|yesterday)\b|(?<![가-힣])(?:그저께|그제|어제)(?![가-힣])", re.I
)
# A weekday of last week, or the last one before today: 지난주 월요일, 지난 수요일, last Wednesday.
LAST_WEEKDAY = re.compile(
    r"(?P<kow>지난\s?주|저번\s?주|이번\s?주)\s?(?P<wd>[월화수목금토일])요일"
    r"|(?<![가-힣])지난\s(?P<wd2>[월화수목금토일])요일"
    rf"|\blast\s+(?P<en>{'|'.join(_WEEKDAYS_EN)})\b",
    re.IGNORECASE,
)


def _thanksgiving(year: int) -> datetime.date:
    """The fourth Thursday of November (the United States')."""
    first = datetime.date(year, 11, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _fixed(month: int, day: int) -> Callable[[int], datetime.date]:
    return lambda year: datetime.date(year, month, day)


# Holidays a story dates by, each with the day it falls on in a year (North Korea's state holidays, and
# those a source abroad lives by).
HOLIDAYS: tuple[tuple[str, Callable[[int], datetime.date]], ...] = (
    (r"Thanksgiving(?:\s+Day)?|추수감사절", _thanksgiving),
    (r"Black\s+Friday|블랙\s?프라이데이", lambda year: _thanksgiving(year) + datetime.timedelta(days=1)),
    (r"Christmas\s+Eve|크리스마스\s?이브", _fixed(12, 24)),
    (r"Christmas(?:\s+Day)?|크리스마스|성탄절", _fixed(12, 25)),
    (r"New\s+Year'?s\s+Day|신정", _fixed(1, 1)),
    (
        r"(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?anniversary\s+of\s+the\s+(?:founding|foundation)\s+of\s+the\s+"
        r"(?:Korean\s+)?Workers'?\s+Party(?:\s+of\s+Korea)?|(?:the\s+)?(?:Korean\s+)?Workers'?\s+Party(?:'s)?\s+"
        r"(?:founding\s+)?anniversary|Party\s+Foundation\s+Day|(?:조선)?노동당\s?창건\s?(?:\d+\s?주년\s?)?기념일|"
        r"당\s?창건\s?(?:\d+\s?주년\s?)?기념일",
        _fixed(10, 10),
    ),
    (r"태양절|(?:the\s+)?Day\s+of\s+the\s+Sun", _fixed(4, 15)),
    (r"광명성절|(?:the\s+)?Day\s+of\s+the\s+Shining\s+Star", _fixed(2, 16)),
    (r"광복절|Liberation\s+Day", _fixed(8, 15)),
    (r"개천절|National\s+Foundation\s+Day", _fixed(10, 3)),
    (r"한글날|Hangul\s+Day", _fixed(10, 9)),
    (r"삼일절", _fixed(3, 1)),
    (r"현충일", _fixed(6, 6)),
    (r"어린이날", _fixed(5, 5)),
    (r"전승절|조국해방전쟁\s?승리\s?기념일", _fixed(7, 27)),
    (r"(?:공화국|정권)\s?창건\s?(?:\d+\s?주년\s?)?기념일", _fixed(9, 9)),
)
_HOLIDAY = "|".join(f"(?P<h{i}>{pattern})" for i, (pattern, _) in enumerate(HOLIDAYS))
_EN_OFFSET = rf"(?P<on>{_EN_COUNT}|the)\s+(?P<ou>days?|weeks?)\s+(?P<dir>before|after)\s+"
# A holiday, or a day counted from it: the day before Thanksgiving, a week before Thanksgiving, 노동당 창건
# 기념일 꼭 한 주 뒤, 태양절 전날, 크리스마스 다음날.
HOLIDAY = re.compile(
    rf"(?:\b(?:the\s+)?{_EN_OFFSET})?(?:{_HOLIDAY})"
    r"(?:\s?(?:꼭\s?|딱\s?)?(?:(?P<kon>\d{1,2}|한|두|세)\s?(?P<kou>일|주|주일)|(?P<kon2>일주일|하루|이틀|사흘))"
    r"\s?(?P<kodir>전|뒤|후)|\s?(?P<koday>전날|전야|다음\s?날|이튿날))?",
    re.IGNORECASE,
)
# The last day of a month: the last day of November, 11월 마지막 날, 11월 말일, 11월 그믐.
LAST_DAY = re.compile(
    rf"\b(?:the\s+)?last\s+day\s+of\s+{MONTH_NAME}|(?<!\d)(?P<m>1[0-2]|[1-9])\s?월\s?(?:마지막\s?날|말일|그믐날?)",
    re.IGNORECASE,
)
_SEASONS = {"봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter", "spring": "spring",
            "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"}  # fmt: skip
# A month or season of a year counted back: 재작년 3월, 작년 10월, 7년 전 겨울, March of the year before last,
# October last year, the winter of seven years ago.
RELATIVE_YEAR = (
    re.compile(
        r"(?P<rel>재작년|지지난\s?해|작년|지난\s?해|올해|금년|(?P<n>\d{1,2})\s?년\s?전)\s?(?:의\s?)?"
        r"(?:(?P<m>1[0-2]|[1-9])\s?월|(?P<s>봄|여름|가을|겨울))"
    ),
    re.compile(
        rf"\b(?:{MONTH_NAME}|(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter))\s+(?:of\s+)?"
        rf"(?P<rel>last\s+year|the\s+year\s+before\s+last|this\s+year|(?P<n>{_EN_COUNT})\s+years\s+ago)\b",
        re.IGNORECASE,
    ),
)
# Months ago, with years before them: two years and nine months ago, 2년 9개월 전, five months ago, 석 달 전.
MONTHS_AGO = (
    re.compile(rf"\b(?:(?P<y>{_EN_COUNT})\s+years?\s+(?:and\s+)?)?(?P<m>{_EN_COUNT})\s+months?\s+ago\b", re.IGNORECASE),
    re.compile(r"(?<![가-힣\d])(?:(?P<y>\d{1,2})\s?년\s?)?(?P<m>\d{1,2})\s?개월\s?전(?![가-힣])"),
)
# A week of a month (the third week of November, 11월 셋째 주): Monday to Sunday, the month's weeks being those
# whose Thursday falls in it, as calendars count them.
_WEEK_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "첫째": 1, "첫": 1, "둘째": 2, "셋째": 3,
             "넷째": 4, "마지막": -1}  # fmt: skip
WEEK_OF_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last)\s+week\s+of\s+{MONTH_NAME}"
    r"|(?<!\d)(?P<m>1[0-2]|[1-9])\s?월\s?(?P<konth>첫째|첫|둘째|셋째|넷째|마지막)\s?주(?!\s?[월화수목금토일]요일)",
    re.IGNORECASE,
)
_YEARS_BACK = {"재작년": 2, "지지난해": 2, "작년": 1, "지난해": 1, "올해": 0, "금년": 0, "lastyear": 1,
               "theyearbeforelast": 2, "thisyear": 0}  # fmt: skip


def find_relative_days(text: str, add: Add, today: datetime.date) -> None:
    """Every day, month or season of a draft counted from ``today``, its own day, passed to ``add``."""
    _days_ago(text, add, today)
    _last_weekdays(text, add, today)
    _relative_years(text, add, today)
    _months_ago(text, add, today)


def find_calendar_days(text: str, add: Add, today: datetime.date) -> None:
    """Every day of ``text`` a calendar names without its year (the day before Thanksgiving, the last day of
    November, the third week of November): the last such day before ``today``. Read in a source's material
    too, on the desk's day: a message is recent, and its year is the one just past."""
    _holidays(text, add, today)
    _last_days(text, add, today)
    _weeks_of_months(text, add, today)


def _day_keys(day: datetime.date) -> list[str]:
    return [f"d:{day.month:02d}-{day.day:02d}", f"d:*-{day.day:02d}", f"d:m-{day.month:02d}"]


def _count(spelled: str) -> int | None:
    spelled = spelled.lower().strip()
    if spelled.isdigit():
        return int(spelled)
    if spelled in ("a", "an"):
        return 1
    return english_number(spelled)


def _days_ago(text: str, add: Add, today: datetime.date) -> None:
    for match in (m for pattern in AGO for m in pattern.finditer(text)):
        found = match.groupdict()
        if found.get("native"):
            days = NATIVE_DAYS[found["native"]]
        elif found.get("week"):
            days = 7
        else:
            number = _count(found.get("n") or found.get("n2") or "")
            unit = (found.get("unit") or found.get("unit2") or "").lower()
            if number is None:
                continue
            days = number * (7 if unit.startswith(("week", "주")) else 1)
        days += found.get("anchor", "") == "yesterday"
        if 0 < days <= 62:
            add(match.start(), match.end(), _day_keys(today - datetime.timedelta(days=days)), DATE, True)
    for match in YESTERDAY.finditer(text):
        back = 2 if match.group().lower().startswith(("the", "그")) else 1
        add(match.start(), match.end(), _day_keys(today - datetime.timedelta(days=back)), DATE, True)


def _last_weekdays(text: str, add: Add, today: datetime.date) -> None:
    """지난주 월요일 is the Monday of the week before this one; "last Monday", said on a Tuesday, may be
    yesterday or that week's: both are its keys. 지난 수요일 is the last Wednesday before today."""
    monday = today - datetime.timedelta(days=today.weekday())
    for match in LAST_WEEKDAY.finditer(text):
        if match.group("wd"):
            weekday = _WEEKDAYS_KO.index(match.group("wd"))
            week = -7 if not match.group("kow").replace(" ", "").startswith("이번") else 0
            days = [monday + datetime.timedelta(days=week + weekday)]
        else:
            weekday = (
                _WEEKDAYS_KO.index(match.group("wd2"))
                if match.group("wd2")
                else _WEEKDAYS_EN.index(match.group("en").lower())
            )
            latest = today - datetime.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
            days = [latest] if match.group("wd2") else [latest, monday - datetime.timedelta(days=7 - weekday)]
        days = [d for d in days if d < today]
        if days:
            add(match.start(), match.end(), sorted({k for d in days for k in _day_keys(d)}), DATE, True)


def _holidays(text: str, add: Add, today: datetime.date) -> None:
    for match in HOLIDAY.finditer(text):
        index = next(i for i in range(len(HOLIDAYS)) if match.group(f"h{i}"))
        day_in = HOLIDAYS[index][1]
        day = day_in(today.year) if day_in(today.year) <= today else day_in(today.year - 1)
        offset = _holiday_offset(match)
        if offset is None:
            continue
        add(match.start(), match.end(), _day_keys(day + datetime.timedelta(days=offset)), DATE, True)


def _holiday_offset(match: re.Match[str]) -> int | None:
    """The days from the holiday to the day named: -1 for "the day before", +7 for "한 주 뒤"."""
    if match.group("on"):
        count = 1 if match.group("on").lower() == "the" else _count(match.group("on"))
        if count is None:
            return None
        days = count * (7 if match.group("ou").lower().startswith("week") else 1)
        return -days if match.group("dir").lower() == "before" else days
    if match.group("koday"):
        return -1 if match.group("koday") in ("전날", "전야") else 1
    if match.group("kodir"):
        native = {"하루": 1, "이틀": 2, "사흘": 3, "일주일": 7}
        spelled = match.group("kon") or ""
        count = int(spelled) if spelled.isdigit() else {"한": 1, "두": 2, "세": 3}.get(spelled, 0)
        days = native[match.group("kon2")] if match.group("kon2") else count * (7 if "주" in match.group("kou") else 1)
        return -days if match.group("kodir") == "전" else days
    return 0


def _last_days(text: str, add: Add, today: datetime.date) -> None:
    for match in LAST_DAY.finditer(text):
        month = int(match.group("m")) if match.group("m") else MONTHS[match.group("mname").lower()]
        year = today.year if month <= today.month else today.year - 1
        day = datetime.date(year, month, calendar.monthrange(year, month)[1])
        add(match.start(), match.end(), _day_keys(day), DATE, True)


def _relative_years(text: str, add: Add, today: datetime.date) -> None:
    for match in (m for pattern in RELATIVE_YEAR for m in pattern.finditer(text)):
        found = match.groupdict()
        spelled = re.sub(r"\s+", "", found["rel"].lower())
        back = _count(found["n"]) if found.get("n") else _YEARS_BACK.get(spelled)
        if back is None:
            continue
        year = today.year - back
        if found.get("s"):
            keys = [f"d:{year}-{_SEASONS[found['s'].lower()]}"]
        else:
            month = int(found["m"]) if found.get("m") else MONTHS[found["mname"].lower()]
            keys = [f"d:{year}-{month:02d}", f"d:m-{month:02d}"]
        add(match.start(), match.end(), keys, DATE, True)


def _months_ago(text: str, add: Add, today: datetime.date) -> None:
    """The month of a year so many months back: two years and nine months ago, in a December 2026 draft, is
    March 2024."""
    for match in (m for pattern in MONTHS_AGO for m in pattern.finditer(text)):
        years = _count(match.group("y")) if match.group("y") else 0
        months = _count(match.group("m"))
        if years is None or months is None or not 0 < years * 12 + months <= 240:
            continue
        index = today.year * 12 + today.month - 1 - years * 12 - months
        year, month = divmod(index, 12)
        add(match.start(), match.end(), [f"d:{year}-{month + 1:02d}", f"d:m-{month + 1:02d}"], DATE, True)


def _weeks_of_months(text: str, add: Add, today: datetime.date) -> None:
    """The third week of November, in a December 2026 draft, is 16–22 November: each of its days a key."""
    for match in WEEK_OF_MONTH.finditer(text):
        month = int(match.group("m")) if match.group("m") else MONTHS[match.group("mname").lower()]
        nth = _WEEK_NTH[(match.group("nth") or match.group("konth")).lower()]
        year = today.year if month <= today.month else today.year - 1
        first = datetime.date(year, month, 1)
        monday = first - datetime.timedelta(days=first.weekday())
        if (monday + datetime.timedelta(days=3)).month != month:
            monday += datetime.timedelta(days=7)  # the week of the 1st belongs to the month before
        weeks = []
        while (monday + datetime.timedelta(days=3)).month == month:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)
        if len(weeks) < nth:
            continue
        start = weeks[nth - 1] if nth > 0 else weeks[-1]
        days = [start + datetime.timedelta(days=i) for i in range(7)]
        end = match.end() - match.group().endswith(".")  # November.: the sentence's full stop
        add(match.start(), end, [f"d:{d.month:02d}-{d.day:02d}" for d in days], DATE, True)
