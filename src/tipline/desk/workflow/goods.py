"""Goods, illnesses and clothing by what they are, not how they are spelled: 무연탄 = 无烟煤 = anthracite =
антрацит. Two sources who wrote one of them in two languages both hold it, which no spelling can join (a
translation, not a transliteration); a draft's word then points at neither.

The table is ours, written for North Korea reporting (what is smuggled, traded, rationed and caught), each
row one thing in Korean (South and North usage), English, Chinese and Russian (a Russian entry is a stem:
антрацит also matches антрацита). A row only shares: no key of it ever flags a draft by itself.

Banks the same way (农业银行 = 농업은행 = Agricultural Bank of China), but a bank is a name: where one source
named the bank its money goes through, a draft's bank in any language points at it (BANKS).
"""

from __future__ import annotations

import re
from functools import cache

GOODS: dict[str, tuple[str, ...]] = {
    "anthracite": ("무연탄", "anthracite", "无烟煤", "無煙煤", "антрацит"),
    "coal": ("석탄", "coal", "煤炭", "уголь", "угля"),
    "iron-ore": ("철광석", "iron ore", "铁矿石", "铁矿", "железная руда", "железной руды"),
    "diesel": ("디젤유", "디젤", "경유", "diesel", "柴油", "дизел", "солярк"),
    "petrol": ("휘발유", "petrol", "gasoline", "汽油", "бензин"),
    "fuel": ("연유", "연료", "fuel", "燃油", "燃料", "топлив"),
    "rice": ("입쌀", "rice", "大米", "稻米", "рис"),
    "corn": ("강냉이", "옥수수", "corn", "maize", "玉米", "кукуруз"),
    "squid": ("오징어", "squid", "鱿鱼", "魷魚", "кальмар"),
    "crab": ("꽃게", "crab", "螃蟹", "краб"),
    "logs": ("통나무", "원목", "logs", "roundwood", "原木", "кругляк"),
    "copper": ("구리", "copper", "铜材", "медь", "меди"),
    "magnesite": ("마그네사이트", "magnesite", "菱镁矿", "菱镁", "магнезит"),
    "zinc-concentrate": ("아연정광", "아연 정광", "zinc concentrate", "锌精矿", "цинковый концентрат"),
    "zinc": ("아연", "zinc", "锌", "цинк"),
    "methamphetamine": ("빙두", "필로폰", "얼음", "methamphetamine", "meth", "crystal meth", "冰毒", "метамфетамин"),
    "fertiliser": ("비료", "화학비료", "fertiliser", "fertilizer", "化肥", "肥料", "удобрени"),
    "mobile-phone": ("손전화", "휴대폰", "핸드폰", "mobile phone", "cellphone", "手机", "мобильн"),
    "down-jacket": ("오리털 패딩", "오리털패딩", "패딩", "down jacket", "down jackets", "羽绒服", "пуховик"),
    "padded-clothes": ("솜동복", "솜옷", "동복", "padded coat", "padded clothes", "棉服", "棉衣", "ватник"),
    "paratyphoid": ("파라티푸스", "paratyphoid", "副伤寒", "副傷寒", "паратиф"),
    "typhoid": ("장티푸스", "typhoid", "伤寒", "傷寒", "брюшной тиф"),
    "tuberculosis": ("결핵", "폐결핵", "tuberculosis", "TB", "结核", "肺结核", "туберкулез", "туберкулёз"),
    "measles": ("홍역", "measles", "麻疹"),
    "cholera": ("콜레라", "cholera", "霍乱", "холер"),
    # Medicines a market sells where hospitals have none: Chinese names them by meaning and sound (头孢 = cephalo-).
    "antibiotics": ("항생제", "antibiotic", "antibiotics", "抗生素", "антибиотик"),
    "ceftriaxone": ("세프트리악손", "ceftriaxone", "头孢曲松", "頭孢曲松", "цефтриаксон"),
    "amoxicillin": ("아목시실린", "amoxicillin", "阿莫西林", "амоксициллин"),
    "penicillin": ("페니실린", "penicillin", "青霉素", "пенициллин"),
    "chloramphenicol": ("클로람페니콜", "chloramphenicol", "氯霉素", "левомицетин"),
    "glucose": ("포도당", "링거", "glucose", "葡萄糖", "глюкоз"),
    "opium": ("아편", "opium", "鸦片", "阿片", "опиум"),
}  # fmt: skip

# The banks of the border trade, by their names in each language (the banks' own, and the Korean press's).
BANKS: dict[str, tuple[str, ...]] = {
    "abc": ("Agricultural Bank of China", "中国农业银行", "农业银行", "중국농업은행", "농업은행"),
    "boc": ("Bank of China", "中国银行", "중국은행"),
    "icbc": ("Industrial and Commercial Bank of China", "ICBC", "中国工商银行", "工商银行", "중국공상은행", "공상은행"),
    "ccb": ("China Construction Bank", "中国建设银行", "建设银行", "중국건설은행", "건설은행"),
    "bocom": ("Bank of Communications", "交通银行", "교통은행"),
    "jilin": ("Bank of Jilin", "Jilin Bank", "吉林银行", "길림은행", "지린은행"),
    "dandong": ("Bank of Dandong", "丹东银行", "단동은행", "단둥은행"),
    "yanbian-rural": ("Yanbian Rural Commercial Bank", "延边农商银行", "延边农村商业银行", "연변농상은행"),
    "sberbank": ("Sberbank", "Сбербанк", "스베르방크", "스베르은행"),
    "vtb": ("VTB", "ВТБ"),
    "gazprombank": ("Gazprombank", "Газпромбанк", "가스프롬방크"),
    "ftb": ("Foreign Trade Bank", "Foreign Trade Bank of the DPRK", "조선무역은행", "무역은행"),
    "kwangson": ("Korea Kwangson Banking Corporation", "Kwangson Bank", "광선은행", "조선광선은행"),
}  # fmt: skip
# Makes and models of the cars, buses and lorries a story's people drive, in each language (not 현대 alone: the
# word is "modern"): where one source named the vehicle, a draft's in any language points at it, as a bank's does.
VEHICLES: dict[str, tuple[str, ...]] = {
    "toyota": ("Toyota", "도요타", "토요타", "丰田", "豐田", "Тойот"),
    "land-cruiser": ("Land Cruiser", "Land-Cruiser", "랜드크루저", "랜드 크루저", "陆地巡洋舰", "兰德酷路泽",
                     "Ленд Крузер"),
    "camry": ("Camry", "캠리", "凯美瑞", "Камри"),
    "sienna": ("Sienna", "시에나", "塞纳", "Сиенн"),
    "hyundai": ("Hyundai", "현대차", "현대자동차", "现代汽车", "Хендай", "Хёндай", "Хундай"),
    "solaris": ("Solaris", "솔라리스", "索拉丽斯", "Солярис"),
    "county": ("County bus", "카운티", "Каунти"),
    "paz": ("PAZ", "파즈", "ПАЗ", "ПАЗик"),
    "kamaz": ("KamAZ", "Kamaz", "카마즈", "卡马斯", "КамАЗ"),
    "uaz": ("UAZ", "우아즈", "УАЗ", "УАЗик"),
    "gazelle": ("Gazelle", "가젤", "ГАЗель", "Газель"),
    "dongfeng": ("Dongfeng", "둥펑", "동풍", "东风", "東風", "Донгфенг", "Дунфэн"),
}  # fmt: skip
_TABLES = {"g": GOODS, "bank": BANKS, "vehicle": VEHICLES}


def goods_key(word: str) -> str:
    """The key of the thing ``word`` names ("g:anthracite"), or "" for a word of no row."""
    return _by_spelling("g").get(word.lower(), "")


def goods_keys_in(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names a thing of the table, in any of its languages: (start, end, key)."""
    return _keys_in(text, "g")


def bank_keys_in(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names a bank of BANKS, in any of its languages: (start, end, key)."""
    return _keys_in(text, "bank")


def vehicle_keys_in(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names a make or a model of VEHICLES, in any of its languages: (start, end, key)."""
    return _keys_in(text, "vehicle")


def _keys_in(text: str, table: str) -> list[tuple[int, int, str]]:
    spellings = _by_spelling(table)
    return [(m.start(), m.end(), spellings[_spelling(m.group(), table)]) for m in _pattern(table).finditer(text)]


@cache
def _by_spelling(table: str) -> dict[str, str]:
    return {
        spelling.lower(): f"{table}:{thing}" for thing, spellings in _TABLES[table].items() for spelling in spellings
    }


def _spelling(found: str, table: str) -> str:
    """The table's spelling of a match: a Russian stem matched with its ending (антрацита → антрацит)."""
    lowered = found.lower()
    spellings = _by_spelling(table)
    return lowered if lowered in spellings else next(s for s in spellings if lowered.startswith(s))


@cache
def _pattern(table: str) -> re.Pattern[str]:
    """Latin words whole; Hangul and Cyrillic before a particle or an ending; Chinese anywhere (no spaces)."""
    spellings = sorted(_by_spelling(table), key=len, reverse=True)
    latin = [re.escape(s) for s in spellings if s.isascii()]
    hangul = [re.escape(s) for s in spellings if re.match(r"[가-힣]", s) and len(s) >= 2]
    cyrillic = [re.escape(s) for s in spellings if re.match(r"[а-яё]", s)]
    han = [re.escape(s) for s in spellings if re.match(r"[\u4e00-\u9fff]", s)]
    return re.compile(
        rf"\b(?:{'|'.join(latin)})\b"
        rf"|(?<![가-힣])(?:{'|'.join(hangul)})(?=$|[^가-힣]|[가-힣](?![가-힣])|(?:에서|으로|이다|이며)(?![가-힣]))"
        rf"|\b(?:{'|'.join(cyrillic)})[а-яё]{{0,3}}\b"
        rf"|(?:{'|'.join(han)})",
        re.IGNORECASE,
    )
