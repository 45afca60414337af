"""A named thing by its proper part: 신원군 = Sinwon County = Sinwon, 은하소프트 = Eunha Soft = 银河软件.

A place, a firm or a ship is a proper part and a generic head (군, County, 县; 무역, Trading, 贸易; 호,
号). Each script writes the head its own way, so the whole names never meet; the proper part does, in
Hangul, in romanisation and in the Hanja's reading or pinyin. A stem key joins them: ``s:<head
class>:<skeleton of the proper part>``. The proper part alone (``Sinwon``) meets a place stem too.
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

from tipline.desk.workflow.loanwords import consonant_key, hangul_consonants
from tipline.desk.workflow.normalise import hangul_skeleton, hanja_reading, latin_skeleton, southern
from tipline.desk.workflow.number_words import ORDINAL_WORDS
from tipline.desk.workflow.transcription import hangul_of_han

# Each class of head, in Korean (Hangul), English and Chinese; the longer first within a script.
HEADS: dict[str, tuple[str, ...]] = {
    "county": ("군", "County", "郡", "县", "縣"),
    "city": ("시", "City", "市"),
    "district": ("구역", "구", "District", "区", "區"),
    "province": ("도", "Province", "省"),
    "village": ("리", "Village", "村"),
    "town": ("진", "Town", "镇", "鎮"),
    "port": ("항", "Port", "Harbour", "Harbor", "港"),
    # A border crossing by its town: 삼합세관 = Sanhe customs = 三合口岸.
    "customs": ("세관", "Customs", "Crossing", "口岸", "海关", "海關"),
    "ship": ("호", "号", "號"),
    "company": (
        "무역회사", "무역", "상사", "회사", "Trading", "Company", "Co", "Corporation", "Corp", "Group", "Ltd",
        "Limited", "贸易", "貿易", "商贸", "公司", "集团",
    ),
    "software": ("소프트웨어", "소프트", "Software", "Soft", "软件", "軟件"),
    "tech": ("테크", "기술", "Technology", "Tech", "科技", "技术"),
    "energy": ("에너지", "Energy", "能源"),
    "farm": ("농장", "Farm", "农场"),
    "mine": ("광산", "Mine", "矿", "礦"),
    "market": ("시장", "Market", "市场", "市場"),
    "factory": ("공장", "Factory", "Plant", "工厂", "厂"),
    # A restaurant abroad is named 관 (옥류관, 송봉관) in Korean and 館 in Hanja.
    "restaurant": ("식당", "레스토랑", "관", "Restaurant", "餐厅", "饭店", "館", "馆"),
    # 청류원 = Chongryu Garden = 清流园: a restaurant or park named a garden.
    "garden": ("원", "Garden", "园", "園"),
}  # fmt: skip
# Heads whose proper part alone names the thing ("Sinwon" is 신원군, "the Songbong" 송봉관); a firm's
# proper part alone may be any word (은하 is "galaxy").
PLACE_CLASSES = frozenset(
    {"county", "city", "district", "province", "village", "town", "port", "customs", "restaurant"}
)
SKELETON_MIN = 4  # the head is part of the key, so a shorter proper part is specific enough ("onha")


def _by_script(script: str) -> list[tuple[str, str]]:
    pairs = [(head, cls) for cls, heads in HEADS.items() for head in heads if _script(head) == script]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _script(word: str) -> str:
    if word.isascii():
        return "latin"
    return "hangul" if "\uac00" <= word[0] <= "\ud7a3" else "han"


_HANGUL_HEADS = _by_script("hangul")
_LATIN_HEADS = {head.lower(): cls for head, cls in _by_script("latin")}
_HAN_HEADS = _by_script("han")


def _keys(cls: str, skeleton: str) -> list[str]:
    if len(skeleton) < SKELETON_MIN:
        return []
    return [f"s:{cls}:{skeleton}", *([f"r:{skeleton}"] if cls in PLACE_CLASSES and len(skeleton) >= 5 else [])]


def hangul_stem_keys(word: str) -> list[str]:
    """신원군 → s:county:sinwon and r:sinwon; 은하소프트 → s:software:onha (a proper part of 2+ syllables)."""
    for head, cls in _HANGUL_HEADS:
        stem = word.removesuffix(head)
        if stem != word and len(stem) >= 2:
            # And by its consonants, for a foreign place Korean spells by sound (수흐바타르구 = Sukhbaatar district).
            consonants = consonant_key(hangul_consonants(stem)) if cls in PLACE_CLASSES else ""
            return [k for k in (f"k:{southern(stem)}:{cls}", *_keys(cls, hangul_skeleton(stem)), consonants) if k]
    return []


def latin_stem_keys(words: list[str]) -> list[str]:
    """["Sinwon", "County"] → s:county:sinwon; ["Yinhe", "Software"] → s:software:yinhe and its pinyin."""
    if len(words) < 2 or words[-1].lower().rstrip(".") not in _LATIN_HEADS:
        return []
    cls = _LATIN_HEADS[words[-1].lower().rstrip(".")]
    stem = [w for w in words[:-1] if w.lower().rstrip(".") not in _LATIN_HEADS]
    if not stem:
        return []
    pinyin = "".join(stem).lower().replace("-", "")
    return [*_keys(cls, latin_skeleton(" ".join(stem))), *([f"s:{cls}:y:{pinyin}"] if pinyin.isalpha() else [])]


def _han_head(han: str) -> tuple[str, str, str] | None:
    """银河软件 → (银河, 软件, software): the proper part, the head and its class; None without a head."""
    for head, cls in _HAN_HEADS:
        stem = han.removesuffix(head)
        if stem != han and len(stem) >= 2:
            return stem, head, cls
    return None


def han_place_name(han: str) -> str | None:
    """三合镇 → 三合: the name of a place before its Chinese head (a town, a county, a port), or None."""
    split = _han_head(han)
    return split[0] if split and split[2] in PLACE_CLASSES else None


def han_stem_keys(han: str) -> list[str]:
    """银河软件 → s:software:onha (the Korean reading 은하) and s:software:y:yinhe (its pinyin)."""
    split = _han_head(han)
    if split is None:
        return []
    stem, head, cls = split
    reading = southern(hanja_reading(stem))
    pinyin = "".join(lazy_pinyin(stem, style=Style.NORMAL, errors="ignore"))
    # 日照港 is 르자오항 in Korean news: the proper part by its Mandarin sound, the head by its reading.
    sounds = [southern(h) for h in hangul_of_han(stem)]
    return [
        *(f"k:{sound}:{cls}" for sound in sounds),
        *(key for sound in sounds for key in _keys(cls, hangul_skeleton(sound))),
        f"k:{reading}:{cls}",
        *_keys(cls, hangul_skeleton(reading)),
        *([f"s:{cls}:y:{pinyin}"] if pinyin.isalpha() else []),
        product_key(stem, head),
    ]


# A workplace named by what it makes or where it is (세멘트공장, 시멘트 공장, the cement factory), or a shop,
# restaurant or hotel by its name (해방식당): finer than any region, and known to those who work there. A
# generic modifier (협동농장, a state farm) names no one.
WORKPLACE_KO = re.compile(
    r"(?<![가-힣])(?P<mod>[가-힣]{2,6})\s?(?P<head>공장|광산|탄광|사업소|기업소|작업장|제철소|발전소|집결소|교화소|"
    r"단련대|농장|목장|수산사업소|세관|식당|상점|여관|호텔|병원|약국|진료소|편의점|시장)"
    r"(?:(?![가-힣]{2})|(?=(?:에서는|에서도|에서|에는|에도|으로|에게|이라는|라는|이다|입니다|이었다|였다)(?![가-힣])))"
)
WORKPLACE_EN = re.compile(
    r"\b(?P<mod>[a-z][a-z-]{2,})\s+(?P<head>factory|mine|plant|mill|shipyard|smelter|sawmill|quarry|farm|"
    r"holding\s+cent(?:re|er)|prison\s+camp|labou?r\s+camp|customs\s+house|restaurant|hotel|shop|store|hospital|"
    r"clinic|pharmacy|workshop|market)\b"
    # Not a works whose own hospital or shop follows: the Tanchon Mine Hospital is a hospital.
    r"(?!\s+(?:hospital|clinic|shop|store|market|workshop|school)\b)",
    re.IGNORECASE,
)
# Words that say which of many, not which one (and ordinals: the seventh workshop is a place by its number,
# numbers.py, not by a name).
GENERIC_MODIFIERS = frozenset(
    [
        "협동", "국영", "지방", "인근", "지역", "주변", "근처", "대형", "소형", "국가", "북한", "중국", "러시아",
        "해당", "같은", "다른", "여러", "모든", "노동", "로동", "state", "cooperative", "collective", "local",
        "nearby", "the", "big", "small", "large", "old", "new", "north", "korean", "chinese", "russian", "same",
        "other", "several", "every", "one", "another", "that", "this", "its", "their", "a", "an",
        "labour", "labor", "forced", "한국", "조선", "남한", "고급", "동네", "마을", "시내", "현지", "작은", "유명한",
        "외화", "중국식", "한국식", "조선식", "민영", "개인", "small-town", "village", "town", "city", "korean-run",
        "chinese-run", "cheap", "busy", "famous", "popular", "private", "tiny", "little", "main", "only", "first",
        "last", "nearest", "closest", "same-day", "hard-currency", "foreign-currency", "state-run",
        # When, not which: 요즘 시장 is the market these days.
        "요즘", "지금", "오늘", "어제", "당시", "최근", "이번", "지난", "요새", "today", "yesterday",
        # Kinds of market, not one: 농민시장, the black market, wholesale markets.
        "농민", "도매", "소매", "종합", "암", "black", "farmers", "farmers'", "wholesale", "street", "night",
        # A kind of works the North has in every province, not one: 군수공장, a munitions factory.
        "군수", "munitions", "arms",
    ]
) | ORDINAL_WORDS  # fmt: skip


# What a workplace makes, in each language's own word (피복공장 = garment factory = 服装厂): a translation,
# not a spelling, so no key of the words meets it.
PRODUCTS = {
    "garment": ("피복", "의류", "봉제", "옷", "garment", "clothing", "clothes", "服装", "制衣", "服饰"),
    "cement": ("세멘트", "시멘트", "cement", "水泥"),
    "tobacco": ("담배", "권연", "tobacco", "cigarette", "烟草", "卷烟"),
    "seafood": ("수산물", "수산", "seafood", "fish", "水产", "海产"),
    "timber": ("목재", "timber", "wood", "lumber", "木材"),
    "shoe": ("신발", "shoe", "footwear", "鞋"),
    "wig": ("가발", "wig", "假发"),
    "textile": ("방직", "직물", "섬유", "textile", "textiles", "spinning", "纺织"),
    "mine": ("광산", "탄광", "mine", "矿山"),  # the mine's own hospital: 광산병원 = the Mine Hospital
}  # fmt: skip
_PRODUCT_OF = {word: product for product, words in PRODUCTS.items() for word in words}
_WORKPLACE_CLASS = {
    "공장": "factory", "factory": "factory", "plant": "factory", "mill": "factory", "厂": "factory",
    "工厂": "factory", "병원": "hospital", "hospital": "hospital", "医院": "hospital",
}  # fmt: skip


def product_key(modifier: str, head: str) -> str:
    """피복공장, a garment factory, 服装厂 → p:garment:factory; "" for a product or head not in the table.
    A modifier may name its place first: 신의주방직공장 is the Sinuiju Textile Mill, 단천광산병원 the Tanchon
    Mine Hospital."""
    words = modifier.lower().split()
    written = words[-1] if words else ""
    product = _PRODUCT_OF.get(written) or next(
        (_PRODUCT_OF[w] for w in _PRODUCT_WORDS_LONGEST_FIRST if HANGUL_SYLLABLE.match(w) and written.endswith(w)), None
    )
    cls = _WORKPLACE_CLASS.get(head.lower().strip())
    return f"wp:{product}:{cls}" if product and cls else ""


_PRODUCT_WORDS_LONGEST_FIRST = sorted(_PRODUCT_OF, key=len, reverse=True)
HANGUL_SYLLABLE = re.compile(r"[가-힣]")


def workplace_keys(modifier: str, head: str) -> list[str]:
    """세멘트공장 and 시멘트 공장 meet by their consonants; "cement factory" by its words; each its product."""
    if modifier.lower() in GENERIC_MODIFIERS or modifier.endswith("의"):
        return []  # 바이어의 공장: whose factory, not which
    if "\uac00" <= modifier[0] <= "\ud7a3":
        keys = [f"k:{southern(modifier + head)}", consonant_key(hangul_consonants(modifier + head))]
    else:
        keys = [f"w:{modifier.lower()} {' '.join(head.lower().split())}"]
    return [*keys, product_key(modifier, head)]
