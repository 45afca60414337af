"""Dates in native Korean words: 시월 열이렛날 (17 October), 시월 사흗날 (3 October), 정월 초하루 (1 January),
동짓달 그믐 (30 November), and a month named by its Sino-Korean word (시월, 유월, 십일월) before a day in digits
(시월 17일). A source who writes 10월 17일 and a draft that writes 시월 열이렛날 give the same day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

DATE = "date"
Add = Callable[..., None]

MONTH_WORDS = {
    "정월": 1, "일월": 1, "이월": 2, "삼월": 3, "사월": 4, "오월": 5, "유월": 6, "칠월": 7, "팔월": 8, "구월": 9,
    "시월": 10, "십일월": 11, "동짓달": 11, "십이월": 12, "섣달": 12,
}  # fmt: skip
_UNITS = {"하룻": 1, "이튿": 2, "사흗": 3, "나흗": 4, "닷샛": 5, "엿샛": 6, "이렛": 7, "여드렛": 8, "아흐렛": 9}
# The days of a month as counted in native words: 하룻날 … 아흐렛날, 열흘날, 열하룻날 … 보름날 … 스무날, 스무하룻날 …,
# 그믐(날) the last; and 초하루 … 초열흘 (the first ten days, with 초).
_DAY_WORDS = {f"{unit}날": n for unit, n in _UNITS.items()}
_DAY_WORDS |= {f"열{unit}날": 10 + n for unit, n in _UNITS.items()} | {"열흘날": 10, "보름날": 15, "스무날": 20}
_DAY_WORDS |= {f"스무{unit}날": 20 + n for unit, n in _UNITS.items()} | {"서른날": 30}
_DAY_WORDS |= {"초하루": 1, "초이틀": 2, "초사흘": 3, "초나흘": 4, "초닷새": 5, "초엿새": 6, "초이레": 7, "초여드레": 8,
               "초아흐레": 9, "초열흘": 10}  # fmt: skip
_MONTH = rf"(?P<mw>{'|'.join(sorted(MONTH_WORDS, key=len, reverse=True))})|(?P<m>1[0-2]|[1-9])\s?월"
NATIVE_DATE = re.compile(
    rf"(?<![가-힣])(?:{_MONTH})\s?(?:(?P<dw>{'|'.join(sorted(_DAY_WORDS, key=len, reverse=True))})|(?P<last>그믐날?)"
    r"|(?P<d>[12]\d|3[01]|0?[1-9])\s?일(?!\s?(?:간|동안|째|마다)))"
)


def find_native_dates(text: str, add: Add) -> None:
    for match in NATIVE_DATE.finditer(text):
        if not (match.group("mw") or match.group("dw") or match.group("last")):
            continue  # 10월 17일: dates.py reads it
        month = MONTH_WORDS[match.group("mw")] if match.group("mw") else int(match.group("m"))
        if match.group("last"):
            day = calendar.monthrange(2026, month)[1]  # a lunar month's 그믐 is its last: the calendar's is near
        else:
            day = _DAY_WORDS[match.group("dw")] if match.group("dw") else int(match.group("d"))
        keys = [f"d:{month:02d}-{day:02d}", f"d:*-{day:02d}", f"d:m-{month:02d}"]
        add(match.start(), match.end(), keys, DATE, True)
