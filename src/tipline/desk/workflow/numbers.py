"""The numbers a text gives, each with its keys: amounts and counts in digits, Korean and Chinese numerals
and English words (normalise.py, number_words.py), with the unit they count (number_units.py); a place
known by its number or letter, a floor, the frost below zero; phone numbers however they are grouped.
Called by details.Extractor with its recorder of items (dates.Add).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tipline.desk.workflow.dates import Add
from tipline.desk.workflow.normalise import (
    _EN_MULTIPLIERS,
    EN_MULTIPLIER,
    HAN_NUMBER,
    HANGUL_NUMBER,
    KOREAN_NUMBER,
    han_number,
    hangul_number,
    korean_number,
)
from tipline.desk.workflow.number_units import MEASURED, number_keys, unit_of
from tipline.desk.workflow.number_words import (
    COLD,
    ENGLISH_NUMBER,
    FLOOR,
    HEAT,
    LETTERED_SITE,
    NATIVE_DAY,
    NATIVE_DAYS,
    NATIVE_NUMBER,
    NUMBERED_SITE,
    ORDINAL_SITE,
    SMALL_NATIVE_NUMBER,
    cold,
    english_number,
    floor_number,
    han_value,
    heat,
    native_number,
    numbered_site,
    ordinal_site,
)

NUMBER = "number"
# A phone number however it is grouped, with its country or trunk prefix or none.
# Not inside a Latin or Cyrillic word (E418KX27), but after Chinese or Korean glued before it (电话是138 4431 0926).
PHONE = re.compile(r"(?<![0-9A-Za-zА-Яа-яЁё_+])\+?\d{1,3}(?:[\s.-]?\(?\d{2,4}\)?){2,5}(?![\d])")
IDENTIFIER = re.compile(r"(?<![\d.,])\d+(?:-\d+)+(?![\d])")
MONEY_AROUND = re.compile(
    r"[$€£¥₩]|\b(?:kip|won|yuan|dollars?|rubles?|roubles?|euros?|usdt|riel|baht)\b", re.IGNORECASE
)
PERCENT = re.compile(r"\s?(?:%|percent|per cent|퍼센트|프로)")


# A price of one unit: 톤당 62달러, 每吨六十二美元, $62 a ton, 62 dollars per tonne, за тонну.
PER_UNIT_BEFORE = re.compile(
    r"(?:톤당|키로당|킬로당|kg당|개당|장당|대당|명당|每吨|每公斤|每斤|每张|每个|每人|每台)\s?$"
)
# A month's amount (한 달에 8톤, 한 달 계획 3만 달러, the monthly plan of 30,000 dollars): a year's is twelve of it.
PER_MONTH_BEFORE = re.compile(
    r"(?:한\s?달에|한\s?달\s(?:계획|목표|과제|월급|임금)(?:은|이)?|매달|매월|달마다|월\s?계획|每月|每个月|每個月"
    r"|\bmonthly\s+(?:\w+\s+){0,2}of|\bmonthly)\s?\$?$",
    re.IGNORECASE,
)
PER_MONTH_AFTER = re.compile(r"\s?(?:[a-z$]+\s){0,2}(?:a|per|each)\s+month\b|\s?(?:\w+\s)?в\s+месяц", re.IGNORECASE)
PER_UNIT_AFTER = re.compile(
    r"\s?(?:[a-z$]+\s)?(?:per|a|an|each|/)\s?(?:ton|tonne|kilo|kilogram|kg|piece|head|person|unit)\b"
    r"|\s?(?:\w+\s)?за\s(?:тонну|кило|штуку|человека)",
    re.IGNORECASE,
)


_VALUE_KEY = re.compile(r"n:\d+(?:\.\d+)?(?::.*)?")


HAN_DATE_UNIT = re.compile(r"[月日号年点时]")
HAN_VEHICLES = re.compile(r"(?P<n>[一二两兩三四五六七八九])(?:(?:艘|辆|輛)(?:卡车|货车|船|车|車)?|船|车|車)")


def derived_totals(text: str) -> list[tuple[int, list[str]]]:
    """What a source's own numbers make, as a story computes it: a price per unit times an amount the
    source gave (9,800 tons at $62 a ton: $607,600; 7톤 at 60위안 a kilo: 420,000 yuan, a weight counting in
    either unit), a price a kilo as a tonne's (60,000 yuan), and a month's amount as a year's (한 달에 8톤: 96
    tonnes a year). Each with where its price ends and its keys."""
    found: list[tuple[int, int, tuple[float, ...]]] = []

    def collect(start: int, end: int, keys: Iterable[str], *_: object, **__: object) -> None:
        keyed = [k for k in keys if _VALUE_KEY.fullmatch(k)]
        values = tuple(dict.fromkeys(float(k.split(":")[1]) for k in keyed))
        # One value, or a weight and its conversion (23톤: 23, and 23,000 kg), the first as written.
        if len(values) == 1 or (len(values) == 2 and any(k.endswith((":ton", ":kilogram")) for k in keyed)):
            found.append((start, end, values))

    _numbers(text, collect)
    totals = []
    for start, end, (amount, *_) in found:  # 한 달에 8톤, 8 tonnes a month: 96 tonnes a year
        if PER_MONTH_BEFORE.search(text, max(0, start - 30), start) or PER_MONTH_AFTER.match(text, end):
            totals.append((end, number_keys(amount * 12, False)))
    for start, end, (price, *_) in found:
        per = PER_UNIT_BEFORE.search(text, max(0, start - 6), start) or PER_UNIT_AFTER.match(text, end)
        if not per:
            continue
        if re.search(r"키로|킬로|kg|公斤|kilo", per.group(), re.IGNORECASE):  # 60 yuan a kilo: 60,000 a tonne
            totals.append((end, number_keys(price * 1000, False)))
        for other_start, _, amounts in found:
            totals += [
                (end, number_keys(price * amount, False)) for amount in amounts if other_start != start and amount >= 10
            ]
    return totals + _shares(text, found)


# A share of an amount: 30%, 25 percent, 30퍼센트, 三成 aside.
SHARE = re.compile(r"(?<![\d.])(?P<p>[1-9]\d?(?:\.\d)?)\s?(?:%|％|퍼센트|프로|\s?percent|\s?per\s+cent)", re.IGNORECASE)


# A broker's or a middleman's cut, which only the one who paid it knows: 수수료, 떼 갔다, commission, 手续费.
FEE_WORDS = re.compile(
    r"수수료|떼|뗐|떼였|중개|브로커|commission|fee|cut|broker|middleman|手续费|提成|抽成|中介|комисси|посредник",
    re.IGNORECASE,
)


def _shares(text: str, found: list[tuple[int, int, tuple[float, ...]]]) -> list[tuple[int, list[str]]]:
    """A share of an amount, and what is left of it: 150만원을 보냈는데 중개인이 30%를 떼 갔습니다 gives the
    broker's 45만 원 and the family's 105만. Any share of any amount of the same message: a story joins them across its
    sentences, and a source who gave both holds what they make."""
    shares = []
    for match in SHARE.finditer(text):
        if not FEE_WORDS.search(text, max(0, match.start() - 40), match.end() + 40):
            continue  # 70 percent goes to the state: a practice every source of the story may know, no one's cut
        share = float(match.group("p")) / 100
        for start, _, (amount, *_) in found:
            if amount >= 100 and not start <= match.start() < start + 8:
                shares += [(match.end(), number_keys(round(amount * part), False)) for part in (share, 1 - share)]
    return shares


def find_numbers(text: str, add: Add) -> None:
    """Every number of ``text`` with its keys, passed to ``add`` (details.Extractor's recorder)."""
    _sites(text, add)
    _numbers_in_words(text, add)
    for match in PHONE.finditer(text):  # +7 914 382-51-06 = 8-914-382-51-06: its last nine digits
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 9:
            add(match.start(), match.end(), [f"n:tel:{digits[-9:]}"], NUMBER, True)
    _numbers(text, add)
    _han_vehicles(text, add)


def _han_vehicles(text: str, add: Add) -> None:
    """两船, 两艘船, 三辆卡车: a few ships or trucks counted in Chinese numerals, as 배 두 척 and two ships are."""
    for match in HAN_VEHICLES.finditer(text):
        count = han_value(match.group("n").replace("两", "二").replace("兩", "二"))
        if count:
            add(match.start(), match.end(), number_keys(count, False, "vehicle"), NUMBER, True)


def _sites(text: str, add: Add) -> None:
    """A place known by a small number or a letter (3번 부두, the seventh workshop, Building C, 12층), and the
    frost below zero a source worked in (영하 30도)."""
    for match in NUMBERED_SITE.finditer(text):  # 3번 부두 = 3부두 = Pier 3
        add(match.start(), match.end(), [f"n:{numbered_site(match)}:site"], NUMBER, True)
    for match in ORDINAL_SITE.finditer(text):  # the seventh workshop = 第七车间 = Workshop 7
        site = ordinal_site(match)
        if site is not None:
            add(match.start(), match.end(), [f"n:{site}:site"], NUMBER, True)
    for match in LETTERED_SITE.finditer(text):  # Building C = C栋 = C동
        add(match.start(), match.end(), [f"n:{match.group('en') or match.group('mark')}:building"], NUMBER, True)
    for match in COLD.finditer(text):  # 영하 30도 = thirty below = минус тридцать
        degrees = cold(match)
        if degrees:
            add(match.start(), match.end(), [f"n:{degrees}:cold"], NUMBER, True)
    for match in HEAT.finditer(text):  # 기온이 47도 = 47 degrees = 117 degrees Fahrenheit
        degrees = heat(match)
        if degrees and degrees >= 30:  # a heat someone worked in, not a mild day
            start = match.start("ko") if match.group("ko") else match.start()
            add(start, match.end(), [f"n:{degrees}:heat"], NUMBER, True)
    for match in FLOOR.finditer(text):  # 12층 = the twelfth floor = 十二楼
        floor = floor_number(match)
        if floor is not None and floor > 1:  # the ground floor is everyone's
            add(match.start(), match.end(), [f"n:{floor}:floor"], NUMBER, True)


def _numbers_in_words(text: str, add: Add) -> None:
    """Numbers in words (number_words.py): 여섯 명, 열두 명, forty-two thousand; 사흘 (three days)."""
    for match in NATIVE_DAY.finditer(text):
        add(match.start(), match.end(), [f"n:{NATIVE_DAYS[match.group('days')]}:day"], NUMBER, True)
    for match in SMALL_NATIVE_NUMBER.finditer(text):  # 여섯 명, 여섯 키로
        unit = unit_of(text, match.end())
        if unit in MEASURED:
            add(match.start(), match.end(), number_keys(native_number(match), False, unit), NUMBER, True)
    for match in NATIVE_NUMBER.finditer(text):  # 열두 명, 열일곱 세대
        value = native_number(match)
        add(match.start(), match.end(), number_keys(value, False, unit_of(text, match.end())), NUMBER, True)
    for match in ENGLISH_NUMBER.finditer(text):  # twelve, forty-two thousand
        words = english_number(match.group())
        percent = PERCENT.match(text, match.end())
        if words is not None and percent:  # four percent = 4%
            add(match.start(), percent.end(), number_keys(words, True), NUMBER, True)
        elif words is not None and 2 <= words < 10 and unit_of(text, match.end()) in MEASURED:  # six kilos
            add(match.start(), match.end(), number_keys(words, False, unit_of(text, match.end())), NUMBER, True)
        elif words is not None and words >= 10:
            keys = number_keys(words, bool(PERCENT.match(text, match.end())), unit_of(text, match.end()))
            add(match.start(), match.end(), keys, NUMBER, True)


def _numbers(text: str, add: Add) -> None:
    def small_amount(start: int, end: int, value: float) -> None:
        """2 to 9 of a measure (7명씩, 6kg, 여섯 톤): a count a source gives, though a bare 3 (3동) is none."""
        unit = unit_of(text, end, start)
        if unit in MEASURED:
            add(start, end, number_keys(value, False, unit), NUMBER, True)

    for match in IDENTIFIER.finditer(text):
        add(match.start(), match.end(), [f"n:{match.group()}"], NUMBER, True)
    for match in KOREAN_NUMBER.finditer(text):
        value = korean_number(match.group())
        end = match.end()
        multiplier = EN_MULTIPLIER.match(text, end)
        if multiplier and multiplier.group(2) and not MONEY_AROUND.search(text[max(0, match.start() - 4) : end + 12]):
            multiplier = None  # 3m is three metres unless money is beside it (11m kip, $3m, US$180k)
        if value is not None and multiplier:
            value *= _EN_MULTIPLIERS[(multiplier.group(1) or multiplier.group(2)).lower()]
            end = multiplier.end()
        percent = PERCENT.match(text, end)
        if value is not None and 2 <= value < 10 and not percent:
            small_amount(match.start(), end, value)
            continue
        if value is None or (value < 10 and not percent):
            continue  # 한 명, 3동: too common to identify anyone
        if re.match(r"\s?[월月]", text[end : end + 2]) and value <= 12:
            continue  # 2019년 12월: a month without its day is no count, and too common to identify
        if re.fullmatch(r"(?:19[5-9]|20\d)\d", match.group()) and unit_of(text, end, match.start()) in ("", "year"):
            continue  # 2026, 2026년: a year, which every source of the story lives in

        unit = "" if percent else unit_of(text, end, match.start())
        keys = number_keys(value, bool(percent), unit)
        add(match.start(), percent.end() if percent else end, keys, NUMBER, True)
    for match in HANGUL_NUMBER.finditer(text):
        value = hangul_number(match.group())
        unit = unit_of(text, match.end())
        end = match.start() + len(match.group().rstrip())
        # Before a counter, only a numeral of four syllables or more (천이백사십 통): 삼천 리 is a name.
        long = len(match.group().replace(" ", "")) >= 4
        if value is not None and unit and (unit != "thing" or long):
            add(match.start(), end, number_keys(value, False, unit), NUMBER, True)
    for match in HAN_NUMBER.finditer(text):
        parsed = han_number(match.group())
        dated = HAN_DATE_UNIT.match(text, match.end())  # 十一月, 二十号: a month or a day is a date (dates.py)
        if parsed is not None and (parsed[0] >= 10 or parsed[1]) and not dated:
            amount, share = parsed
            keys = number_keys(amount, share, "" if share else unit_of(text, match.end()))
            add(match.start(), match.end(), keys, NUMBER, True)
