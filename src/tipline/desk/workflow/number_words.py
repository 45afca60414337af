"""Numbers written in words: Korean native numerals before a counter (열두 명, 열일곱 세대) and English
number words (twelve, forty-two thousand, three hundred and twenty). A source who writes 열일곱 세대 and
a draft that prints "17 households" name the same count; digits and Sino-Korean numerals are read in
normalise.py.
"""

from __future__ import annotations

import re

_TENS_KO = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
_ONES_KO = {
    "하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "넷": 4, "네": 4, "넉": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9,
}  # fmt: skip
# A native numeral is read only before a counter: 열 alone is "ten" and "open", 쉰 "fifty" and "rested".
KOREAN_COUNTERS = (
    "명|사람|개|세대|가구|대|척|살|곳|군데|달|해|상자|마리|채|번|차례|톤|키로|킬로|자루|포대|개월|주일|시간|가지|칸|집|"
    "량|갑|병|알|통|벌|켤레|차"
)
NATIVE_NUMBER = re.compile(
    rf"(?<![가-힣])(?P<tens>{'|'.join(_TENS_KO)})(?P<ones>{'|'.join(sorted(_ONES_KO, key=len, reverse=True))})?"
    rf"(?=\s?(?:{KOREAN_COUNTERS}))"
)


# An age in native numbers (스물아홉 살): read by native_number.
NATIVE_AGE = re.compile(
    rf"(?<![가-힣])(?P<tens>{'|'.join(_TENS_KO)})(?P<ones>{'|'.join(sorted(_ONES_KO, key=len, reverse=True))})?\s?살"
)


# 2 to 9 alone, before a counter: 여섯 명, 두 톤 (not 한: "a", "one").
SMALL_NATIVE_NUMBER = re.compile(
    r"(?<![가-힣])(?P<ones>둘|두|셋|세|석|넷|네|넉|다섯|여섯|일곱|여덟|아홉)(?=\s?(?:" + KOREAN_COUNTERS + r"))"
)


# Days counted by their own Korean words: 이틀 (2), 사흘 (3) … 열흘 (10), 보름 (15).
NATIVE_DAYS = {
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
}
NATIVE_DAY = re.compile(
    rf"(?<![가-힣])(?P<days>{'|'.join(sorted(NATIVE_DAYS, key=len, reverse=True))})(?![가-힣]{{2}})"
)


def native_number(match: re.Match[str]) -> int:
    """The value of a NATIVE_NUMBER or SMALL_NATIVE_NUMBER match: 열두 → 12, 스물다섯 → 25, 여섯 → 6."""
    tens = match.groupdict().get("tens")
    return (_TENS_KO[tens] if tens else 0) + (_ONES_KO[match.group("ones")] if match.group("ones") else 0)


_EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_WORD = "|".join(sorted([*_EN_UNITS, *_EN_SCALES], key=len, reverse=True))
ENGLISH_NUMBER = re.compile(rf"\b(?:{_EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*\b", re.IGNORECASE)


def english_number(text: str) -> int | None:
    """The value of number words: "forty-two thousand" → 42000; None if they make no number ("hundred")."""
    total = current = 0
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[0] in _EN_SCALES:
        return None
    for word in words:
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
    return total + current


# A numbered place or unit: 3번 부두, 3부두, 제2작업반, Pier 3, Work Team 2, No. 3 logging site. However small
# its number, it names one pier of a port, one team of a farm: only the people there know it.
_SITES_KO = (
    "부두|작업반|분조|갱|호실|초소|벌목장|사업소|작업소|직장|현장|중대|소대|광구|호동|부대|작업장|창고|"
    "여단|연대|대대|선석"
)
_SITES_EN = (
    r"pier|berth|dock|wharf|work\s+team|team|brigade|platoon|unit|shaft|pit|tunnel|gallery|face|site|logging\s+site|"
    r"room|camp|barracks|workshop|warehouse|block|building|dormitory|ward"
)
NUMBERED_SITE = re.compile(
    rf"(?:제\s?)?(?P<ko>\d{{1,3}})\s?(?:번|호)?\s?(?:{_SITES_KO})"
    r"(?=$|[^가-힣]|[가-힣](?![가-힣])|(?:에서|으로|에는|에도|이다|입니다|에서는)(?![가-힣]))"
    rf"|\b(?:{_SITES_EN})\s+(?:No\.\s*)?(?P<en>\d{{1,3}})\b"
    rf"|\bNo\.\s*(?P<no>\d{{1,3}})\s+(?:[a-z]+\s+)?(?:{_SITES_EN})\b"
    # and as Russian numbers them: причал № 3, у причала № 3, корпус № 2
    r"|(?:причал|склад|корпус|общежити|цех|участ|бригад)[а-яё]*\s+№\s*(?P<ru>\d{1,3})",
    re.IGNORECASE,
)


def numbered_site(match: re.Match[str]) -> int:
    return int(match.group("ko") or match.group("en") or match.group("no") or match.group("ru"))


_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
ORDINAL_WORDS = frozenset(_EN_ORDINALS)
EN_ORDINAL = rf"(?:(?P<tens>twenty|thirty|forty)-)?(?P<ordinal>{'|'.join(sorted(_EN_ORDINALS, key=len, reverse=True))})"
_HAN_DIGITS = "一二三四五六七八九十"
# The floor a workplace is on (12층, the twelfth floor, 12th floor, 十二楼): where the few who work there go.
FLOOR = re.compile(
    rf"(?<![\d.,])(?P<ko>\d{{1,3}})\s?층(?:짜리)?(?:(?![가-힣]{{2}})|(?=(?:에는|에서|에도|까지|부터|으로|이다|입니다)))"
    rf"|\b(?P<th>\d{{1,3}})(?:st|nd|rd|th)\s+(?:floor|storey|story)\b"
    # A building by its storeys (24층 살림집 = a 24-storey block = 24-этажный дом): its top floor.
    rf"|\b(?P<storeys>\d{{1,3}})[\s-](?:storey|story|floor|этажн[а-я]*)\b"
    rf"|\b(?P<storeywords>(?:{_EN_WORD})(?:-(?:{_EN_WORD}))?)[\s-](?:storey|story)\b"
    rf"|\b{EN_ORDINAL}\s+(?:floor|storey|story)\b"
    rf"|(?P<han>[{_HAN_DIGITS}]{{1,3}}|\d{{1,3}})\s?[楼层樓層]",
    re.IGNORECASE,
)


def floor_number(match: re.Match[str]) -> int | None:
    """The floor a FLOOR match names: 12층, 12th floor, twelfth floor, 十二楼, a 12-storey block → 12."""
    digits = match.group("ko") or match.group("th") or match.group("storeys")
    if digits:
        return int(digits)
    if match.group("storeywords"):
        return english_number(match.group("storeywords"))
    if match.group("ordinal"):
        return ordinal_value(match)
    return han_value(match.group("han"))


def ordinal_value(match: re.Match[str]) -> int:
    """The value of the _EN_ORDINAL groups of a match: twenty-third → 23."""
    tens = {"twenty": 20, "thirty": 30, "forty": 40}.get((match.group("tens") or "").lower(), 0)
    return tens + _EN_ORDINALS[match.group("ordinal").lower()]


_SITES_ZH = "车间|號|号|码头|工地|仓库|栋"
_SITES_EN_ORDINAL = (
    "workshop|warehouse|pier|berth|dock|team|brigade|unit|shaft|site|camp|barracks|platoon|company|battalion|pit|"
    "block|ward"
)
# The same numbered place by an ordinal: the seventh workshop, the 2nd platoon, 第七车间.
ORDINAL_SITE = re.compile(
    # (the 4th work team, its 3rd work team, the 25th Border Guard Brigade)
    rf"\b(?:the|its|their|his|her)\s+(?:{EN_ORDINAL}|(?P<digits>\d{{1,3}})(?:st|nd|rd|th))\s+"
    rf"(?:(?:work|border\s+guard|guard|production|shock)\s+)?(?:{_SITES_EN_ORDINAL})\b"
    rf"|第(?P<zh>[{_HAN_DIGITS}]{{1,3}}|\d{{1,3}})(?:{_SITES_ZH})",
    re.IGNORECASE,
)


def ordinal_site(match: re.Match[str]) -> int | None:
    """The number of an ORDINAL_SITE match: the seventh workshop, the 2nd platoon, 第七车间 → 7."""
    if match.group("digits"):
        return int(match.group("digits"))
    if match.group("ordinal"):
        return ordinal_value(match)
    return han_value(match.group("zh"))


def han_value(han: str) -> int | None:
    """A number in Chinese numerals up to 99 (十一 → 11, 二十五 → 25), or in digits."""
    if han.isdigit():
        return int(han)
    if "十" not in han:
        return _HAN_DIGITS.index(han) + 1 if len(han) == 1 else None
    before, _, after = han.partition("十")
    tens = _HAN_DIGITS.index(before) + 1 if before else 1
    return tens * 10 + (_HAN_DIGITS.index(after) + 1 if after else 0)


# A building or block by its letter (Building C, Block B, C栋, C동): which one of a compound the story means.
LETTERED_SITE = re.compile(
    r"\b(?:Building|Block|Hall|Wing|Dormitory|Warehouse)\s+(?P<en>[A-H])\b|(?<![A-Za-z])(?P<mark>[A-H])\s?(?:栋|棟|동|号楼)"
)


_RU_TENS = {"двадцат": 20, "тридцат": 30, "сорок": 40, "пятнадцат": 15, "десят": 10}
# A temperature below zero (영하 30도, thirty below, 30 below zero, -30°C, минус тридцать, 零下三十度): the
# frost a source worked in.
COLD = re.compile(
    r"영하\s?(?P<ko>\d{1,2})\s?도"
    rf"|\b(?P<en>\d{{1,2}}|{_EN_WORD})(?:[\s-]+(?:degrees?))?[\s-]+below(?:\s+(?:zero|freezing))?\b"
    r"|(?<![\w-])-(?P<neg>\d{1,2})\s?(?:°\s?C?|degrees)"
    r"|минус\s+(?P<ru>\d{1,2}|двадцат\w*|тридцат\w*|сорок\w*|пятнадцат\w*|десят\w*)"
    rf"|零下(?P<zh>\d{{1,2}}|[{_HAN_DIGITS}]{{1,3}})度",
    re.IGNORECASE,
)


# A heat above zero (기온이 47도, 47 degrees, 47°C, 117 degrees Fahrenheit, 47 градусов, 四十七度): the heat a
# source worked in, in Celsius (Fahrenheit converted). Not 38도선 (the parallel) nor a province (도).
HEAT = re.compile(
    r"(?:기온|온도|수은주|섭씨|체감)\S*\s?(?P<ko>\d{1,2})\s?도(?!선)"
    r"|화씨\s?(?P<kf>\d{2,3})\s?도"
    r"|\b(?P<f>\d{2,3})\s?(?:°\s?F\b|℉|degrees?\s+Fahrenheit\b)"
    r"|\b(?P<c>\d{1,2})\s?(?:°\s?C\b|℃|degrees?(?:\s+(?:Celsius|centigrade))?\b(?!\s+(?:Fahrenheit|below)))"
    r"|\b(?P<ru>\d{1,2})\s?градус"
    rf"|(?<!零下)(?P<zh>\d{{1,2}}|[{_HAN_DIGITS}]{{1,3}})度(?:高温|的高温)",
    re.IGNORECASE,
)


def heat(match: re.Match[str]) -> int | None:
    """The degrees Celsius of a HEAT match: 기온이 47도, 47°C, 117 degrees Fahrenheit (47) → 47."""
    fahrenheit = match.group("f") or match.group("kf")
    if fahrenheit:
        return round((int(fahrenheit) - 32) * 5 / 9)
    digits = match.group("ko") or match.group("c") or match.group("ru")
    return int(digits) if digits else han_value(match.group("zh"))


def cold(match: re.Match[str]) -> int | None:
    """The degrees below zero of a COLD match: 영하 30도, thirty below, минус тридцати, 零下三十度 → 30."""
    if match.group("ko") or match.group("neg"):
        return int(match.group("ko") or match.group("neg"))
    if match.group("en"):
        return int(match.group("en")) if match.group("en").isdigit() else english_number(match.group("en"))
    if match.group("ru"):
        ru = match.group("ru").lower()
        return int(ru) if ru.isdigit() else next((v for stem, v in _RU_TENS.items() if ru.startswith(stem)), None)
    return han_value(match.group("zh"))
