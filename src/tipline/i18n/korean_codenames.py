"""Tipline's own Korean codename list: BIP-39 Korean minus the words excluded by rule.

`bin/build-korean-codenames` writes wordlists/tipline_korean.txt from wordlists/bip39_korean.txt
and wordlists/tipline_korean_excluded.txt (the rules and their words); a test checks that the
shipped file is exactly what this builds. The spellings a North Korean types for list words are
in `NORTHERN_SPELLINGS` (explicit pairs) and the initial-sound rule (crypto/codenames.py).
"""

from __future__ import annotations

import unicodedata
from importlib import resources

SOURCE_LIST = "bip39_korean.txt"
EXCLUDED = "tipline_korean_excluded.txt"
BUILT = "tipline_korean.txt"

# Northern spelling → the list's (Southern) spelling, for words of either Korean list that the
# initial-sound rule does not cover: the North writes no 사이시옷 (냇물 → 내물) and spells loanwords
# after Russian (컴퓨터 → 콤퓨터). Typed either way, a word gives the same key.
NORTHERN_SPELLINGS = {
    "내물": "냇물",
    "해볕": "햇볕",
    "해살": "햇살",
    "비물": "빗물",
    "비방울": "빗방울",
    "비줄기": "빗줄기",
    "초불": "촛불",
    "차잔": "찻잔",
    "수자": "숫자",
    "회수": "횟수",
    "뒤모습": "뒷모습",
    "뒤산": "뒷산",
    "저가락": "젓가락",
    "제사날": "제삿날",
    "하루밤": "하룻밤",
    "고추가루": "고춧가루",
    "후추가루": "후춧가루",
    "바다가": "바닷가",
    "외가집": "외갓집",
    "어제밤": "어젯밤",
    "수도물": "수돗물",
    "존대말": "존댓말",
    "치솔": "칫솔",
    # Loanwords of the BIP-39 list (not in Tipline's list), for codenames made before it.
    "콤퓨터": "컴퓨터",
    "텔레비죤": "텔레비전",
    "뜨락또르": "트럭",
    "스케트": "스케이트",
    "알루미니움": "알루미늄",
    "아빠트": "아파트",
    "비루스": "바이러스",
    "프로센트": "퍼센트",
    "세멘트": "시멘트",
    "필림": "필름",
    "쵸콜레트": "초콜릿",
    "도마도": "토마토",
    "에네르기": "에너지",
}


def _read(name: str) -> str:
    return resources.files("tipline.i18n").joinpath("wordlists", name).read_text(encoding="utf-8")


def excluded_by_rule() -> dict[str, tuple[str, ...]]:
    """Rule → the words it excludes, as written in tipline_korean_excluded.txt."""
    rules: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _read(EXCLUDED).splitlines():
        if line.startswith("## "):
            current = rules.setdefault(line[3:].strip(), [])
        elif line.strip() and not line.startswith("#"):
            if current is None:
                raise ValueError("a word before the first rule")
            current.extend(unicodedata.normalize("NFC", word) for word in line.split())
    return {rule: tuple(words) for rule, words in rules.items()}


def build() -> tuple[str, ...]:
    """The list: every BIP-39 Korean word, in its order, that no rule excludes."""
    source = [unicodedata.normalize("NFC", w.strip()) for w in _read(SOURCE_LIST).splitlines() if w.strip()]
    excluded = [word for words in excluded_by_rule().values() for word in words]
    unknown = sorted(set(excluded) - set(source))
    if unknown:
        raise ValueError(f"excluded words not in {SOURCE_LIST}: {' '.join(unknown)}")
    dropped = set(excluded)
    return tuple(word for word in source if word not in dropped)
