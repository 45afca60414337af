"""The gazetteer: every spelling of a place, in every script, to one key (``p:dandong``).

data/places.toml holds the places of North Korea reporting (border cities, provinces, the Russian Far
East), each with its names in Korean, Chinese, English and Russian and whether an attribution may name
it (``region``) or naming it identifies nobody (``common``); every country of the world joins them as a
region, with its names from the Unicode CLDR.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Place:
    id: str
    names: tuple[str, ...]
    region: bool  # a country or region: an attribution may name it
    common: bool  # a capital or a river: naming it identifies nobody


@cache
def gazetteer() -> tuple[Place, ...]:
    """data/places.toml, and every country of the world as a region (CLDR's names, below)."""
    text = resources.files("tipline.desk.workflow").joinpath("data/places.toml").read_text(encoding="utf-8")
    places = [
        Place(p["id"], _with_northern_spellings(p["names"]), bool(p.get("region", False)), bool(p.get("common", False)))
        for p in tomllib.loads(text)["place"]
    ]
    known = {name.lower(): index for index, place in enumerate(places) for name in place.names}
    for code, names in _countries().items():
        same = next((known[n.lower()] for n in names if n.lower() in known), None)
        if same is None:
            # A city-state is a city: "a source in Hong Kong" says as much as "a source in Dandong".
            places.append(Place(f"country-{code.lower()}", names, region=code not in CITY_STATES, common=False))
        else:  # a country places.toml has: its CLDR names join the ones it lists
            place = places[same]
            extra = tuple(n for n in names if n.lower() not in {m.lower() for m in place.names})
            places[same] = Place(place.id, place.names + extra, place.region, place.common)
    named = {name.lower() for place in places for name in place.names}
    for zone, names in _cities().items():
        if not any(n.lower() in named for n in names):  # places.toml's own entry, or a country's name, wins
            places.append(Place(f"city-{zone.lower()}", names, region=False, common=False))
    return tuple(places)


def _with_northern_spellings(names: Iterable[str]) -> tuple[str, ...]:
    """McCune–Reischauer's apostrophe as North Korea's own romanisation writes it, an h, and its breves
    dropped: Namp'o is Nampho, North P'yŏngan North Phyongan (a name with the apostrophe may be listed
    without its h form)."""
    found = list(names)
    for name in names:
        if "'" in name and re.fullmatch(r"[A-Za-z'ŏŭŎŬ .-]+", name):
            northern = re.sub(r"([ptkc]h?)'", lambda m: m.group(1).rstrip("hH") + "h", name, flags=re.IGNORECASE)
            northern = northern.translate(str.maketrans("ŏŭŎŬ", "ouOU"))
            if northern not in found:
                found.append(northern)
    return tuple(found)


CITY_STATES = frozenset({"HK", "MO", "SG", "MC", "VA", "GI"})
# Country names that are also ordinary words, in Korean (수단 "means", 오만 "arrogance" or 50,000, 가나
# of 가나다, 말리 of 말리다) or English (Chad and Jordan are given names, turkey a bird): a country so
# written is left to the reader.
COUNTRY_HOMOGRAPHS = frozenset({"수단", "오만", "가나", "말리", "기니", "차드", "토고", "chad", "jordan", "turkey"})


@cache
def _countries() -> dict[str, tuple[str, ...]]:
    """Every country and territory by its ISO code, named in Korean, Chinese, English and Russian as
    the Unicode CLDR has them (shipped with Babel, a dependency already; Unicode licence). A name with
    a qualifier is also kept short: 홍콩(중국 특별행정구) is 홍콩, "Hong Kong SAR China" Hong Kong,
    中国香港特别行政区 香港."""
    from babel import Locale  # the server's dependency: only the desk's check reads it

    found: dict[str, set[str]] = {}
    for language in ("ko", "zh", "zh_Hant", "en", "ru"):  # and in traditional characters, as Hanja: 中國
        for code, name in Locale.parse(language).territories.items():
            if len(code) != 2 or not code.isalpha() or code in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"):
                continue  # 001, 150: continents and groupings; EU, UN: unions, not places
            short = re.split(r"\s*[(（]|\s+SAR\b", name)[0].strip()
            short = short.removeprefix("中国").removesuffix("特别行政区") if short.endswith("特别行政区") else short
            found.setdefault(code, set()).update(n for n in (name, short) if n.lower() not in COUNTRY_HOMOGRAPHS)
    for code, names in PRESS_NAMES.items():
        found.setdefault(code, set()).update(names)
    return {code: tuple(sorted(names)) for code, names in found.items() if names}


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """The world's cities CLDR names for their time zones (Europe/Moscow: Moscow, 모스크바, 莫斯科, Москва),
    in Korean, Chinese, English and Russian: a city one source named abroad (두바이, Manila) is a place, not an
    ordinary word. Not Antarctica's stations nor a zone whose English name is a word (Christmas, Easter); a
    zone named as its country (Panama, Jamaica) is that country's entry."""
    from babel import Locale

    found: dict[str, set[str]] = {}
    for language in ("ko", "zh", "en", "ru"):
        for zone, names in Locale.parse(language).time_zones.items():
            area, _, city = zone.partition("/")
            if area not in _CITY_AREAS or "/" in city or city.replace("_", " ") in _CITY_HOMOGRAPHS:
                continue
            found.setdefault(city, {city.replace("_", " ")}).update(filter(None, [names.get("city")]))
    return {city: tuple(sorted(names)) for city, names in found.items()}


_CITY_AREAS = frozenset({"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"})
_CITY_HOMOGRAPHS = frozenset(
    {"Christmas", "Easter", "Midway", "Casey", "Davis", "Phoenix", "Regina", "Man", "Truk", "Chuuk", "Wake",
     "Reunion", "Faroe", "Madeira", "Canary", "Azores", "Stanley", "Rankin Inlet", "Resolute", "Eucla",
     "Lord Howe", "Chatham", "Marquesas", "Gambier", "Pitcairn", "Norfolk", "Johnston", "Enderbury", "Kanton",
     "Kiritimati", "Fakaofo", "Wallis", "Efate", "Noumea", "Saipan", "Tahiti", "Apia", "Galapagos", "Havana",
     "Cayenne", "Paramaribo", "Nassau", "Curacao", "Kralendijk", "Lower Princes", "Marigot", "St Barthelemy",
     "St Kitts", "St Lucia", "St Thomas", "St Vincent", "Tortola", "Port of Spain", "Grand Turk", "Cayman",
     "Santo Domingo", "Port-au-Prince", "Thule", "Danmarkshavn", "Scoresbysund", "Nuuk", "Godthab", "Macquarie",
     "Kerguelen", "Chagos", "Mahe", "Comoro", "Antananarivo", "Victoria", "Hope", "Boise", "Metlakatla", "Sitka",
     "Nome", "Adak", "Yakutat", "Juneau", "Denver", "Chicago", "Detroit", "Los Angeles", "New York", "Anchorage",
     "Honolulu"}
)  # fmt: skip
# Not the American zones named for US cities either: a North Korea story's New York is the UN's.


# Names the press gives countries that CLDR lists under none (Korean news says 호주, not 오스트레일리아).
PRESS_NAMES = {
    "AU": ("호주", "澳洲"), "US": ("America", "USA", "США"), "GB": ("Britain", "UK"), "MM": ("Burma", "버마"),
    "AE": ("UAE", "ОАЭ"), "NL": ("Holland",), "KR": ("韓國", "大韓民國"), "KP": ("朝鮮", "北朝鮮"),
}  # fmt: skip


@cache
def place_pattern() -> re.Pattern[str]:
    """One pattern for every place name; Latin names whole words, Hangul and Han names as prefixes (조사 follow)."""
    names = {n.lower() for p in gazetteer() for n in p.names}
    latin = trie_pattern(n for n in names if n.isascii())
    hangul = trie_pattern(n for n in names if not n.isascii() and _HANGUL.search(n))
    cyrillic = trie_pattern(n for n in names if re.search("[а-яё]", n))
    other = trie_pattern(n for n in names if not n.isascii() and not _HANGUL.search(n) and not re.search("[а-яё]", n))
    # Russian from a word's start, whatever its case ending (в Москве); never inside one (Бригадир is no Riga).
    return re.compile(rf"\b{latin}\b|{hangul}{HANGUL_PLACE_END}|(?<![а-яё]){cyrillic}|{other}", re.IGNORECASE)


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a trie (보위부|보위원 → 보위(?:부|원)): a thousand place names in one
    flat alternation cost the regex engine a try of each at every character. The longest name wins, as
    each optional tail is greedy; a lookahead after the pattern backtracks to a shorter one."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{build(trie)})" if trie else "(?!)"


_HANGUL = re.compile(r"[가-힣]")
# What may follow a Hangul place name: a particle or an administrative suffix (혜산시, 단둥항, 이르쿠츠크주,
# 랴오닝성, 장백현), or no Hangul at all. Not a verb ending or another noun: 원산지 is "origin", 무산됐다
# "came to nothing", 평양냉면 a dish.
HANGUL_PLACE_END = (
    r"(?=$|[^가-힣]|(?:시|군|도|주|성|현|구|항|역|에서|에게|에|의|은|는|이|가|과|와|로|으로|까지|부터|쪽|일대|지역"
    r"|시내|근처|인근|출신|행|발|만|서|엔|을|를|에는|이나|나|보다|처럼|일원|외곽|거리|시장|장마당|세관"
    # 러시아산 (made in Russia), 중국제, 중국인, 중국식: the place, and what comes from it
    r"|산|제|인|식))"
)


@cache
def place_by_name() -> dict[str, Place]:
    return {n.lower(): p for p in gazetteer() for n in p.names}


# What a newsroom may write after a place's name in desk.toml ("North Hamgyong Province", "함경북도").
_ADMINISTRATIVE_WORD = re.compile(r"\s*(?:province|region|oblast|krai|prefecture|county)$|(?<=[가-힣])(?:도|주|성)$")


def same_place_names(name: str) -> set[str]:
    """Every way of writing the place ``name`` names (lower case): itself, and when the gazetteer
    knows it (with or without a word like "Province"), all its names in every script, bare and
    with "province" (and 성, 省 for a province). An allowed place is a place, not a spelling: allowing
    "North Hamgyong Province" allows 함경북도 and 咸镜北道 too, "Jilin Province" 지린성 and 吉林省."""
    key = name.strip().lower()
    found = {key}
    place = place_by_name().get(key) or place_by_name().get(_ADMINISTRATIVE_WORD.sub("", key))
    if place is not None:
        province = any(word in name.lower() for word in ("province", "성", "省"))
        for other in place.names:
            found |= {other.lower(), f"{other.lower()} province"}
            if province:  # Jilin Province = 지린성 = 吉林省: a province in its own script's word
                found |= {f"{other}성", f"{other}省"} if not other.isascii() else set()
    return found


_ADJECTIVE_ENDINGS = ("ians", "ans", "ian", "ese", "ish", "is", "an", "i", "n", "s")


@cache
def _region_stems() -> frozenset[str]:
    """A region's English name and its stem without a final vowel (Kuwait, Mongolia/Mongoli, China/Chin)."""
    stems: set[str] = set()
    for place in gazetteer():
        if place.region:
            for name in place.names:
                if name.isascii() and " " not in name:
                    stems |= {name.lower(), name.lower().rstrip("aeiouy")}
    return frozenset(s for s in stems if len(s) >= 3)


def region_adjective(word: str) -> bool:
    """Is ``word`` a region's people or adjective (Kuwaiti, Mongolian, Chinese, Russians)? It says no more
    than the region's name, which an attribution may print."""
    word = word.lower()
    return any(word.removesuffix(ending) in _region_stems() for ending in _ADJECTIVE_ENDINGS if word.endswith(ending))
