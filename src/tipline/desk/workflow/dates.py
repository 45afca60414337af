"""The dates a text gives, each with its comparison keys: a full date (d:03-14, with its day of any month
d:*-14, its month d:m-03 and, when the year is written, its month of the year d:2026-03), a day alone
(지난 14일, the 14th), a month of a year (2025년 10월, October 2025), a part of a month (3월 말) and a
month alone (10월부터: it shares, never identifies), a day of every week (매주 화요일, on Tuesdays:
d:wd:2) and how often something happens (twice a week, 한 달에 세 번: d:freq:2/w), habits that those who keep
them know; a time of day (6 a.m. = 아침 여섯시 = 早上六点: t:6) and a season of a year (spring 2027 =
2027년 봄: d:2027-spring). Normalised in normalise.py; datelines.py tells the
day a source spoke from the day of an event.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable

from tipline.desk.workflow.datelines import dateline, english_dateline
from tipline.desk.workflow.native_dates import find_native_dates
from tipline.desk.workflow.normalise import (
    DATE_PATTERNS,
    ENGLISH_DAY,
    KOREAN_DAY,
    MONTH_NAME,
    MONTH_PART_PATTERNS,
    MONTH_YEAR_PATTERNS,
    MONTHS,
    RECURRING_DAY_AFTER,
    RECURRING_DAY_BEFORE,
    day_only,
    month_day,
    month_part,
    month_year,
)
from tipline.desk.workflow.number_words import EN_ORDINAL, han_value, ordinal_value
from tipline.desk.workflow.relative_days import find_calendar_days, find_relative_days

DATE = "date"
# add(start, end, keys, what, rare, *, groups=…, rare_spellings=…): details.Extractor's recorder of an
# item, which keeps it unless it overlaps one already found.
Add = Callable[..., None]


def find_dates(text: str, add: Add, today: datetime.date | None = None, *, material: bool = False) -> None:
    """Every date of ``text``, each with its keys (see details.py), passed to ``add``. Given ``today`` (a
    draft, written now), a day or a part of last month or this month too (지난달 14일 = 14 November in a
    December draft); a source's own "last month" is unknown, for its message's day is not kept. A day a
    calendar names without its year (7월 셋째 일요일, the day before Thanksgiving) is read in material too,
    as the last such day before ``today``."""
    if today is not None:  # first: "the last Sunday of September" is no "last Sunday"
        _nth_weekdays(text, add, today)
        find_calendar_days(text, add, today)
    if today is not None and not material:
        _relative_dates(text, add, today)
        find_relative_days(text, add, today)
    find_native_dates(text, add)
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = month_day(match)
            if day:
                keys = [f"d:{day}", f"d:*{day[2:]}", f"d:m-{day[:2]}"]
                if match.groupdict().get("y"):  # and its month: who gave 2026년 11월 9일 knows November 2026
                    keys.append(f"d:{match.group('y')}-{day[:2]}")
                add(match.start(), match.end(), keys, DATE, not english_dateline(text, match.start()))
    for match in (m for pattern in ORDINAL_DATES for m in pattern.finditer(text)):
        number, month = ordinal_value(match), MONTHS[match.group("mname").lower()]
        if 1 <= number <= 31:
            keys = [f"d:{month:02d}-{number:02d}", f"d:*-{number:02d}", f"d:m-{month:02d}"]
            add(match.start(), match.end(), keys, DATE, not english_dateline(text, match.start()))
    _year_spans(text, add)
    _months(text, add)
    _weekly(text, add)
    _frequencies(text, add)
    _seasons(text, add)
    _clock_times(text, add)
    for pattern in (KOREAN_DAY, ENGLISH_DAY):
        for match in pattern.finditer(text):
            day = day_only(match)
            start = match.start("d")
            recurring = RECURRING_DAY_BEFORE.search(text, 0, match.start()) or RECURRING_DAY_AFTER.match(
                text, match.end()
            )
            # A dateline or a day of every month is taken (its digits are no number) but identifies nobody.
            event = not (recurring or dateline(text, match) or english_dateline(text, match.start()))
            if day:
                add(start, match.end(), [f"d:{day}"], DATE, event)


# The day by its ordinal word: the third of December, December the twenty-first.
ORDINAL_DATES = [
    re.compile(rf"\b(?:the\s+)?{EN_ORDINAL}\s+of\s+{MONTH_NAME}(?![a-z])", re.IGNORECASE),
    re.compile(rf"\b{MONTH_NAME}\s+the\s+{EN_ORDINAL}\b", re.IGNORECASE),
]
BARE_MONTH = re.compile(r"(?<!\d)(?P<m>1[0-2]|[1-9])\s*[월月](?!\s*\d{1,2}\s*[일日号號])")
HAN_DATE = re.compile(
    r"(?:(?P<y>[〇一二三四五六七八九]{4})年)?(?P<m>十[一二]?|[一二三四五六七八九])月"
    r"(?:(?P<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?"
)


# A day or a part of last month or this month: 지난달 14일, 이달 3일, 지난달 초; the 3rd of last month,
# early last month, on the 14th of this month.
_RELATIVE_MONTH = {"지난달": -1, "전달": -1, "이달": 0, "이번달": 0, "last": -1, "this": 0}  # spaces left out
RELATIVE_DATES = (
    re.compile(r"(?P<rel>지난\s?달|전달|이달|이번\s?달)\s?(?:(?P<d>\d{1,2})\s?일|(?P<p>초순|초|중순|하순|말))"),
    re.compile(
        r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\s+of\s+(?P<rel>last|this)\s+month\b"
        r"|\b(?P<p>early|mid|late)(?:-|\s+)(?P<rel2>last|this)\s+month\b",
        re.IGNORECASE,
    ),
)
_PARTS = {"초": "early", "초순": "early", "중순": "mid", "하순": "late", "말": "late"}


def _relative_dates(text: str, add: Add, today: datetime.date) -> None:
    for match in (m for pattern in RELATIVE_DATES for m in pattern.finditer(text)):
        relative = (match.group("rel") or match.groupdict().get("rel2") or "").lower()
        month = (today.month - 1 + _RELATIVE_MONTH[re.sub(r"\s+", "", relative)]) % 12 + 1
        day, part = match.group("d"), match.group("p")
        if day and 1 <= int(day) <= 31:
            keys = [f"d:{month:02d}-{int(day):02d}", f"d:*-{int(day):02d}", f"d:m-{month:02d}"]
        elif part:
            keys = [f"d:{month:02d}-{_PARTS.get(part, part.lower())}"]
        else:
            continue
        add(match.start(), match.end(), keys, DATE, True)


# A day by its weekday's place in a month: 7월 셋째 일요일, 10월 셋째 주 토요일, the third Sunday of July.
_NTH = {"첫째": 1, "첫": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5, "first": 1, "second": 2, "third": 3,
        "fourth": 4, "fifth": 5, "마지막": -1, "last": -1}  # fmt: skip
_WEEKDAY_NUMBER = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6, "monday": 0, "tuesday": 1,
             "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}  # fmt: skip
NTH_WEEKDAY = [
    re.compile(
        r"(?P<m>\d{1,2})월\s?(?P<nth>첫째|첫|둘째|셋째|넷째|다섯째|마지막)\s?(?:주\s?)?(?P<wd>[월화수목금토일])요일"
    ),
    re.compile(
        r"\b(?:the\s+)?(?P<nth>first|second|third|fourth|fifth|last)\s+(?P<wd>monday|tuesday|wednesday|thursday|"
        rf"friday|saturday|sunday)\s+(?:of|in)\s+{MONTH_NAME}",
        re.IGNORECASE,
    ),
]


def _nth_weekdays(text: str, add: Add, today: datetime.date) -> None:
    """A draft's "third Sunday of July": the day it was this year, or last year for a month still to come."""
    for match in (m for pattern in NTH_WEEKDAY for m in pattern.finditer(text)):
        month = int(match.group("m")) if match.groupdict().get("m") else MONTHS[match.group("mname").lower()]
        nth, weekday = _NTH[match.group("nth").lower()], _WEEKDAY_NUMBER[match.group("wd").lower()]
        if not 1 <= month <= 12:
            continue
        year = today.year if month <= today.month else today.year - 1
        first, length = calendar.monthrange(year, month)  # the weekday of the 1st, and the month's days
        days = [d for d in range(1, length + 1) if (first + d - 1) % 7 == weekday]
        if len(days) >= nth:
            day = days[nth - 1] if nth > 0 else days[-1]
            keys = [f"d:{month:02d}-{day:02d}", f"d:*-{day:02d}", f"d:m-{month:02d}"]
            end = match.end() - match.group().endswith(".")  # July.: the sentence's full stop, no abbreviation
            add(match.start(), end, keys, DATE, True)


def _months(text: str, add: Add) -> None:
    """A month of a year (2025년 10월, October 2025) and a part of a month (3월 말, late March): an event's time.
    A month alone (10월부터) identifies nobody, but shares its month with a draft's October 2026."""
    for pattern in MONTH_YEAR_PATTERNS:
        for match in pattern.finditer(text):
            month = month_year(match)
            if month:
                # And its month alone: who wrote 9월 20일 holds September 2026 too (a draft's month of a year
                # is shared when another source dated an event in that month).
                add(match.start(), match.end(), [f"d:{month}", f"d:m-{month[5:]}"], DATE, True)
    for pattern in MONTH_PART_PATTERNS:
        for match in pattern.finditer(text):
            part = month_part(match)
            if part:
                add(match.start(), match.end(), [f"d:{part}"], DATE, True)
    for match in BARE_MONTH.finditer(text):
        add(match.start(), match.end(), [f"d:m-{int(match.group('m')):02d}"], DATE, False)
    _han_dates(text, add)


def _han_dates(text: str, add: Add) -> None:
    """十一月九日, 二〇二五年四月: a date in Chinese numerals, read as 11月9日 and 2025年4月 are."""
    for match in HAN_DATE.finditer(text):
        month = han_value(match.group("m"))
        day = han_value(match.group("d")) if match.group("d") else None
        year = "".join(str("〇一二三四五六七八九".index(c)) for c in match.group("y") or "")
        if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        keys = [f"d:m-{month:02d}", *([f"d:{year}-{month:02d}"] if year else [])]
        if day is not None:
            keys += [f"d:{month:02d}-{day:02d}", f"d:*-{day:02d}"]
        add(match.start(), match.end(), keys, DATE, bool(year or day))


_WEEKDAYS = (
    ("monday", "월", "一", "понедельник"),
    ("tuesday", "화", "二", "вторник"),
    ("wednesday", "수", "三", "сред"),
    ("thursday", "목", "四", "четверг"),
    ("friday", "금", "五", "пятниц"),
    ("saturday", "토", "六", "суббот"),
    ("sunday", "일", "[日天]", "воскресень"),
)
_WEEKLY = [
    (
        number,
        re.compile(
            rf"\b(?:(?:every|each)\s+(?:other\s+)?{en}\b|(?:on\s+)?{en}s\b)"
            rf"|매주\s*{ko}요일|(?<![가-힣]){ko}요일\s*(?:마다|이면|이나\s*[월화수목금토일]요일마다)"
            rf"|每(?:个)?(?:周|星期|礼拜|禮拜|逢周|逢星期){zh}"
            rf"|(?:по\s+{ru}[а-я]*ам|кажд[а-я]+\s+{ru}[а-я]*)",
            re.IGNORECASE,
        ),
    )
    for number, (en, ko, zh, ru) in enumerate(_WEEKDAYS, start=1)
]


_TIMES_EN = {"twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_TIMES_KO = {"두": 2, "세": 3, "네": 4, "다섯": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_TIMES_ZH = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_PERIODS = {
    "week": "w",
    "month": "m",
    "주": "w",
    "주일": "w",
    "일주일": "w",
    "달": "m",
    "한달": "m",
    "周": "w",
    "星期": "w",
    "月": "m",
}
# How often something happens, more than once a period (twice a week, 한 달에 세 번, 每周两次): a schedule.
FREQUENCY = re.compile(
    r"\b(?P<en>twice|(?:two|three|four|five|[2-5])\s+times)\s+(?:a|per|each|every)\s+(?P<enp>week|month)\b"
    r"|(?P<kop>일주일|주일|한\s?달|주|달)(?:에|마다)?\s?(?P<ko>두|세|네|다섯|[2-5])\s?(?:번|차례|회)"
    r"|每(?:个)?(?P<zhp>周|星期|月)(?P<zh>两|二|三|四|五|[2-5])次",
    re.IGNORECASE,
)


_NATIVE_HOURS = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "열한": 11,
    "열두": 12,
}  # fmt: skip
_HAN_HOURS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2, "十一": 11, "十二": 12}
# A time of day (6 a.m., 2 in the morning, 아침 여섯시, 새벽 1시, 早上六点; 23시 = 밤 11시 = 11 p.m.): when a shift
# starts, when the truck comes.
_EN_HOUR_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_EN_HOURS = "|".join(sorted(_EN_HOUR_WORDS, key=len, reverse=True))
CLOCK = re.compile(
    r"(?<![\d:.])(?P<en>1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b"
    r"|(?:o['’]clock\s+)?in\s+the\s+(?:morning|afternoon|evening)\b|(?:o['’]clock\s+)?at\s+night\b)"
    rf"|(?<![가-힣\d])(?P<ko>2[0-4]|1[0-9]|0?[1-9]|{'|'.join(sorted(_NATIVE_HOURS, key=len, reverse=True))})\s?시"
    r"(?=$|[^가-힣]|부터|까지|에|쯤|경|반|께|면|로|이|였)"
    r"|(?P<zh>2[0-4]|1[0-9]|0?[1-9]|十[一二]|[一二两三四五六七八九十])点"
    # and on the 24-hour clock with its minutes (в 23:00, at 06:30), no a.m. or p.m. needed
    r"|(?<![\d:.,])(?P<h24>2[0-3]|1[0-9]|0?[1-9]):[0-5]\d(?![\d:])(?!\s*(?:a\.m\.|p\.m\.|am\b|pm\b))"
    # and in English words: eleven at night, half past five in the morning, a quarter past six
    rf"|\b(?:half|(?:a\s+)?quarter)\s+past\s+(?P<past>{_EN_HOURS})(?:\s+in\s+the\s+(?:morning|afternoon|evening))?\b"
    rf"|\b(?P<enw>{_EN_HOURS})(?:\s+o['’]clock)?\s+(?:a\.m\.|p\.m\.|in\s+the\s+(?:morning|afternoon|evening)\b"
    r"|at\s+night\b)",
    re.IGNORECASE,
)


def _clock_times(text: str, add: Add) -> None:
    for match in CLOCK.finditer(text):
        worded = match.group("enw") or match.group("past")
        spelled = match.group("en") or match.group("ko") or match.group("zh") or match.group("h24")
        if worded:
            hour = _EN_HOUR_WORDS.index(worded.lower()) + 1
        else:
            hour = int(spelled) if spelled.isdigit() else _NATIVE_HOURS.get(spelled) or _HAN_HOURS[spelled]
        add(match.start(), match.end(), [f"t:{hour % 12}"], DATE, True)


_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
            "봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter",
            "春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter"}  # fmt: skip
# A season of a year (spring 2027 = 2027년 봄 = 2027年春): when a team goes home, when a job ends.
SEASON = re.compile(
    r"\b(?P<en>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<eny>20\d\d)\b"
    r"|(?P<koy>20\d\d)년\s?(?P<ko>봄|여름|가을|겨울)"
    r"|(?P<zhy>20\d\d)年(?P<zh>[春夏秋冬])",
    re.IGNORECASE,
)


def _seasons(text: str, add: Add) -> None:
    for match in SEASON.finditer(text):
        season = _SEASONS[(match.group("en") or match.group("ko") or match.group("zh")).lower()]
        year = match.group("eny") or match.group("koy") or match.group("zhy")
        add(match.start(), match.end(), [f"d:{year}-{season}"], DATE, True)


def _frequencies(text: str, add: Add) -> None:
    for match in FREQUENCY.finditer(text):
        if match.group("en"):
            times, period = _TIMES_EN[match.group("en").split()[0].lower()], _PERIODS[match.group("enp").lower()]
        elif match.group("ko"):
            times, period = _TIMES_KO[match.group("ko")], _PERIODS[match.group("kop").replace(" ", "")]
        else:
            times, period = _TIMES_ZH[match.group("zh")], _PERIODS[match.group("zhp")]
        add(match.start(), match.end(), [f"d:freq:{times}/{period}"], DATE, True)


def _weekly(text: str, add: Add) -> None:
    """A day of every week (every Tuesday, on Tuesdays, 매주 화요일, 화요일마다, 每周二, по вторникам): a
    habit (when the money comes, when a guard is away), known to those around it. A day said once ("said
    on Tuesday") is the news's own day, and no key."""
    for number, pattern in _WEEKLY:
        for match in pattern.finditer(text):
            add(match.start(), match.end(), [f"d:wd:{number}"], DATE, True)


# Years from one to another, or for so many years from one: how long someone worked, served or watched
# (2005년부터 2008년까지, between 2005 and 2008, from 2010 to 2018, 2017~2019년, 2010년부터 8년 동안).
YEAR_SPAN = re.compile(
    r"(?P<a>(?:19|20)\d\d)\s?년?\s?(?:부터|~|–|-)\s?(?P<b>(?:19|20)\d\d)\s?년(?:\s?까지)?"
    r"|(?P<c>(?:19|20)\d\d)\s?년부터\s?(?P<n>\d{1,2})\s?년\s?(?:동안|간)"
    r"|\b(?:from|between)\s+(?P<d>(?:19|20)\d\d)\s+(?:to|and|until|till)\s+(?P<e>(?:19|20)\d\d)\b"
    r"|\b(?P<f>(?:19|20)\d\d)\s?[–-]\s?(?P<g>(?:19|20)\d\d|\d\d)\b",
    re.IGNORECASE,
)


def _year_spans(text: str, add: Add) -> None:
    for match in YEAR_SPAN.finditer(text):
        first = int(match.group("a") or match.group("c") or match.group("d") or match.group("f"))
        if match.group("n"):
            last = first + int(match.group("n"))
        else:
            spelled = match.group("b") or match.group("e") or match.group("g")
            last = int(spelled) if len(spelled) == 4 else first // 100 * 100 + int(spelled)
        if first < last <= first + 60:
            add(match.start(), match.end(), [f"d:years:{first}-{last}"], DATE, True)
