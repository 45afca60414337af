"""A person's year of birth, given or counted from an age: 1995년생, born in 1985, born around 1985; and in a
source's material, 리정훈(31), "Ri Jong-hun, 31,", 스물아홉 살, a 31-year-old: born in 1995 or 1994. A draft
that turns a source's age into a year of birth ("born around 1985") gives away what that source told.
"""

from __future__ import annotations

import datetime
import re

from tipline.desk.workflow.dates import DATE, Add
from tipline.desk.workflow.number_words import NATIVE_AGE, native_number

# A year of birth as written: 1995년생, 95년생, born in 1985, born around 1985, b. 1985, 1985年生.
BORN = re.compile(
    r"(?<!\d)(?P<ko>(?:19|20)?\d{2})\s?년생(?=$|[^가-힣]|인|이|으로|의|은|는)|(?<!\d)(?P<zh>(?:19|20)\d{2})\s?年生"
    r"|\bborn\s+(?:in\s+)?(?:around\s+|about\s+|circa\s+|c\.\s*|some\s*time\s+in\s+)?(?:the\s+year\s+)?"
    r"(?P<en>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# An age as a source gives it: 31살, 31세, (31), 스물아홉 살, "Ri Jong-hun, 31,", aged 31, a 31-year-old.
AGE = re.compile(
    r"(?<![\d.,])(?P<n>[1-9]\d)\s?(?:살|세)(?![가-힣])|[가-힣]\((?P<paren>[1-9]\d)(?:세|살)?\)"
    r"|\baged\s+(?P<aged>[1-9]\d)\b|\b(?P<hyphen>[1-9]\d)-year-old\b|\b(?P<old>[1-9]\d)\s+years\s+old\b"
    r"|\b[A-Z][a-z]+(?:[- ][A-Za-z]+)?,\s(?P<comma>[1-9]\d),\s",
)
ADULT = range(15, 90)


def find_birth_years(text: str, add: Add, today: datetime.date | None, *, material: bool) -> None:
    """Each year of birth written in ``text``; in material, also those its ages give on ``today``: held
    (no span of their own: the age is its number too), so that a draft's "born around 1985" meets them."""
    for match in BORN.finditer(text):
        spelled = match.group("ko") or match.group("zh") or match.group("en")
        year = int(spelled) if len(spelled) == 4 else _two_digit_year(int(spelled), today)
        add(match.start(), match.end(), [f"d:born-{year}"], DATE, True)
    if not material or today is None:
        return
    ages = [(m, _age(m)) for m in AGE.finditer(text)] + [(m, native_number(m)) for m in NATIVE_AGE.finditer(text)]
    for match, age in ages:
        if age in ADULT:
            # Not knowing whether the birthday has passed this year, either year.
            add(match.end(), match.end(), [f"d:born-{today.year - age}", f"d:born-{today.year - age - 1}"], DATE, True)


def _two_digit_year(short: int, today: datetime.date | None) -> int:
    """95년생 is 1995, 02년생 2002: the century that makes an age no older than a hundred."""
    this_year = (today or datetime.datetime.now().astimezone().date()).year
    return 2000 + short if 2000 + short <= this_year else 1900 + short


def _age(match: re.Match[str]) -> int:
    return int(next(value for value in match.groups() if value))
