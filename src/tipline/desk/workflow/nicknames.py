"""A person named by a surname and a word of address: 老金 = 라오진 = Lao Jin, "Old Kim", "Mr. Jang", 장씨.

Workers name a boss, a broker or a guard so ("we call him 老金"): no given name, yet a name only the
people around him use, and so a detail of whoever reports it. Each script writes the surname its own way;
an address key (``a:``) joins them: ``a:r:<romanisation skeleton>`` of the surname as Korean reads it (金 =
김 = Kim: kim, 張 = 장 = Jang = Chang: cang) and ``a:y:<pinyin>`` as Mandarin says it (老金 = 라오진 = Lao Jin:
jin). The word of address itself is not in the key: "Old Kim" is the 老金 a Chinese source wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pypinyin import Style, lazy_pinyin

from tipline.desk.workflow.korean_names import HANGUL_SURNAMES, surname_reading
from tipline.desk.workflow.loanwords import kontsevich_latin
from tipline.desk.workflow.normalise import hangul_skeleton, latin_skeleton
from tipline.desk.workflow.rarity import RARE_ZIPF, chinese_words, korean_zipf
from tipline.desk.workflow.transcription import CHINESE_SURNAMES, syllables

# 老 old, 小 young, 阿 (a familiar prefix) before one of the commonest surnames, as a word of its own where
# the Chinese is cut into words (rarity.chinese_words): 老王 in 在老王手里, not 小金 in 小金库 ("slush fund")
# nor 阿莫 in 阿莫西林. Korean news writes them by their sound, 라오 and 샤오.
_HAN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕丁任姚卢沈钟姜"
    "崔谭廖范汪金贾夏付方邹熊孟秦邱侯江尹薛段雷龙陶顾毛郝龚邵戴严莫孔常温康洪張劉陳楊黃趙吳孫馬鄭謝韓馮鄧蕭葉"
    "蘇呂盧鍾譚嚴朴"
)  # not 钱 or 白: 小钱 is "a little money", 小白 "a novice"
_HAN = re.compile(rf"[老小阿][{_HAN_SURNAMES}]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MANDARIN_HANGUL = re.compile(r"(?<![가-힣])(?:라오|샤오)(?P<surname>[가-힣])(?![가-힣]{2})")
_LATIN = re.compile(
    r"\b(?:Old|Young|Little|Uncle|Auntie|Aunt|Granny|Grandpa|Mr|Mrs|Ms|Miss|Mister|Madam|Comrade|Lao|Xiao|"
    r"Col|Colonel|Lt|Major|Maj|Capt|Captain|Sgt|Sergeant|Boss|Fatty|Big Mouth|Skinny|Pockmark|Four-Eyes)\.?"
    r"\s+(?P<surname>[A-Z][a-z]{1,6})\b(?!\s+[A-Z]|-)"  # not "Mr. Kim Chol": a full name is read as a name
)
# A Korean surname after a Russian title, as Kontsevich writes it (директор Хан, товарищ Пак).
_CYRILLIC = re.compile(
    r"\b(?:[Дд]иректор|[Гг]осподин|[Тт]оварищ|[Нн]ачальник|[Бб]ригадир|[Мм]астер|[Кк]апитан)а?\s+"
    r"(?P<surname>[А-ЯЁ][а-яё]{1,4})\b(?!\s+[А-ЯЁ])"
)
# A surname alone before a word of address (장씨, 김 선생, 박 영감, 왕서방): the given name left out.
_HANGUL = re.compile(
    rf"(?<![가-힣])(?P<surname>[{HANGUL_SURNAMES}])(?P<space>\s?)(?:씨|선생님|선생|영감|아저씨|아바이|아주머니|아매|동무|중좌|대좌|상좌|소좌|중위|대위|상위|소위|"
    r"사장님|사장|부장|반장|과장|서방)"
    r"(?=$|[^가-힣]|[이가은는을를의께에])"
)
# A surname before a word of address or a nickname in Chinese (王老板, 赵胖子 "Fatty Zhao"): the boss or the fat
# one only the people around him call so.
_HAN_BEFORE = re.compile(rf"(?P<surname>[{_HAN_SURNAMES}])(?:老板|老闆|经理|經理|师傅|師傅|胖子|大嘴|麻子|瘦子|四眼)")


# The commonest Korean surnames as Russian writes them, by Kontsevich and as Koryo-saram families spell
# theirs (Цой = 최, Тен = 정, Югай = 유): a bare Ким or Цой in Russian material.
CYRILLIC_SURNAME_HANGUL = {
    "Ким": "김", "Ли": "리", "Пак": "박", "Цой": "최", "Чхве": "최", "Тен": "정", "Чон": "정", "Кан": "강",
    "Чо": "조", "Юн": "윤", "Чан": "장", "Лим": "림", "Рим": "림", "Хан": "한", "Сон": "송", "Хо": "허",
    "Ко": "고", "Когай": "고", "Нам": "남", "Мун": "문", "Ян": "양", "Квон": "권", "Хван": "황", "Ан": "안",
    "Хон": "홍", "Рю": "류", "Югай": "유", "Пэк": "백", "Ро": "로", "О": "오", "Со": "서", "Син": "신",
    "Шин": "신", "Тхак": "탁", "Пён": "변", "Ча": "차", "Чха": "차",
}  # fmt: skip
CYRILLIC_SURNAMES = frozenset(CYRILLIC_SURNAME_HANGUL)
# The same surnames as Koryo-saram families write them in Latin letters (Tsoi = Цой = 최, Ten = 정).
KORYO_LATIN = {"tsoi": "Цой", "tsoy": "Цой", "ten": "Тен", "tkhak": "Тхак", "yugai": "Югай", "kogai": "Когай"}


def koryo_surname_key(word: str) -> str:
    """Tsoi → a:r:cwe: a Koryo-saram surname in Latin letters, held as the Korean surname it is; or ""."""
    cyrillic = KORYO_LATIN.get(word.lower())
    return cyrillic_surname_key(cyrillic) if cyrillic else ""


def cyrillic_surname_key(word: str) -> str:
    """Ким → a:r:kim, Цой → a:r:cwe: the address key of a Korean surname written in Russian."""
    return f"a:r:{hangul_skeleton(CYRILLIC_SURNAME_HANGUL[word])}"


# Korean surnames as romanisation skeletons (김 = Kim = kim): the first word of a romanised name that is one.
SURNAME_SKELETONS = frozenset(hangul_skeleton(surname) for surname in HANGUL_SURNAMES)


@cache
def _han_of_pinyin() -> dict[str, str]:
    """The commonest surname character of each pinyin syllable (zhang → 张)."""
    table: dict[str, str] = {}
    for char in _HAN_SURNAMES:
        table.setdefault(lazy_pinyin(char, style=Style.NORMAL)[0], char)
    return table


@cache
def _pinyin_of_hangul() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for pinyin, hangul in syllables().items():
        table.setdefault(hangul, set()).add(pinyin)
    return {hangul: frozenset(pinyins) for hangul, pinyins in table.items()}


def _keys_of_han(char: str) -> list[str]:
    return [
        f"a:r:{hangul_skeleton(surname_reading(char))}",
        *(f"a:y:{p}" for p in lazy_pinyin(char, style=Style.NORMAL)),
    ]


def addressed(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each surname with its word of address in ``text``: start, end and its address keys."""
    for run in _HAN_RUN.finditer(text):
        start = run.start()
        words = chinese_words(run.group())
        for word, following in zip(words, [*words[1:], ""], strict=True):
            # 老金 a word of the list, or 老 + 朴 two the list does not join
            if _HAN.fullmatch(word) or _HAN.fullmatch(word + following):
                yield start, start + 2, _keys_of_han((word + following)[1])
            start += len(word)
    for match in _MANDARIN_HANGUL.finditer(text):
        pinyins = _pinyin_of_hangul().get(match.group("surname"), frozenset())
        keys = [f"a:y:{p}" for p in sorted(pinyins) if p in CHINESE_SURNAMES]
        if keys:
            yield match.start(), match.end(), keys
    for match in _LATIN.finditer(text):
        surname = match.group("surname")
        keys = [f"a:r:{latin_skeleton(surname)}"]
        if surname.lower() in CHINESE_SURNAMES:  # Mr. Zhang = 张 = 장
            keys.append(f"a:y:{surname.lower()}")
            han = _han_of_pinyin().get(surname.lower())
            keys += _keys_of_han(han) if han else []
        yield match.start(), match.end(), keys
    for match in _CYRILLIC.finditer(text):
        surname = match.group("surname")
        key = cyrillic_surname_key(surname) if surname in CYRILLIC_SURNAMES else ""
        yield match.start(), match.end(), [key or f"a:r:{latin_skeleton(kontsevich_latin(surname))}"]
    for match in _HANGUL.finditer(text):
        if match.group("surname") == "이" and match.group("space"):
            continue  # 이 아저씨, 이 동무: "this man", not Mr. Yi
        if not match.group("space") and korean_zipf(match.group()) >= RARE_ZIPF:
            continue  # 공사장 (a building site), 이사장 (a chairman): a word, not Boss Kong
        yield match.start(), match.end(), [f"a:r:{hangul_skeleton(match.group('surname'))}"]
    for match in _HAN_BEFORE.finditer(text):
        yield match.start(), match.end(), _keys_of_han(match.group("surname"))


# "Surnamed Jang", 姓张, 성이 장: a surname given alone, which its writer holds as a Mr. Jang (^: held, never
# flagged by itself).
_SURNAMED = re.compile(
    rf"\bsurnamed\s+(?P<en>[A-Z][a-z]{{1,6}})\b|姓(?P<zh>[{_HAN_SURNAMES}])|성이\s?(?P<ko>[{HANGUL_SURNAMES}])(?:씨|가)"
)


def surnamed(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each surname given alone ("a minder surnamed Jang", 姓张): start, end and its held address keys."""
    for match in _SURNAMED.finditer(text):
        if match.group("en"):
            koryo = koryo_surname_key(match.group("en"))
            keys = ["^" + koryo if koryo else f"^a:r:{latin_skeleton(match.group('en'))}"]
        elif match.group("zh"):
            keys = ["^" + key for key in _keys_of_han(match.group("zh"))]
        else:
            keys = [f"^a:r:{hangul_skeleton(match.group('ko'))}"]
        yield match.start(), match.end(), keys
