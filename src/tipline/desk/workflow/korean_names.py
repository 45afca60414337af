"""Korean names of people and neighbourhoods, read by pattern where the tokeniser splits them.

A person: after a title or job (지배인 한명철, 보위원 리광혁) or before an honorific (김옥화 동무), starting
with a surname; in Hanja, three characters starting with a Korean surname (朴顺男). A neighbourhood or
village: after its city or county, as an address is written (혜산시 연봉동, 회령군 유선리).
"""

from __future__ import annotations

import re
from functools import cache

from tipline.desk.workflow.gazetteer import place_by_name, trie_pattern
from tipline.desk.workflow.normalise import hanja_reading, southern
from tipline.desk.workflow.text import HANGUL
from tipline.desk.workflow.transcription import TITLES


@cache
def neighbourhood_pattern() -> re.Pattern[str]:
    """A neighbourhood or village after its city, county or district, as an address is written: 혜산시
    연봉동, 신의주 본부동, 회령군 유선리, 포항구역 남강동. It is finer than any place an attribution may name,
    and the tokeniser often splits it (연 + 봉동), so it is read by this pattern and not as a noun."""
    places = trie_pattern(n for n in place_by_name() if HANGUL.search(n))
    return re.compile(
        rf"(?:[가-힣]+(?:시|군|구역)|{places})\s+(?P<n>[가-힣]{{1,3}}(?:동|리|구역))"
        r"(?=$|[^가-힣]|에|의|에서|은|는|이|가|과|와|도|로|으로|장마당|시장)"
    )


# A person's name as Korean writes it: after a title or job (지배인 한명철, 보위원 리광혁, 관리원 박순남) or
# before an honorific (김옥화 동무, 한명철 동지, 김옥화 씨), starting with a surname. The tokeniser often
# splits such a name (한 + 명철: "one 명철"), so it is read by this pattern first.
HANGUL_SURNAMES = (
    "김이리박최정강조윤장임림한오서신권황안송류유홍전고문양량손배백허노로남심하곽성차주우구민진지엄채원천방공현함"
    "변염렴여려추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌종계"
)
KOREAN_TITLES = (
    "지배인|관리원|보위원|보위지도원|안전원|사회안전원|보안원|지도원|작업반장|반장|공장장|당비서|비서|책임자|기사장|"
    "사장|소장|부장|과장|대표|중대장|소대장|군관|동무|통역원|관리인|관리위원장|부위원장|위원장|분조장|선장|기관장|"
    "사관장|경리|회장|이사|실장|팀장|원장|교장|단장|처장|대대장|련대장|연대장|분대장|직장장|갱장|공장장|당비서|조장"
)
# A title before a name, or an honorific or a rank after it (which may take its own particle): 김은향
# 동무는, 한명철 동지가, 박철웅 중좌인데.
_HONORIFIC = (
    r"\s?(?:동지|동무|씨|중좌|대좌|상좌|소좌|중위|대위|상위|소위|중사|상사|하사|대장|중장|상장|소장)"
    r"(?:[은는이가을를의도와과]|에게|께서|인데|이다|입니다)?(?![가-힣])"
)
_NAME_ENDINGS = "이|가|은|는|을|를|의|에게|과|와|도|한테|인데|이다|이었다|이며|이고|이자|이라는|으로"
_PARTICLE_AFTER_NAME = rf"(?:{_HONORIFIC}|(?:{_NAME_ENDINGS})?(?![가-힣]))"
KOREAN_NAMES = (
    re.compile(rf"(?:{KOREAN_TITLES})\s(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}}){_PARTICLE_AFTER_NAME}"),
    re.compile(rf"(?<![가-힣])(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}})(?={_HONORIFIC})"),
)
# A private person's name, however famous a namesake (이광수 the novelist): 리광수(37)씨, 김영애(52세), the
# age a story gives its person; 그 사람 이름은 리광수, whose name a source gives.
# So is a name after a trade or a relation (노동자 리정훈은, 동기 박은정): an ordinary person, whoever a
# famous namesake is.
PRIVATE_ROLES = (
    "노동자|광부|상인|장사꾼|농장원|농민|운전수|운전기사|기사|선원|어부|요리사|미장공|용접공|목수|간호사|교원|교사|"
    "학생|주민|탈북민|탈북자|동료|동기|친구|남편|아내|어머니|아버지|아들|딸|형|누나|언니|오빠|동생|조카|사촌|이웃"
)
PRIVATE_NAMES = (
    re.compile(rf"(?<![가-힣])(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}})(?=\(\d{{1,2}}(?:세|살)?\))"),
    re.compile(rf"(?<![가-힣])(?:{PRIVATE_ROLES})\s(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}}){_PARTICLE_AFTER_NAME}"),
    re.compile(rf"이름(?:은|이)\s(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}}){_PARTICLE_AFTER_NAME}"),
)
# In a source's material, a word of a surname and two syllables that no dictionary holds, wherever it
# stands (동기 박은정도, 사는 리순덕입니다, 그 동무는 로은희,): a person it names. Material only, and held by its
# rarity: it gives the name's keys, so that a draft's "Pak Un-jong" meets it.
LOOSE_NAME = re.compile(
    rf"(?<![가-힣])(?P<name>[{HANGUL_SURNAMES}][가-힣]{{2}})"
    r"(?=(?:입니다|이다|이었|이고|이며|이라는|이라고|이에요|예요|인데|라는|라고|도|는|은|가|이|를|을|와|과|의|에게|한테|씨)?"
    r"(?:[\s,.!?)\]]|$))"
)
# The commonest Korean surnames (Statistics Korea, 2015 census: the first 60, about 97% of people), in
# traditional and simplified characters.
KOREAN_SURNAMES = frozenset(
    "金李朴崔鄭郑姜趙赵尹張张林韓韩吳吴徐申權权黃黄安宋柳洪全高文梁孫孙裵裴白許许劉刘南沈盧卢丁河郭成車车朱禹具"
    "辛任羅罗田閔闵兪俞陳陈池嚴严蔡元千方孔康玄咸卞廉楊杨邊边呂吕秋魯鲁都蘇苏慎石宣薛馬马吉周延表明王房潘琴玉孟"
    "諸诸卓秦太睦桂"
)
# The surname 金 is read 김 (the word 金, gold, is 금; the reading table gives only 금): 金玉花 = 김옥화.
SURNAME_READINGS = {"金": "김"}


def surname_reading(char: str) -> str:
    """A surname character as Korean reads it: 金 → 김 (not the word's 금), 朴 → 박."""
    return SURNAME_READINGS.get(char, hanja_reading(char))


def hanja_name_readings(han: str) -> set[str]:
    """The Hangul readings of Hanja: the word's, and a surname's when it starts with one read apart."""
    readings = {southern(hanja_reading(han))}
    if han[:1] in SURNAME_READINGS and len(han) >= 2:
        readings.add(SURNAME_READINGS[han[0]] + southern(hanja_reading(han))[1:])
    return readings


# Korean surnames as English-language writing spells them (Statistics Korea's commonest, in the spellings
# passports and newspapers use), to know "Daniel Park" or "Grace Lee" as a person.
KOREAN_SURNAMES_LATIN = frozenset(
    [
        "kim", "lee", "yi", "park", "pak", "choi", "choe", "jung", "jeong", "chung", "kang", "cho", "jo", "yoon",
        "yun", "jang", "chang", "lim", "im", "han", "shin", "seo", "kwon", "hwang", "ahn", "song", "ryu", "yoo",
        "hong", "jeon", "jun", "ko", "moon", "mun", "yang", "son", "bae", "baek", "paik", "huh", "nam", "noh", "roh",
        "ha", "kwak", "sung", "cha", "joo", "ri", "rim", "jon", "chon", "pae", "paek", "kye"
    ]
)  # fmt: skip
_NOT_GIVEN_NAMES = frozenset({"north", "south", "central", "national", "city", "the", "old", "new", "great"})


def korean_person(words: list[str]) -> bool:
    """A given name and a Korean surname in Latin letters (Daniel Park, Grace Lee): a person, though each
    word alone is ordinary. An alias is a name too."""
    if len(words) != 2 or not all(w[:1].isupper() and w.isalpha() and w.isascii() for w in words):
        return False
    return words[1].lower() in KOREAN_SURNAMES_LATIN and words[0].lower() not in _NOT_GIVEN_NAMES | TITLES
