"""Places a text names by a pattern rather than by the gazetteer: a workplace by what it makes or by its
name (피복공장, 송봉식당, the Songbong restaurant), a bank by its name in any language, a neighbourhood after
its district (청진 포항구역 남강동). Each is passed to details.Extractor's recorder with its keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tipline.desk.workflow.dates import Add
from tipline.desk.workflow.detail_item import NAME, PLACE
from tipline.desk.workflow.goods import bank_keys_in, vehicle_keys_in
from tipline.desk.workflow.korean_names import neighbourhood_pattern
from tipline.desk.workflow.loanwords import consonant_key, cyrillic_latin, latin_consonants
from tipline.desk.workflow.normalise import SKELETON_MIN, hangul_skeleton, latin_skeleton, southern
from tipline.desk.workflow.stems import WORKPLACE_EN, WORKPLACE_KO, hangul_stem_keys, latin_stem_keys, workplace_keys
from tipline.desk.workflow.text import HANGUL


def workplaces(text: str, add: Add, *, material: bool) -> None:
    """A workplace named by what it makes or by its name (피복공장, 송봉식당, the Songbong restaurant)."""
    for match in (m for pattern in (WORKPLACE_KO, WORKPLACE_EN) for m in pattern.finditer(text)):
        keys = workplace_keys(match.group("mod"), match.group("head"))
        if keys:  # and by its proper part, as stems.py keys a named thing: 송봉식당 = the Songbong restaurant
            mod, head = match.group("mod"), match.group("head")
            keys += hangul_stem_keys(mod + head) if HANGUL.match(mod) else latin_stem_keys([mod, head])
            if material:  # and its name alone: who named the 검덕광산 knows the "Komdok" a draft writes
                keys += _proper_part_keys(mod)
            add(match.start(), match.end(), keys, PLACE, True)


# What a works' name may say of its trade after its proper part (검덕광업연합기업소, 령천기계공장): not its name.
_TRADE_WORDS = ("연합", "련합", "광업", "종합", "기계", "제련", "화학", "수산", "무역", "건설", "탄광")


def _proper_part_keys(modifier: str) -> list[str]:
    """The keys of a workplace's proper part alone (검덕 of 검덕광업연합기업소, Komdok of the Komdok mine)."""
    if HANGUL.match(modifier):
        proper = modifier
        while proper.endswith(_TRADE_WORDS) and len(proper) > 2:
            proper = next(proper.removesuffix(word) for word in _TRADE_WORDS if proper.endswith(word))
        skeleton = hangul_skeleton(proper)
        return [f"k:{southern(proper)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
    skeleton = latin_skeleton(modifier)
    return [f"w:{modifier.lower()}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]


def neighbourhoods(text: str) -> Iterator[re.Match[str]]:
    """Each neighbourhood after its place, the place being one itself too (청진 포항구역 남강동: 포항구역 after
    청진, then 남강동 after 포항구역)."""
    position = 0
    while match := neighbourhood_pattern().search(text, position):
        yield match
        position = match.start("n")


def banks(text: str, add: Add) -> None:
    """A bank by its name in any language: 农业银行 = 농업은행 = the Agricultural Bank of China (goods.BANKS); a
    vehicle by its make or model the same way (도요타 랜드크루저 = Toyota Land Cruiser, goods.VEHICLES)."""
    for start, end, key in [*bank_keys_in(text), *vehicle_keys_in(text)]:
        add(start, end, [key], NAME, True)


# A street as Russian writes it, in any case (улица Шувалова, на улице Шувалова, ул. Ленина, проспект Мира): the
# name after the word is a place finer than any region, however common a surname it is.
RUSSIAN_STREET = re.compile(
    r"(?i:улиц[аеуы]|ул\.|проспект[аеу]?|пр-т|переул(?:ок|ке|ка)|шоссе|набережн(?:ая|ой))\s+"
    r"(?P<n>[А-ЯЁ][а-яё-]+(?:\s[А-ЯЁ][а-яё-]+)?)"
)


def russian_streets(text: str, add: Add) -> None:
    for match in RUSSIAN_STREET.finditer(text):
        name = match.group("n").lower()
        # Its stem, whatever its case (улица Туманная, на улице Туманной), and its consonants, as a Korean
        # source spells it (셸레스타 거리 = улица Шелеста).
        keys = [
            f"w:{name}",
            f"st:{name[: max(4, len(name) - 2)]}",
            consonant_key(latin_consonants(cyrillic_latin(name))),
        ]
        add(match.start("n"), match.end("n"), keys, PLACE, True)
