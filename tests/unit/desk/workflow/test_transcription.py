"""Chinese names in Hangul by their Mandarin sound, checked against the spellings Korean news uses.

The expected spellings are the ones Yonhap and the National Institute of the Korean Language's
외래어 표기 용례 give for these places and people (not derived from our table), so a wrong table row fails.
"""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean
from tipline.desk.workflow.transcription import chinese_person, hangul_of_han, hangul_of_latin, parse_pinyin

PRESS_SPELLINGS = {
    "龙口": "룽커우", "烟台": "옌타이", "沈阳": "선양", "丹东": "단둥", "大连": "다롄",
    "青岛": "칭다오", "延吉": "옌지", "珲春": "훈춘", "长白": "창바이", "图们": "투먼",
    "北京": "베이징", "上海": "상하이", "广州": "광저우", "深圳": "선전", "哈尔滨": "하얼빈",
    "长春": "창춘", "天津": "톈진", "重庆": "충칭", "西安": "시안", "厦门": "샤먼",
    "山东": "산둥", "辽宁": "랴오닝", "黑龙江": "헤이룽장", "习近平": "시진핑", "毛泽东": "마오쩌둥",
    "邓小平": "덩샤오핑", "胡锦涛": "후진타오", "李克强": "리커창", "王毅": "왕이", "内蒙古": "네이멍구",
    "贵州": "구이저우", "乌鲁木齐": "우루무치", "温家宝": "원자바오", "江泽民": "장쩌민", "刘晓波": "류샤오보",
    "绥芬河": "쑤이펀허", "泉州": "취안저우", "雄安": "슝안", "徐州": "쉬저우", "吉林": "지린",
}  # fmt: skip


@pytest.mark.parametrize(("han", "hangul"), PRESS_SPELLINGS.items())
def test_chinese_names_come_out_as_the_korean_press_writes_them(han: str, hangul: str) -> None:
    assert hangul in hangul_of_han(han)


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [("Longkou", "룽커우"), ("Yantai", "옌타이"), ("Shenyang", "선양"), ("Xi'an", "시안"), ("Dandong", "단둥")],
)
def test_a_pinyin_name_in_latin_letters_comes_out_the_same(latin: str, hangul: str) -> None:
    assert hangul_of_latin(latin) == hangul


@pytest.mark.parametrize("word", ["Kevin", "Sinwon", "Taehung", "Nampo", "Trading", "Company"])
def test_words_pinyin_cannot_spell_are_no_chinese_name(word: str) -> None:
    assert parse_pinyin(word) is None or len(parse_pinyin(word) or []) < 2
    assert hangul_of_latin(word) is None


def test_a_syllable_never_starts_with_a_vowel_inside_a_word() -> None:
    assert parse_pinyin("Yantai") == ["yan", "tai"]
    assert parse_pinyin("Xi'an") == ["xi", "an"]


def test_a_place_two_sources_wrote_in_hangul_and_in_chinese_points_at_neither() -> None:
    sources = [
        material("dock-worker", "배는 중국 룽커우로 간다고 들었습니다. 담배는 새벽에 싣습니다."),
        material("ship-agent", "我在山东龙口港做船务代理。收货的是烟台一家公司。"),
    ]
    checker = ExposureChecker(Korean())
    assert [] == details_flagged(checker, "화물선은 룽커우로 향했다.\n", sources)
    assert [] == details_flagged(checker, "The ship sailed for Longkou.\n", sources)
    # The city only the agent named, in the Hangul the press writes it, points at the agent.
    assert [("옌타이", ("ship-agent",))] == details_flagged(checker, "물건은 옌타이의 한 회사가 받았다.\n", sources)


@pytest.mark.parametrize(
    ("words", "person"),
    [
        (["Kevin", "Zhao"], True),
        (["Sun", "Lijun"], True),
        (["President", "Xi"], False),  # a title and a surname: a public figure
        (["North", "Korea"], False),
        (["Bright", "Harbor"], False),
        (["Liu", "Zhiqiang", "Co"], False),
    ],
)
def test_a_chinese_persons_name_in_latin_letters(words: list[str], person: bool) -> None:
    assert chinese_person(words) is person
