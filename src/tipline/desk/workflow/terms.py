"""Names only a source's circle uses: a brand in quotation marks ('금강' 상표) and what a source says its
people call something ('물건너기'라고 부릅니다, we call it "the night bell", 外号叫“熊”, по прозвищу «Медведь»).
However ordinary their words, they name one thing, and the draft that prints them points at whoever told
it: as written, romanised (Gom for 곰), or translated when the name is an ordinary word (the Bear).
"""

from __future__ import annotations

import re
from functools import cache

from tipline.desk.workflow.normalise import SKELETON_MIN, hangul_skeleton, latin_skeleton, southern
from tipline.desk.workflow.text import HANGUL

# A brand or trade name in quotation marks: '금강' 상표, the "Kumgang" brand. However ordinary the word (금강 is
# also a river and "diamond"), so marked it names one product.
BRAND = re.compile(
    r"['‘\"“「](?P<name>[^'’\"”」\n]{1,20})['’\"”」]\s?(?:상표|브랜드|상호|표|brand|label|trademark)",
    re.IGNORECASE,
)
# What a source says its people call something: '물건너기'라고 부릅니다, we call it "the night bell". A name
# only its circle uses, however ordinary its words: exposure.py looks for it in a draft as written.
COINED = (
    re.compile(
        r"['‘\"“「](?P<name>[^'’\"”」\n]{1,30})['’\"”」]\s?"
        r"(?:이?라고\s?(?:부르|부릅|부른|불러|불렀|불리|불립|불린|불려|불렸|합|한다|했)|이?라는"
        r"|으?로\s?(?:통하|통합|통한|통해|통했|불리|불린|불려|불립|불렸))"
    ),
    re.compile(r"별명(?:은|이|을|이자)?\s?['‘\"“「](?P<name>[^'’\"”」\n]{1,30})['’\"”」]"),
    re.compile(
        # The words between may name whom they call so: "call the section chief leading the crackdown, Kim
        # Chol-ung, 'the Bear'".
        r"\b(?:call|calls|called|calling|dub|dubbed|nickname|nicknamed|known\s+as)\s+(?:[\w'’.,-]+\s+){0,12}?"
        r"['‘\"“](?P<name>[^'’\"”\n]{1,30})['’\"”]",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:外号|绰号|外號|綽號|人称|人稱|叫他|叫她|叫做)\s?[叫是]?\s?[“\"'「『](?P<name>[^”\"'」』\n]{1,15})[”\"'」』]"
    ),
    re.compile(
        r"(?:прозвищ\w*|кличк\w*|прозвали|зовут|зовёт|зовет|зовём|зовем|звали|называют|называет|называли)\s+(?:[\w.,-]+\s+){0,8}?[«\"„“](?P<name>[^»\"“”\n]{1,30})[»\"“”]",
        re.IGNORECASE,
    ),
)
# What a name made of an ordinary word means, in Korean, English, Chinese and Russian (a Russian entry is a
# stem: медвед also matches Медведем): a source's '곰' is a draft's "the Bear". Ours, written for the
# nicknames North Korea reporting meets (officials called by animals and tools).
MEANINGS: dict[str, tuple[str, ...]] = {
    "bear": ("곰", "bear", "熊", "медвед"),
    "fox": ("여우", "fox", "狐狸", "лис"),
    "wolf": ("늑대", "승냥이", "wolf", "狼", "волк"),
    "tiger": ("호랑이", "범", "tiger", "老虎", "тигр"),
    "badger": ("오소리", "badger", "獾", "барсук"),
    "toad": ("두꺼비", "toad", "蟾蜍", "癞蛤蟆", "жаб"),
    "frog": ("개구리", "frog", "青蛙", "лягушк"),
    "grasshopper": ("메뚜기", "grasshopper", "locust", "蚂蚱", "蝗虫", "кузнечик", "саранч"),
    "snake": ("뱀", "독사", "snake", "viper", "蛇", "毒蛇", "змея", "змей", "гадюк"),
    "eagle": ("독수리", "eagle", "老鹰", "鹰", "орёл", "орел"),
    "hawk": ("매", "hawk", "falcon", "隼", "ястреб", "сокол"),
    "crow": ("까마귀", "crow", "raven", "乌鸦", "ворон"),
    "weasel": ("족제비", "weasel", "黄鼠狼", "хорёк", "хорек", "ласк"),
    "rat": ("쥐", "생쥐", "rat", "mouse", "老鼠", "крыс", "мыш"),
    "pig": ("돼지", "pig", "hog", "猪", "свинь", "кабан"),
    "bulldog": ("불독", "bulldog", "斗牛犬", "бульдог"),
    "hyena": ("하이에나", "hyena", "鬣狗", "гиен"),
    "mosquito": ("모기", "mosquito", "蚊子", "комар"),
    "leech": ("거머리", "leech", "蚂蟥", "水蛭", "пиявк"),
    "hammer": ("쇠망치", "망치", "sledgehammer", "hammer", "铁锤", "锤子", "кувалд", "молот"),
    "axe": ("도끼", "axe", "ax", "斧头", "топор"),
    "knife": ("칼", "knife", "刀", "нож"),
    "stone": ("돌", "바위", "stone", "rock", "石头", "камен"),
    "iron": ("무쇠", "iron", "铁", "желез"),
    "devil": ("악마", "마귀", "devil", "demon", "魔鬼", "дьявол", "черт", "чёрт"),
    "ghost": ("귀신", "유령", "ghost", "鬼", "призрак"),
    "butcher": ("백정", "도살자", "butcher", "屠夫", "мясник"),
    "sparrow": ("참새", "sparrow", "麻雀", "воробей", "воробь"),
    "abacus": ("주판", "abacus", "算盘", "счёты"),
    "fatty": ("뚱보", "뚱뚱이", "fatty", "胖子", "толстяк"),
    "grandad": ("grandad", "granddad", "grandpa", "老爷子", "дед"),  # not 할아버지: any grandfather
    "old hawk": ("늙은 매", "old hawk", "老鹰"),
    "bear paw": ("곰발", "곰발바닥", "bear paw", "熊掌", "медвежья лапа"),
    "pockmark": ("곰보", "pockmark", "pockmarks", "麻子", "рябой"),
    "raccoon": ("너구리", "raccoon", "racoon", "浣熊", "貉子", "енот"),
    "jackal": ("자칼", "승냥이", "jackal", "豺狼", "шакал"),
    "oil drum": ("드럼통", "기름통", "oil drum", "油桶", "бочк"),
    "blade": ("칼날", "blade", "刀刃", "лезви"),
    "owl": ("부엉이", "올빼미", "owl", "猫头鹰", "сова", "филин"),
    "magpie": ("까치", "magpie", "喜鹊", "сорока"),
    "mole": ("두더지", "mole", "鼹鼠", "крот"),
    "bull": ("황소", "bull", "ox", "公牛", "бык"),
    "baldy": ("대머리", "baldy", "baldie", "光头", "лысый"),
    "big sister": ("큰언니", "big sister", "大姐", "старшая сестра"),
    "four-eyes": ("안경쟁이", "안경잡이", "four-eyes", "four eyes", "四眼", "四眼仔", "очкарик"),
    "big mouth": ("큰입", "big mouth", "大嘴", "большеротый"),
    "lightning": ("번개", "lightning", "闪电", "молни"),
    "professor": ("교수", "professor", "教授", "профессор"),
    "doctor": ("박사", "doctor", "博士", "доктор"),
    "rocket": ("로케트", "로켓", "rocket", "火箭", "ракет"),
    "bulldozer": ("불도젤", "불도저", "bulldozer", "推土机", "бульдозер"),
    "skewer": ("꼬챙이", "skewer", "扦子", "签子", "шампур"),
    "old fox": ("늙은 여우", "old fox", "老狐狸", "старый лис"),
    "general": ("장군", "general", "将军", "генерал"),
    "beard": ("털보", "수염쟁이", "beard", "bearded one", "大胡子", "胡子", "бород"),
    "glasses": ("안경", "glasses", "specs", "眼镜", "очки", "очкарик"),
}  # fmt: skip
# (A word in two entries means both: 老鹰 is an eagle, and the "old hawk" a Korean source writes 늙은 매.)
# After a Korean spelling: a particle or the copula, or nothing Korean (곰이, 곰으로, 곰이다; never 곰팡이).
_KOREAN_AFTER = (
    r"(?=(?:은|는|이|가|을|를|의|도|만|로|으로|라고|이라고|라는|이라는|처럼|다|이다|이었|였|씨)?(?![가-힣]))"
)


def term_keys(term: str) -> list[str]:
    """The keys of a coined term: as written, romanised (물건너기 = mulgeonneogi) and, when it is an ordinary
    word of MEANINGS, by its meaning (``m:crow`` of '까마귀', 乌鸦 and "the Crow"): two sources who call the
    same woman so, each in their own language, both hold the name, and it points at neither."""
    term = term.strip()
    by_meaning = [f"m:{meaning}" for meaning in _meanings_of(term)]
    if HANGUL.search(term):
        skeleton = hangul_skeleton(term.replace(" ", ""))
        return [f"k:{southern(term)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else "", *by_meaning]
    skeleton = latin_skeleton(term.replace(" ", ""))
    keys = [f"w:{term.lower()}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else "", *by_meaning]
    bare = _without_article(term)  # 'the Bear' is the draft's Bear
    return keys + ([f"w:{bare.lower()}"] if bare != term else [])


@cache  # a case's terms, looked for in each of its drafts
def coined_spellings(term: str) -> tuple[re.Pattern[str], ...]:
    """Where a draft writes a coined ``term`` other than as written: by its meaning in each language when the
    term is an ordinary word of MEANINGS ('곰' → the Bear, 熊, Медведь), a Latin or Cyrillic word capitalised,
    as a name is (an English "bear" of ordinary prose is no one's nickname), a Chinese one of a single
    character in quotation marks. (Romanised, it is romanised_like's.)"""
    spellings = {s for meaning in _meanings_of(term) for s in MEANINGS[meaning] if s.lower() != term.lower()}
    patterns = []
    for spelling in sorted(spellings):
        if re.fullmatch(r"[가-힣 ]+", spelling):
            patterns.append(re.compile(rf"(?<![가-힣]){re.escape(spelling)}{_KOREAN_AFTER}"))
        elif re.fullmatch(r"[a-z -]+", spelling):  # capitalised as a name is, each word: Old Hawk, Four-Eyes
            parts = re.split(r"([ -])", spelling)  # words, and the space or hyphen between each two
            name = "".join(
                r"\s+" if part == " " else "-" if part == "-" else re.escape(part[0].upper() + part[1:])
                for part in parts
            )
            patterns.append(re.compile(rf"\b{name}s?\b"))
        elif re.fullmatch(r"[а-яё]+", spelling):
            patterns.append(re.compile(rf"\b{spelling[0].upper()}{re.escape(spelling[1:])}[а-яё]*"))
        elif len(spelling) == 1:
            patterns.append(re.compile(rf"(?<=[“\"'「『]){re.escape(spelling)}(?=[”\"'」』])"))
        else:
            patterns.append(re.compile(re.escape(spelling)))
    return tuple(patterns)


def romanised_like(term: str, word: str) -> bool:
    """Is the Latin ``word`` (capitalised, as a name) the Hangul ``term`` romanised: Gom = 곰, Mettugi = 메뚜기?"""
    return (
        bool(HANGUL.search(term))
        and word[:1].isupper()
        and latin_skeleton(word) == hangul_skeleton(term.replace(" ", ""))
    )


def _without_article(term: str) -> str:
    return re.sub(r"^the\s+", "", term.strip(), flags=re.IGNORECASE)


@cache  # a case's terms recur in every draft checked against it
def _meanings_of(term: str) -> tuple[str, ...]:
    written = _without_article(term).lower()
    return tuple(
        meaning
        for meaning, spellings in MEANINGS.items()
        if any(
            written == spelling or (_RUSSIAN_STEM.fullmatch(spelling) and written.startswith(spelling))
            for spelling in spellings
        )
    )


_RUSSIAN_STEM = re.compile(r"[а-яё]+")
