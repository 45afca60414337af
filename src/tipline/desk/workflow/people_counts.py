"""A few people or things counted, two to nine (학생 7명, seven workers, 의사 네 명, two briefcases): a count a
source gave is a detail of that source. Two sources rarely count alike, though: one writes 7명, another 아이
일곱이 or "only 3 of the crew" with no counted noun. So in a source's material every small number, however
written, is held as a count of people and of things, and a count two sources gave in different forms points
at neither.
"""

from __future__ import annotations

import re

from tipline.desk.workflow.dates import Add
from tipline.desk.workflow.normalise import KOREAN_NUMBER, korean_number
from tipline.desk.workflow.number_units import number_keys, unit_of
from tipline.desk.workflow.number_words import ENGLISH_NUMBER, SMALL_NATIVE_NUMBER, english_number, native_number
from tipline.desk.workflow.numbers import NUMBER

FEW = range(2, 10)
# A native Korean number standing alone, as a count of people is spoken: 아이 일곱이 죽었다, 셋은 돌아왔다.
NATIVE_ALONE = re.compile(r"(?<![가-힣])(?P<ones>둘|셋|넷|다섯|여섯|일곱|여덟|아홉)(?=[이은는을를도만]?(?:[\s,.!?]|$))")
# The sources a story names (두 소식통, 소식통 두 명, two sources, according to two people who know it):
# counting them identifies no one.
_SOURCES_BEFORE = re.compile(r"(?:소식통|취재원)\s?$|\b(?:according\s+to|told\s+by)\s+$", re.IGNORECASE)
_SOURCES_AFTER = re.compile(
    r"\s?(?:명의\s)?(?:소식통|취재원)|\s+(?:[a-z-]+\s+)?(?:sources?|informants?)\b"
    # …or the people just named, all of them: 두 사람 모두 (both of them)
    r"|\s?(?:명|사람)\s?(?:모두|다(?![가-힣]))"
    # …or the speakers themselves: 이 가운데 두 명은 … 쓴다고 했고; two of them said
    r"|\s?명은\s[^.\n]{0,60}?(?:다고|라고)\s|\s+(?:of\s+them\s+)?(?:said|say|told)\b",
    re.IGNORECASE,
)


# A few things counted, by a Korean counter or an English plural that is no time or measure (두 개, 방 두 칸, two
# briefcases; not two decades, three times, 9층).
_KO_THING_COUNTER = re.compile(r"\s?(?:개|칸|자루|마리|벌|채|켤레|포대|상자|가방)(?![가-힣])")
_EN_PLURAL = re.compile(r"\s+(?:(?P<adjective>[a-z-]+)\s+)?(?P<noun>[a-z]{3,}s)\b", re.IGNORECASE)
_NOT_THINGS = frozenset(
    ["decades", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "times", "percent", "dollars",
     "cents", "miles", "metres", "meters", "kilometres", "tonnes", "tons", "kilos", "kilograms", "floors", "storeys",
     "stories", "levels", "rounds"]
)  # fmt: skip


def _counted_thing(text: str, end: int) -> bool:
    if _KO_THING_COUNTER.match(text, end):
        return True
    plural = _EN_PLURAL.match(text, end)
    words = {(plural.group("adjective") or "").lower(), plural.group("noun").lower()} if plural else set()
    return plural is not None and not words & _NOT_THINGS


# "three quarters of a million": a share, though "quarters" ends like a trade.
_FRACTION = re.compile(r"\s+(?:halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths)\b", re.IGNORECASE)
# A number that names (Building 2, No. 3, 제3, #4): no count of anyone.
_NAMING = re.compile(r"(?:\b[A-Z][a-z]*\.?|#|제)\s?$")


def find_people_counts(text: str, add: Add, *, material: bool) -> None:
    """Each count of two to nine people or things in ``text``; in material, each small number held as one too."""
    for start, end, value in _small_numbers(text):
        if value not in FEW or _SOURCES_BEFORE.search(text, max(0, start - 14), start):
            continue
        if _SOURCES_AFTER.match(text, end):
            continue
        unit = unit_of(text, end, start)
        if unit == "thing" and not _counted_thing(text, end):
            unit = "floor-or-time"  # 9층, two decades: a floor or a time, which numbers.py and dates.py read
        if unit in ("person", "thing") and not _FRACTION.match(text, end):
            add(start, end, number_keys(value, False, unit), NUMBER, True)
        elif material and unit in ("", "floor-or-time") and not _NAMING.search(text, max(0, start - 12), start):
            # "two died", 아이 일곱이: held as a count of people or things, whichever a draft makes of it
            add(end, end, [*number_keys(value, False, "person"), *number_keys(value, False, "thing")], NUMBER, False)


def _small_numbers(text: str) -> list[tuple[int, int, int]]:
    """Every number of ``text`` under ten, in digits or words of any of our languages."""
    found = []
    for match in KOREAN_NUMBER.finditer(text):
        value = korean_number(match.group())
        if value is not None and value == int(value) and value < 10:
            found.append((match.start(), match.end(), int(value)))
    for match in ENGLISH_NUMBER.finditer(text):
        words = english_number(match.group())
        if words is not None and words < 10:
            found.append((match.start(), match.end(), words))
    for pattern in (SMALL_NATIVE_NUMBER, NATIVE_ALONE):
        found += [(m.start(), m.end(), native_number(m)) for m in pattern.finditer(text)]
    return found
