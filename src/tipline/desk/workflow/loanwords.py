"""Foreign names across Hangul, Latin and Cyrillic letters: 자루비노 = Zarubino = Зарубино, 바트볼드 =
Batbold, 달리브세르비스 = Dalrybservis; and Korean names in Cyrillic: Рим Чхун Гиль = 림춘길.

Korean writes a foreign name by its sound (외래어 표기법), adding vowels a consonant cluster lacks
(Batbold → 바트볼드) and choosing its own (ㅓ for "a" in Russian, ㅡ for none), so the vowels of two
spellings rarely agree; their consonants do. A consonant key (``c:``) keeps a name's consonants alone,
each reduced to the Hangul letter a loanword gives it (b, v, f → ㅂ/ㅍ: p; d, t → t; z, j, ch → ㅈ/ㅊ: c;
kh, h → ㅎ: h; r, l → ㄹ: l), so the three spellings meet; four consonants at least, or two names meet by
chance. Russian writes a Korean name by the Kontsevich system (ㅊ чх, ㅋ кх, ㅌ тх, ㅍ пх, ㅓ о, ㅡ ы):
undone, it is romanised Korean that normalise.latin_skeleton reads.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CONSONANTS_MIN = 4
# КамАЗ, БелАЗ: a brand may keep capitals inside its one word.
CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:[А-ЯЁ]+[а-яё]*)*(?:-[А-ЯЁа-яё][а-яё]*)*")
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
         "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
        strict=True,
    )
)  # fmt: skip
# Kontsevich back to the romanisation normalise.py reads: Чхун = Chun, Кхван = Kwan, Тхэ = Tae, Хо = Ho.
_KONTSEVICH = [("chkh", "ch"), ("kkh", "k"), ("tkh", "t"), ("pkh", "p"), ("kh", "h"), ("dzh", "j"), ("ae", "e")]


def cyrillic_latin(text: str) -> str:
    """Cyrillic in Latin letters, letter by letter (Зарубино → zarubino, Хабаровск → khabarovsk)."""
    return "".join(_CYRILLIC.get(char, char) for char in text.lower())


def kontsevich_latin(text: str) -> str:
    """A Korean name written in Cyrillic, romanised: Рим Чхун Гиль → rim chun gil."""
    text = cyrillic_latin(text.lower().replace("э", "ae").replace("ы", "eu"))  # э = ㅐ (ae); ы = ㅡ (eu)
    for cyrillic, latin in _KONTSEVICH:
        text = text.replace(cyrillic, latin)
    return text


# In order; upper case marks a letter already reduced (C: ㅈ/ㅊ, N: final ㅇ), so a later rule leaves it be.
_LATIN_CONSONANTS = [
    ("shch", "s"), ("sch", "s"), ("dzh", "C"), ("tsh", "C"), ("kh", "h"), ("ph", "p"), ("th", "t"), ("ch", "C"),
    ("sh", "s"), ("zh", "C"), ("ts", "C"), ("tz", "C"), ("dj", "C"), ("ck", "k"), ("ng", "N"), ("j", "C"),
    ("z", "C"), ("x", "ks"), ("q", "k"), ("c(?=[eiy])", "s"), ("c", "k"), ("g", "k"), ("d", "t"), ("b", "p"),
    ("f", "p"), ("v", "p"), ("r", "l"), ("[aeiouwy]", ""),
]  # fmt: skip


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def latin_consonants(word: str) -> str:
    """The consonants of a name in Latin letters as Korean would write them: Dalrybservis → tlpslps."""
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    word = re.sub(r"[^a-z]", "", word)
    for pattern, replacement in _LATIN_CONSONANTS:
        word = re.sub(pattern, replacement, word)
    return re.sub(r"(.)\1+", r"\1", word.replace("C", "c"))


_S_BASE = 0xAC00
_INITIALS = ["k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "c", "c", "c", "k", "t", "p", "h"]
# A final ㅅ is a loanword's t (나홋카 = Nakhodka); ㅇ its ng.
_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "N", "t",
    "c", "k", "t", "p", "t",
]  # fmt: skip


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def hangul_consonants(word: str) -> str:
    """The consonants of a Hangul word, as latin_consonants reduces them: 달리브세르비스 → tlpslps."""
    out = []
    for char in word:
        code = ord(char) - _S_BASE
        if not 0 <= code < 11172:
            continue
        out.append(_INITIALS[code // 588] + _FINALS[code % 28])
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def consonant_key(consonants: str) -> str:
    return f"c:{consonants}" if len(consonants) >= CONSONANTS_MIN else ""


def nasal(skeleton: str) -> str:
    """A romanisation skeleton with ng as n: Kontsevich writes the final ㅇ as н (룡성 Рёнсон), so a Korean
    name in Cyrillic meets its Hangul and Latin spellings only so (``rn:`` keys)."""
    return skeleton.replace("ng", "n")


LOOSE_CONSONANTS = 3
# What a language adds to a borrowed word: Korean 유 (oil: 디젤유), 호 (a ship: 사피르호); Russian adjective
# endings (дизельное).
_HANGUL_ADDED = ("유", "호")
_NON_RHOTIC = re.compile(r"(?<=[aeiou])r(?![aeiou])")
_RUSSIAN_ENDINGS = re.compile(r"(?:ное|ный|ная|ные|ного|ной|ном|ому|ым|ых|ую|ое|ая|ий|ый|ой)$")


def loose_keys(word: str, script: str) -> list[str]:
    """A loanword by its consonants with ㅈ/ㅊ read as s and what a language adds to it left off: 디젤유 =
    diesel = дизельное, 사피르호 = «Сапфир»; a long one also without its last consonant, which languages
    end differently (파라티푸스 = paratyphoid). Two sources that wrote the word in two languages hold one
    thing. Too loose to point at anyone, such a key only ever shares (``~``: exposure.py never flags by it)."""
    if script == "hangul":
        stem = word[:-1] if len(word) >= 3 and word.endswith(_HANGUL_ADDED) else word
        spellings = [hangul_consonants(stem)]
    else:
        latin = cyrillic_latin(_RUSSIAN_ENDINGS.sub("", word.lower())) if script == "cyrillic" else word.lower()
        # And as Korean writes an English word, without an r after a vowel: Star = 스타, Marina Star = 마리나스타.
        spellings = list(dict.fromkeys([latin_consonants(latin), latin_consonants(_NON_RHOTIC.sub("", latin))]))
    keys: list[str] = []
    for consonants in spellings:
        merged = re.sub(r"(.)\1+", r"\1", consonants.replace("c", "s"))
        if len(merged) < LOOSE_CONSONANTS:
            continue
        # Not its first three consonants alone, which a short form keeps (아목시 = 아목시실린): measured, they
        # joined too many names to other sources' words (박남일, 비킨, 신암구역 went unflagged).
        keys += [f"~c:{merged}", *([f"~c:{merged[:-1]}"] if len(merged) >= 5 else [])]
    return list(dict.fromkeys(keys))
