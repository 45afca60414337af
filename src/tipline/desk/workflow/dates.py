"""The dates a text gives, each with its comparison keys: a full date (d:03-14, with its day of any month
d:*-14, its month d:m-03 and, when the year is written, its month of the year d:2026-03), a day alone
(지난 14일, the 14th), a month of a year (2025년 10월, October 2025), a part of a month (3월 말) and a
month alone (10월부터: it shares, never identifies), and a day of every week (매주 화요일, on Tuesdays:
d:wd:2), a habit that those who keep it know. Normalised in normalise.py; datelines.py tells the
day a source spoke from the day of an event.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tipline.desk.workflow.datelines import dateline, english_dateline
from tipline.desk.workflow.normalise import (
    DATE_PATTERNS,
    ENGLISH_DAY,
    KOREAN_DAY,
    MONTH_PART_PATTERNS,
    MONTH_YEAR_PATTERNS,
    RECURRING_DAY_AFTER,
    RECURRING_DAY_BEFORE,
    day_only,
    month_day,
    month_part,
    month_year,
)

DATE = "date"
# add(start, end, keys, what, rare, *, groups=…, rare_spellings=…): details.Extractor's recorder of an
# item, which keeps it unless it overlaps one already found.
Add = Callable[..., None]


def find_dates(text: str, add: Add) -> None:
    """Every date of ``text``, each with its keys (see details.py), passed to ``add``."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = month_day(match)
            if day:
                keys = [f"d:{day}", f"d:*{day[2:]}", f"d:m-{day[:2]}"]
                if match.groupdict().get("y"):  # and its month: who gave 2026년 11월 9일 knows November 2026
                    keys.append(f"d:{match.group('y')}-{day[:2]}")
                add(match.start(), match.end(), keys, DATE, not english_dateline(text, match.start()))
    _months(text, add)
    _weekly(text, add)
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


BARE_MONTH = re.compile(r"(?<!\d)(?P<m>1[0-2]|[1-9])\s*[월月](?!\s*\d)")


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


def _weekly(text: str, add: Add) -> None:
    """A day of every week (every Tuesday, on Tuesdays, 매주 화요일, 화요일마다, 每周二, по вторникам): a
    habit (when the money comes, when a guard is away), known to those around it. A day said once ("said
    on Tuesday") is the news's own day, and no key."""
    for number, pattern in _WEEKLY:
        for match in pattern.finditer(text):
            add(match.start(), match.end(), [f"d:wd:{number}"], DATE, True)
