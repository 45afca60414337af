"""What a number counts, and the keys it is compared by.

14시간 and "14 hours" are one detail; 14개 건설 현장 beside a source's 14시간 are two. A number's unit (hour,
person, ruble …) is read after it in any of our languages (a Korean counter, an English noun, a street
before or after it for a house number), and its keys carry the unit where a small number needs one.
"""

from __future__ import annotations

import re

SMALL_NUMBER = 100
# Units a count under ten is given in that a source knows and others may not (6kg, 여섯 톤, 계좌 두 개):
# weights, money, things counted, and times: hours (the police came six hours later: a wait someone sat
# through), days, weeks, months and years (six months in a camp, six years on the site: how long someone lived
# something; the labelled corpus showed these were what editors remove, at no false alarm). Not people:
# "두 명의 소식통", "세 명이 체포됐다" are how a story counts its sources and its news.
MEASURED = frozenset(
    {"kilogram", "ton", "ruble", "yuan", "won", "dollar", "kip", "count", "hour", "day", "week", "month", "year",
     "vehicle", "kilometre", "kilo", "metre"}
)  # fmt: skip
# A Hangul numeral just before a counter (두 차: two truckloads; 1차 is a round).
HANGUL_BEFORE = re.compile(r"[가-힣]\s?$")
# Vehicles and boats counted (six trucks, 트럭 여섯 대, 3척, 两车): a convoy or a fleet someone saw.
VEHICLE_NOUN = re.compile(r"trucks?|lorr(?:y|ies)|vehicles?|cars?|vans?|buses|boats?|ships?|vessels?|tractors?")
UNITS = {
    "hour": ("시간", "hour", "hours", "hrs", "小时", "個小時", "个小时"),
    "day": ("일", "날", "days", "day", "天"),
    "week": ("주일", "주간", "주", "weeks", "week", "周", "星期", "недели", "неделю", "недель"),
    "month": ("달", "개월", "month", "months", "个月", "個月"),
    "year": ("년", "해", "year", "years", "年"),
    "person": ("명", "사람", "people", "persons", "workers", "men", "women", "人", "名"),
    "ruble": ("루블", "로블", "ruble", "rubles", "rouble", "roubles", "卢布", "盧布"),
    "yuan": ("위안", "yuan", "元", "块"),
    "won": ("원", "won"),
    "dollar": ("달러", "불", "dollar", "dollars", "美元"),
    "kip": ("킵", "kip", "基普"),
    "ton": ("톤", "ton", "tons", "tonne", "tonnes", "吨", "噸"),
    "kilometre": ("킬로미터", "km", "kilometres", "kilometers", "kilometre", "kilometer", "公里", "км"),
    # A depth, a height, a distance in metres (지하 340m, 삼백사십 미터, 340 metres underground).
    "metre": ("미터", "m", "metres", "meters", "metre", "meter", "米", "м"),
    "kilogram": ("킬로그램", "키로그람", "kg", "kilogram", "kilograms", "kilo", "kilos", "公斤"),
    # 키로 and 킬로 alone weigh or measure: 500키로 떨어진 is 500 km, 쌀 5키로 5 kg.
    "kilo": ("킬로", "키로"),
    "address": ("번지", "호", "号", "號"),
    "count": ("개", "개국", "个", "個"),
    # Places counted (두 곳, 세 군데, 两家): keyed as a count (14곳의 매대 = 매대 14개), but a few of them are how a
    # story counts its sources and its news too ("소식통 두 곳"), so a count under ten of them is not MEASURED.
    "site": ("곳", "군데", "개소", "家"),
    # Any other thing counted: a Korean counter glued to the number (14차례, 3층, 5척) or an English noun
    # after it ("17 North Korean work teams"). Such a number counts something named, so it meets a number
    # of the same kind or a bare one, never a house number or a number of hours.
    "vehicle": ("辆", "輛", "车", "車", "艘"),
    "thing": (),
}
# A counter is followed by at most one syllable (14대가) or a particle or copula (17세대라고, 17세대입니다), not by
# a word it begins (대학, 세대교체).
KOREAN_COUNTER = re.compile(
    r"(?:차례|건|층|척|채|가구|세대|마리|권|회|차|등|급|살|세|대|량|갑|병|통|상자|자루|포대)"
    r"(?=$|[^가-힣]|[가-힣](?![가-힣])"
    r"|(?:에서|으로|라고|이라고|입니다|이다|였다|이었다|이며|이고|씩|째)(?![가-힣]))"
)
UNIT = re.compile(  # 14시간, 14 hours, and 14-hour days
    r"(?:\s|-)?(" + "|".join(sorted((re.escape(n) for ns in UNITS.values() for n in ns), key=len, reverse=True)) + r")"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
CHINESE_MONEY_BEFORE = re.compile(r"(?:중국돈|중국 돈|인민폐)\s?$")
# "17 Lenin Street", "3 Karl Marx Ave.": a house number (레닌 거리 17번지).
ENGLISH_ADDRESS = re.compile(
    r"(?:\s+[A-Z][\w'’-]*){1,3}\s+(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Blvd|Prospekt)\b"
)

# "17 North Korean work teams", "14 construction firms": an English word after a number names what it counts
# (an article, a preposition or a verb after it does not: "14 a day", "14 in all", "14 were caught").
COUNTED_NOUN = re.compile(
    r"\s+(?!(?:a|an|the|of|and|or|in|on|at|to|for|from|by|with|per|were|was|are|is|had|have|has|more|or|than|"
    r"percent|per|cent|am|pm|a\.m|p\.m)\b)[A-Za-z][a-z'’-]*",
)
_CLAUSE_WORDS = frozenset(
    ["there", "were", "was", "are", "is", "in", "on", "at", "of", "to", "and", "from", "for", "by", "with", "a", "an",
     "the", "after", "before", "when", "since", "had", "have", "has"]
)  # fmt: skip
# Plural nouns of people (11 waitresses, 40 labourers, 3 guards): what 열한명 counts.
# And people by their nation (46 North Koreans, 12 Chinese).
PEOPLE_NOUN = re.compile(
    r"[a-z]+(?:ers|ors|ists|esses|women|men|ians|ees|ards|ants|ents)|children|people|staff|crew"
    r"|koreans|chinese|japanese|vietnamese|thais|uzbeks|nationals|americans|europeans|cambodians"
    r"|colleagues|comrades|workmates|friends|relatives|girls|boys|sons|daughters|men|women|patients|students|pupils"
)
# Any case: a file is named lenin-street-17.jpg as often as Lenin Street 17.
STREET_BEFORE = re.compile(
    r"(?:\b(?:Street|St|Road|Rd|Avenue|Ave|Prospekt)\.?|거리|ул\.[^,\d]*)[\s,_-]*(?:No\.\s*)?$", re.IGNORECASE
)


def number_text(value: float) -> str:
    """A value as its keys write it: every digit of a whole number (12345678, not 1.23457e+07: two
    amounts that differ in their last digits are two details), a fraction to six digits."""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def number_keys(value: float, percent: bool, unit: str = "") -> list[str]:
    # A number under 100 is common (14개 건설 현장 beside a source's 14시간): two such numbers are the
    # same detail only when their units agree (14시간 = 14 hours). A number written without a unit may
    # count anything, so it meets the same value in every unit: leaving it out would trade a miss,
    # which can expose a source, for a false alarm, which costs an editor a glance.
    # Above it, a number is specific enough to match in any unit it was not given in, but two units that
    # differ still make two amounts: 20,000 won is not a source's 2만 루블.
    text = number_text(value)
    unit = "count" if unit == "site" else unit
    if percent:
        return [f"n:{text}%"]
    if unit == "kilo":
        return [*number_keys(value, False, "kilogram"), f"n:{text}:kilometre"]
    if unit in _MASS:  # 23톤 = 23,000 kilograms: one weight in either unit
        other, factor = _MASS[unit]
        return [f"n:{text}:{unit}", f"n:{number_text(value * factor)}:{other}"]
    if value >= SMALL_NUMBER and unit in ("", "thing", "count"):
        return [f"n:{text}", *(f"n:{text}:{any_unit}" for any_unit in (*UNITS, "-"))]
    if unit:
        return [f"n:{text}:{unit}"]
    return [f"n:{text}:{any_unit}" for any_unit in (*UNITS, "-")]


# A weight in tonnes is the same weight in kilograms.
_MASS = {"ton": ("kilogram", 1000.0), "kilogram": ("ton", 0.001)}
# The second number of a range, whose unit the first shares: 7~8톤, 420,000 to 480,000 yuan, 7-8 tonnes.
_RANGE_TO = re.compile(r"\s?(?:~|–|—|-|to|or|에서|내지)\s?(?=\d)[\d.,]*\d(?:\s?[십백천만억])*")


def _named_unit(word: str, text: str, start: int | None) -> str:
    unit = next(unit for unit, names in UNITS.items() if word in names)
    if unit == "won" and start is not None and CHINESE_MONEY_BEFORE.search(text, max(0, start - 8), start):
        return "yuan"  # 중국돈 5천원: as the North counts Chinese money, 5,000 yuan
    return unit


def unit_of(text: str, end: int, start: int | None = None) -> str:
    """The unit a number counts (hour, person, ruble …) in any of our languages, or ""."""
    to = _RANGE_TO.match(text, end)
    if to:
        end = to.end()
    if ENGLISH_ADDRESS.match(text, end) or (
        start is not None and STREET_BEFORE.search(text, max(0, start - 20), start)  # Lenin Street 17, ул. Ленина, 17
    ):
        return "address"
    match = UNIT.match(text, end)
    if match:
        return _named_unit(match.group(1).lower(), text, start)
    if COUNTED_NOUN.match(text, end):
        # "280 North Korean women": the counted noun may come a few words on.
        words = []
        for word in re.findall(r"[A-Za-z]+", text[end : end + 40])[:4]:
            if word.lower() in _CLAUSE_WORDS:
                break  # "in 2026 there were 14 workers": the noun counted by another number
            words.append(word)
        if not words:
            return ""  # "in 2026 there were …": no noun after the number
        if words[0].lower() in ("cubic", "square"):
            return "thing"  # 3,150 cubic metres: a volume, no length
        named = next((unit for word in words for unit, names in UNITS.items() if word.lower() in names), "")
        named = named or ("vehicle" if any(VEHICLE_NOUN.fullmatch(w.lower()) for w in words) else "")
        people = next((w for w in words if PEOPLE_NOUN.fullmatch(w.lower())), None)
        return named or ("person" if people else "thing")
    return _counter_unit(text, end)


def _counter_unit(text: str, end: int) -> str:
    """The unit of a Korean counter after a number (1,240통, 천이백사십 통, 45세, 트럭 여섯 대), or ""."""
    spaced = text[end : end + 1] == " "
    counter = KOREAN_COUNTER.match(text, end + spaced)
    if counter is None:
        return ""
    if counter.group() in ("세", "살"):
        return "year"  # 45세 = 45-year-old
    native = bool(HANGUL_BEFORE.search(text, 0, end))
    # 트럭 여섯 대, 6대, 배 3척, 두 차 (two truckloads): the trucks someone saw; not 세대 (a household) nor 1차
    # (a first round).
    if (counter.group() in ("대", "척") and (spaced or not native)) or (counter.group() == "차" and native):
        return "vehicle"
    return "thing"
