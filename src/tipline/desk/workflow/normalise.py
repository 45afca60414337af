"""Normalise before comparing: the same name, place, number or date in any script or spelling gets one key.

- Hangul: the initial-sound rule (두음법칙) undone the Southern way, so 리광혁 = 이광혁, 로동자 = 노동자.
- Hanja (Korean or Chinese text): read in Hangul from data/hanja_readings.txt (the table of the
  ``hanja`` package 0.15.1, WTFPL; bin/build-hanja-readings), with the initial-sound rule.
- Romanised Korean: Revised Romanization, McCune–Reischauer, North Korean (Ri, Rim, Ryu …) and the
  common spellings (Lee, Choi, Kwang-hyuk) all reduce to one consonant–vowel skeleton, and so does
  Hangul: ``Ri Kwang-hyok`` = ``Lee Kwang-hyuk`` = ``Yi Kwang-hyŏk`` = 리광혁. The table is ours,
  built from the RR (2000) and MR (1939) tables of the National Institute of the Korean Language
  and the DPRK's 1992 romanisation; it merges what these systems spell differently (ŏ/eo/o/u, k/g,
  ch/j, r/l, initial r/l/n before i/y) and nothing else.
- Numbers: ``4만2000``, ``4만 2천``, ``42,000``, ``42000``, ``42 thousand``, ``四万二千``, ``사만 이천`` (before
  a unit) → 42000.
- Dates: ``2026년 3월 14일``, ``3월 14일``, ``2026-03-14``, ``2026.3.14``, ``2026. 3. 14.``, ``3. 14.``, ``3/14``,
  ``14/3``, ``3·14``, ``14.03.2026``, ``March 14``, ``14 March 2026``, ``3月14日`` → month-day (a draft rarely
  keeps the year its source wrote); a day alone (``지난 14일``) → that day of any month.
- Places: see gazetteer.py.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_S_BASE = 0xAC00
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_INITIAL_SKELETON = ["k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "c", "c", "c", "k", "t", "p", "h"]
_VOWEL_SKELETON = [
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "o", "wo", "we", "wi", "yo", "o", "i", "i",
]  # fmt: skip
_FINAL_SKELETON = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
]  # fmt: skip
SKELETON_MIN = 5  # letters of a skeleton at least, for a key: shorter ones match too much by chance
_Y_VOWELS = {2, 3, 6, 7, 12, 17, 20}  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def _syllable(char: str) -> tuple[int, int, int] | None:
    code = ord(char) - _S_BASE
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def southern(word: str) -> str:
    """Apply the initial-sound rule to a word's first syllable: 리→이, 로→노, 녀→여 (North and South then agree)."""
    parts = _syllable(word[:1]) if word else None
    if parts is None:
        return word
    initial, vowel, final = parts
    if initial == 5:  # ㄹ
        initial = 11 if vowel in _Y_VOWELS else 2
    elif initial == 2 and vowel in _Y_VOWELS:  # ㄴ before i/y
        initial = 11
    return chr(_S_BASE + initial * 588 + vowel * 28 + final) + word[1:]


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def hangul_skeleton(word: str) -> str:
    out = []
    for char in southern(word):
        parts = _syllable(char)
        if parts is None:
            return ""
        initial, vowel, final = parts
        out.append(_INITIAL_SKELETON[initial] + _VOWEL_SKELETON[vowel] + _FINAL_SKELETON[final])
    return _collapse("".join(out))


_LATIN_RULES = [
    (r"o[ei]", "we"),  # 최 = Choe, Choi; before the syllables join: not the o, e of Cho Eun-byol
    (r"[\s'’ʼ`\-]", ""),
    (r"^rh", "l"),
    (r"th", "t"),  # ㅌ, ㅍ as North Korea and McCune–Reischauer write them: Thak, Phohang
    (r"ph", "p"),
    (r"tch", "c"),
    (r"ch", "c"),
    (r"sh", "s"),
    (r"j", "c"),
    (r"ng", "N"),  # the final ㅇ, kept apart from g = ㄱ
    (r"g", "k"),
    (r"d", "t"),
    (r"b", "p"),
    (r"f", "p"),
    (r"r", "l"),
    (r"ee", "i"),
    (r"woo", "u"),  # Cheol-woo, Seung-woo: 우 as English spells it (Chol-u, Cheol-u)
    (r"ae", "e"),
    (r"eo|eu", "o"),
    (r"ui", "i"),
    (r"u", "o"),
    (r"yi", "i"),
    (r"N", "ng"),
    (r"G", "k"),
]


# Surnames as the press spells them, apart from any system (Park for 박, Oh for 오, Roh for 노).
# North Korea keeps the initial ㄹ the South drops (로 = 노, 라 = 나): Ro Un-hui is 노은희, Ra Myong 나명.
COMMON_SURNAMES = {"park": "pak", "oh": "o", "woo": "u", "roh": "no", "noh": "no", "ro": "no", "ra": "na"}


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def latin_skeleton(text: str) -> str:
    """The skeleton of a romanised Korean word or name, whatever the system (RR, MR, DPRK, common)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    first, _, rest = text.partition(" ")
    text = " ".join(filter(None, [COMMON_SURNAMES.get(first, first), rest]))
    text = re.sub(r"n[\s'’ʼ`\-]+g", "nG", text)  # Chun-gil: ㄴ then ㄱ, not the final ㅇ of "ng"
    for pattern, replacement in _LATIN_RULES:
        text = re.sub(pattern, replacement, text)
    return _collapse(text) if text.isascii() and text.isalpha() else ""


def _collapse(skeleton: str) -> str:
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)  # kk, ss, oo: doubled letters
    skeleton = re.sub(r"^[ln](?=[iy])", "", skeleton)  # initial-sound rule: Ri = Yi = I, Nyo = Yo
    return re.sub(r"l(?=y)", "", skeleton)  # Ryong-su = Yong-soo inside a name


@cache
def _hanja_readings() -> dict[str, str]:
    data = resources.files("tipline.desk.workflow").joinpath("data", "hanja_readings.txt").read_text("utf-8")
    readings: dict[str, str] = {}
    for line in data.splitlines():
        if line and not line.startswith("#"):
            reading, characters = line.split("\t")
            readings.update(dict.fromkeys(characters, reading))
    return readings | SIMPLIFIED_READINGS


@cache
def _sino_korean_syllables() -> frozenset[str]:
    readings = set(_hanja_readings().values())
    return frozenset(readings | {southern(reading) for reading in readings})


def sino_korean(word: str) -> bool:
    """Is every syllable of a Hangul word a reading of some Hanja (징발, 양곡, 군량미), as a Sino-Korean word's
    are? A loanword (캠리), a native coinage (불곰) or a foreign name (솜삭) has a syllable no Hanja reads."""
    return bool(word) and all(syllable in _sino_korean_syllables() for syllable in word)


# Simplified characters that are also older, rarer characters of their own, which the table reads: Chinese
# material means the character it simplifies (园 is 園 원, not 완: 清流园 = 청류원; 台湾 = 대만).
SIMPLIFIED_READINGS = {
    "园": "원", "丰": "풍", "宁": "녕", "厂": "창", "广": "광", "关": "관", "叶": "엽", "台": "대", "几": "기",
}  # fmt: skip


def _initial_sound(previous: str, reading: str) -> str:
    """The initial-sound rule (두음법칙, 한글 맞춤법 제10-12항) on one syllable of a reading, given the
    character before it. As the ``hanja`` package applied it, except that 렬/률 also become 열/율 after
    a ㄴ final (제11항 붙임 1; the package checked the wrong final there)."""
    initial, vowel, final = _syllable(reading) or (0, 0, 0)
    if previous.isalnum():
        # Inside a word only 렬/률 change, after a vowel or ㄴ: 先烈 선열, 規律 규율, but 法律 법률.
        before = _syllable(previous)
        if initial == 5 and vowel in (6, 17) and final == 8 and before is not None and before[2] in (0, 4):
            initial = 11
    elif initial == 5:  # a word's first syllable: 랴 려 례 료 류 리 → 야 여 예 요 유 이, other ㄹ → ㄴ (로 → 노)
        initial = 11 if vowel in (2, 6, 7, 12, 17, 20) else 2
    elif initial == 2 and vowel in (6, 12, 17, 20):  # 녀 뇨 뉴 니 → 여 요 유 이 (한글 맞춤법 제10항)
        initial = 11
    return chr(_S_BASE + initial * 588 + vowel * 28 + final)


def hanja_reading(text: str) -> str:
    """The Hangul reading of Hanja (traditional or simplified), the initial-sound rule applied;
    other characters are kept. A word starts after anything but a letter or digit."""
    readings = _hanja_readings()
    out: list[str] = []
    previous = " "
    for char in text:
        reading = readings.get(char)
        previous = char if reading is None else _initial_sound(previous, reading)
        out.append(previous)
    return "".join(out)


# Numbers ---------------------------------------------------------------------------------------

_UNITS = {"십": 10, "백": 100, "천": 1000, "만": 10_000, "억": 100_000_000}
_HAN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# A number written with digits, Korean units and separators: 4만2000, 4만 2천, 7천5백, 42,000, 4.2만.
# Thousands may be grouped by a space too, as Russian writes them (2 640, 42 000).
_GROUPS = r"(?:\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,.]?\d)|\d+(?:[,.]\d+)*)"
KOREAN_NUMBER = re.compile(rf"(?<![\d,.]){_GROUPS}(?:\s?[십백천만억]+(?:\s?{_GROUPS}(?:\s?[십백천만억]+)?)*)?")
_SPACE_GROUP = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?!\d))")
HAN_NUMBER = re.compile(r"(?:百分之)?[零一二两兩三四五六七八九十百千万萬亿億]{2,}|百分之[一二三四五六七八九十]+")
# "42 thousand", and as English shortens it, glued: 11m, 180k, 3.5bn.
EN_MULTIPLIER = re.compile(r"(?:\s+(thousand|million|billion)\b|(k|m|bn)(?![A-Za-z]))", re.IGNORECASE)
_EN_MULTIPLIERS = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1000, "m": 1_000_000}
_EN_MULTIPLIERS["bn"] = _EN_MULTIPLIERS["billion"]


def korean_number(text: str) -> float | None:
    """The value of 4만2000, 4만 2천, 7천5백, 42,000, 4.2만 or 2백만; None when it is not one number."""
    total = 0.0
    section = 0.0
    for number, units in re.findall(r"(\d+(?:[,.]\d+)*)\s?([십백천만억]*)", _SPACE_GROUP.sub("", text)):
        try:
            value = float(number.replace(",", "")) if number.count(".") <= 1 else None
        except ValueError:
            value = None
        if value is None:
            return None
        for unit in units or " ":  # 2백만: two hundred, then ten thousand of it
            if unit in ("만", "억"):
                total += (section + value) * _UNITS[unit]
                section = value = 0
            elif unit != " ":
                value *= _UNITS[unit]
        section += value
    return total + section


# Numbers written in Hangul (칠천오백 원, 사만 이천 루블), as a quote or a spelled-out price has them. Only
# before a unit (see number_units.UNITS): 이천, 사천 and 오천 alone are places, and 이, 사, 오 ordinary syllables.
_HANGUL_DIGITS = dict(zip("일이삼사오육칠팔구", range(1, 10), strict=True))
HANGUL_NUMBER = re.compile(
    r"(?<![가-힣])(?:[일이삼사오육칠팔구]?[십백천만억]\s?)+[일이삼사오육칠팔구]?(?=\s?[가-힣A-Za-z])"
)


def hangul_number(text: str) -> float | None:
    """The value of a number in Hangul (칠천오백 → 7500, 사만 이천 → 42000)."""
    total = section = digit = 0
    for char in text.replace(" ", ""):
        if char in _HANGUL_DIGITS:
            digit = _HANGUL_DIGITS[char]
        elif char in ("만", "억"):
            total += (section + digit) * _UNITS[char]
            section = digit = 0
        else:
            section += (digit or 1) * _UNITS[char]
            digit = 0
    value = total + section + digit
    return float(value) if value else None


def han_number(text: str) -> tuple[float, bool] | None:
    """The value of a number in Chinese characters (两万三千 → 23000); True when it is a percentage."""
    percent = text.startswith("百分之")
    text = text.removeprefix("百分之")
    total = section = digit = 0
    for char in text:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        elif char in ("万", "萬", "亿", "億"):
            total += (section + digit) * _HAN_UNITS[char]
            section = digit = 0
        else:
            section += (digit or 1) * _HAN_UNITS[char]
            digit = 0
    return float(total + section + digit), percent


# Dates -----------------------------------------------------------------------------------------

MONTHS = {
    name: index + 1
    for index, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip
# And as Russian writes them: 14 ноября (of November), в ноябре 2026 (in November), ноябрь (November).
_RUSSIAN_MONTH_ENDINGS = {"март": ("", "а", "е"), "август": ("", "а", "е"), "ма": ("й", "я", "е")}
MONTHS |= {
    stem + ending: index + 1
    for index, stem in enumerate(
        ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
    )
    for ending in _RUSSIAN_MONTH_ENDINGS.get(stem, ("ь", "я", "е"))
}
MONTH_NAME = r"(?P<mname>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    re.compile(r"(?:(?P<y>\d{4})\s*[년年]\s*)?(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日号號]"),
    # 2026-03-14, 2026.3.14, and the Korean official form 2026. 3. 14. (a space after each full stop)
    re.compile(r"\b(?P<y>\d{4})(?:[-/]|\.\s?)(?P<m>\d{1,2})(?:[-/]|\.\s?)(?P<d>\d{1,2})\b\.?"),
    re.compile(rf"\b{MONTH_NAME}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}\b(?:\s+(?P<y>\d{{4}}))?", re.IGNORECASE),
    # 14.03.2026: the day first, as Russian and European dates are written.
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b"),
    # 3. 14. — the Korean official form without its year.
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})\.\s(?P<d>\d{1,2})\.(?!\d)"),
    # 4/28, 3·14 — but not 1/2/3; a comma may follow. 14/3 cannot be month/day: it is read day/month, as
    # British English writes it.
    re.compile(r"(?<![\d.,/·])(?P<m>\d{1,2})[/·](?P<d>\d{1,2})(?![\d/·]|[.,]\d|\s?[%만천])"),
    # 3.14 as Korean writes a date — but not 3.14.5, nor a decimal with a unit glued or an English word after
    # it (3.5%, 4.2만, 3.5위안, 3.5 yuan, 2.5 tons): that is a number.
    re.compile(
        r"(?<![\d.,/·])(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?![\d/·]|[.,]\d|\s?[%만천억]|\s?(?:위안|원|톤|달러|루블|킬로|그램|리터|미터|배|퍼센트|프로)|[A-Za-z]|\s[A-Za-z])"
    ),
]


# A day without its month, as Korean news writes a date of this month or last (지난 14일, 20일 밤): not a
# duration (14일간, 14일 동안, 14일째) and not a date whose month was already read.
# Part of a month: 3월 말, 3월 초순, 三月底, late March, the end of March. A time a source gives for an event,
# as identifying as a day when only one source gave it; keyed by month and part (early, mid, late).
MONTH_PART_PATTERNS = [
    re.compile(r"(?P<m>\d{1,2})\s*[월月]\s*(?P<p>말|하순|초순|상순|초|중순|底|初|中旬|下旬|上旬)"),
    re.compile(
        rf"\b(?P<p>end|beginning|start|middle|late|early|mid)(?:\s+of|-|\s+)\s*{MONTH_NAME}(?![a-z])", re.IGNORECASE
    ),
]
_MONTH_PARTS = {
    **dict.fromkeys(["말", "하순", "底", "下旬", "end", "late"], "late"),
    **dict.fromkeys(["초", "초순", "상순", "初", "上旬", "beginning", "start", "early"], "early"),
    **dict.fromkeys(["중순", "中旬", "middle", "mid"], "mid"),
}


# A month of a year: 2025년 10월, October 2025, 2025年10月. An event's month, when its day is not given.
MONTH_YEAR_PATTERNS = [
    # not a date's month (2025년 4월 3일), but a month before a sum (2025년 4월 1만8000달러)
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*[년年]\s*(?P<m>\d{1,2})\s*[월月](?!\s*\d{1,2}\s*[일日号號])"),
    re.compile(rf"\b{MONTH_NAME}\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE),
]


def month_year(match: re.Match[str]) -> str | None:
    """The key of a month of a year ("2025-10")."""
    groups = match.groupdict()
    month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["m"])
    return f"{groups['y']}-{month:02d}" if 1 <= month <= 12 else None


def month_part(match: re.Match[str]) -> str | None:
    """The key of a part of a month ("03-late"), written in any of the scripts above."""
    groups = match.groupdict()
    month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["m"])
    return f"{month:02d}-{_MONTH_PARTS[groups['p'].lower()]}" if 1 <= month <= 12 else None


KOREAN_DAY = re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})\s?[일日](?!\s?(?:간|동안|째|마다|분|치))")


# The same in English: "on the 14th" (a month named after it is a full date, read before this).
# (Not "the 17th floor": a floor, numbers.py.)
# The 14th; not the 17th floor, the 2nd platoon, the 3rd pit (number_words.FLOOR, ORDINAL_SITE).
ENGLISH_DAY = re.compile(
    r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:floor|storey|story|platoon|company|battalion|brigade|team|unit|pit|shaft|block|ward|workshop|"
    r"warehouse|pier|berth|dock|site|camp|barracks)\b)"
)
# "매달 20일", "by the 20th of each month": a day that recurs is no event.
RECURRING_DAY_BEFORE = re.compile(r"(?:매달|매월|달마다|every month on|each month on)\s*$", re.IGNORECASE)
RECURRING_DAY_AFTER = re.compile(r"\s*(?:of\s+(?:each|every|the)\s+month|마다|경마다)", re.IGNORECASE)


def day_only(match: re.Match[str]) -> str | None:
    """The key of a day without its month ("*-14"), met by any date of that day."""
    day = int(match.group("d"))
    return f"*-{day:02d}" if 1 <= day <= 31 else None


def month_day(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["m"])
    day = int(groups["d"])
    if month > 12 and day <= 12 and not groups.get("mname"):
        month, day = day, month  # 14/3: day first
    return f"{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
