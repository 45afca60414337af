"""Chinese names in Hangul as Korean writes them: 龙口 = Longkou = 룽커우, 烟台 = Yantai = 옌타이.

Korean news writes a Chinese place or person by its Mandarin sound (외래어 표기법 제4장 제2절, the
National Institute of the Korean Language's table of pinyin against Hangul, 1986): 선양, 단둥, 옌지,
시진핑. It sometimes writes the same place by the Hanja's Korean reading (심양, 단동, 연길): normalise.py
reads those. This module gives the Mandarin-sound spelling, from pinyin (PyPI ``pypinyin`` reads the
characters), so a source's 龙口 meets a draft's 룽커우, and a draft's "Longkou" meets a source's 룽커우.

The table below is the Institute's, written syllable by syllable: an initial (성모) and a final (운모),
with its three rules: zhi chi shi ri zi ci si are 즈 츠 스 르 쯔 츠 쓰; after ㅈ ㅉ ㅊ a y-vowel loses
its y (jia 자, jie 제, jiu 주, qian 첸 — but xian 셴); uei after an initial is 우이 (hui 후이, gui 구이).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pypinyin import Style, pinyin

_S_BASE = 0xAC00
_JAMO_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# Pinyin initials (성모) and their Hangul consonants; the longer ones first, for parsing.
INITIALS = {
    "zh": "ㅈ", "ch": "ㅊ", "sh": "ㅅ", "b": "ㅂ", "p": "ㅍ", "m": "ㅁ", "f": "ㅍ", "d": "ㄷ", "t": "ㅌ",
    "n": "ㄴ", "l": "ㄹ", "g": "ㄱ", "k": "ㅋ", "h": "ㅎ", "j": "ㅈ", "q": "ㅊ", "x": "ㅅ", "r": "ㄹ",
    "z": "ㅉ", "c": "ㅊ", "s": "ㅆ",
}  # fmt: skip
# Finals (운모) as written after an initial, in Hangul with ㅇ standing for the initial.
FINALS = {
    "a": "아", "o": "오", "e": "어", "ai": "아이", "ei": "에이", "ao": "아오", "ou": "어우", "an": "안",
    "en": "언", "ang": "앙", "eng": "엉", "ong": "웅", "i": "이", "ia": "야", "ie": "예", "iao": "야오",
    "iu": "유", "ian": "옌", "in": "인", "iang": "양", "ing": "잉", "iong": "융", "u": "우", "ua": "와",
    "uo": "워", "uai": "와이", "ui": "우이", "uan": "완", "un": "운", "uang": "왕", "v": "위", "ve": "웨",
    "van": "위안", "vn": "윈",
}  # fmt: skip
# Syllables with no initial, as pinyin spells them (y- and w- stand for i- and u-).
ALONE = {
    "a": "아", "o": "오", "e": "어", "ai": "아이", "ei": "에이", "ao": "아오", "ou": "어우", "an": "안",
    "en": "언", "ang": "앙", "eng": "엉", "er": "얼", "yi": "이", "ya": "야", "yo": "요", "ye": "예",
    "yao": "야오", "you": "유", "yan": "옌", "yin": "인", "yang": "양", "ying": "잉", "yong": "융", "wu": "우",
    "wa": "와", "wo": "워", "wai": "와이", "wei": "웨이", "wan": "완", "wen": "원", "wang": "왕", "weng": "웡",
    "yu": "위", "yue": "웨", "yuan": "위안", "yun": "윈",
}  # fmt: skip
# The "buzzing" i after a sibilant or retroflex initial.
BUZZING = {"zhi": "즈", "chi": "츠", "shi": "스", "ri": "르", "zi": "쯔", "ci": "츠", "si": "쓰"}
_AFFRICATES = frozenset("ㅈㅉㅊ")
# After ㅈ ㅉ ㅊ: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ are written ㅏ ㅐ ㅓ ㅔ ㅗ ㅜ (vowel indices of the Hangul block).
_DROP_Y = {2: 0, 3: 1, 6: 4, 7: 5, 12: 8, 17: 13}


def _compose(consonant: str, final: str) -> str:
    first = ord(final[0]) - _S_BASE
    vowel, batchim = (first % 588) // 28, first % 28
    if consonant in _AFFRICATES:
        vowel = _DROP_Y.get(vowel, vowel)
    syllable = chr(_S_BASE + _JAMO_INITIALS.index(consonant) * 588 + vowel * 28 + batchim)
    return syllable + final[1:]


@cache
def syllables() -> dict[str, str]:
    """Every pinyin syllable (without tone; ü written v, and u after j q x) and its Hangul."""
    table = dict(ALONE)
    for initial, consonant in INITIALS.items():
        for final, hangul in FINALS.items():
            table[initial + final] = _compose(consonant, hangul)
    for initial in "jqx":  # ju qu xu: the u is ü
        for final in ("v", "ve", "van", "vn"):
            table[initial + final.replace("v", "u")] = table[initial + final]
    table.update(BUZZING)
    return table


def hangul_of_syllables(syllables_of_word: list[str]) -> str | None:
    """Pinyin syllables (lazy_pinyin's, toneless) in Hangul; None if any is not a syllable."""
    out = [_one(syllable) for syllable in syllables_of_word]
    return None if None in out else "".join(o or "" for o in out)


# A name of many characters with several readings each would make too many spellings to be worth one.
MOST_READINGS = 8


@lru_cache(maxsize=1 << 14)  # pure, and pypinyin's reading is slow; a case's names recur in every draft
def hangul_of_han(han: str) -> frozenset[str]:
    """Chinese characters as Korean writes them by their Mandarin sound: 龙口 → 룽커우. A character read two
    ways gives both spellings (珲春 is Hunchun, 长白 Changbai, however the dictionary reads 珲 and 长 first)."""
    spellings = {""}
    readings = pinyin(han, style=Style.NORMAL, heteronym=True, v_to_u=False, errors="default")
    for options in readings:
        spellings = {s + r for s in spellings for r in (filter(None, map(_one, options)))}
        if not spellings or len(spellings) > MOST_READINGS:
            return frozenset()
    return frozenset(spellings)


def _one(syllable: str) -> str | None:
    return syllables().get(syllable.lower().replace("ü", "v"))


_PINYIN_LETTERS = re.compile(r"[a-zü]+")


def parse_pinyin(word: str) -> list[str] | None:
    """A Latin word read as pinyin syllables (Longkou → long kou, Xi'an → xi an), or None. The longest
    syllable first, backtracking, so Yantai is yan tai; a word pinyin cannot spell (Kevin) is None."""
    word = word.lower().replace("’", "'").replace("-", "'")
    parts = [p for p in word.split("'") if p]
    if not parts or not all(_PINYIN_LETTERS.fullmatch(p) for p in parts):
        return None
    found: list[str] = []
    for part in parts:
        split = _split(part.replace("ü", "v"))
        if split is None:
            return None
        found += split
    return found


@cache
def _split(letters: str) -> list[str] | None:
    if not letters:
        return []
    table = syllables()
    for end in range(min(6, len(letters)), 0, -1):
        head = letters[:end]
        if head in table:
            rest = _split(letters[end:])
            # A syllable never starts with a vowel inside a word (pinyin writes an apostrophe: Xi'an),
            # so "yang" + "ang" is no reading of "yangang".
            if rest is not None and (not rest or rest[0][0] not in "aeiouv"):
                return [head, *rest]
    return None


def hangul_of_latin(word: str) -> str | None:
    """A romanised Chinese name as Korean writes it: Longkou → 룽커우, Yantai → 옌타이 (two syllables at
    least: one is too often an English or Korean word)."""
    parsed = parse_pinyin(word)
    if parsed is None or len(parsed) < 2:
        return None
    return hangul_of_syllables(parsed)


# The commonest Chinese surnames in pinyin (China's 2020 census list, its first hundred less the ones
# pinyin writes alike), to know a Chinese person's name in Latin letters.
CHINESE_SURNAMES = frozenset(
    [
        "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu",
        "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng",
        "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu",
        "ding", "ren", "yao", "shen", "zhong", "jiang", "cui", "tan", "liao", "fan", "wang", "jin", "shi", "jia", "xia",
        "fu", "fang", "zou", "xiong", "bai", "meng", "qin", "qiu", "hou", "yin", "xue", "yan", "duan", "lei", "long",
        "tao", "gu", "mao", "hao", "gong", "shao", "wan", "qian", "dai", "mo", "kong", "xiang", "chang", "wen", "kang",
        "niu", "hong",
    ]
)  # fmt: skip
# Words before a surname that make a title, not a given name: "President Xi" names a public figure.
TITLES = frozenset(
    [
        "mr", "mrs", "ms", "miss", "dr", "president", "chairman", "premier", "minister", "general", "director",
        "secretary", "ambassador", "comrade", "officer", "captain", "manager", "boss", "mister", "madam", "professor",
        "colonel", "major", "governor", "mayor", "judge",
    ]
)  # fmt: skip


def chinese_person(words: list[str]) -> bool:
    """Two capitalised words that name a Chinese person: a surname and a pinyin given name (Sun Lijun) or a
    Western given name and a surname (Kevin Zhao). Each word may be ordinary; together they are a name."""
    if len(words) != 2:
        return False
    first, last = (w.lower() for w in words)
    if first in CHINESE_SURNAMES and len(parse_pinyin(last) or []) == 2:
        return True
    return last in CHINESE_SURNAMES and first not in TITLES and first.isalpha() and first.isascii()
