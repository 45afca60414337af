"""What a source says its people call someone or something: found however the source marks it (…'로
통한다, 별명은 '…', 外号叫“…”, по прозвищу «…», called X, Y 'the …'), and found in a draft as written,
romanised, or by its meaning when the name is an ordinary word (terms.py)."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.terms import COINED
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("창고장은 마을에서 '두꺼비'로 통합니다.", "두꺼비"),
        ("그 간부는 '독사'로 불린다고 합니다.", "독사"),
        ("반장은 '쇠스랑'이라고 불립니다.", "쇠스랑"),
        ("보안원 별명은 '승냥이'입니다.", "승냥이"),
        ("大家都叫他外号叫“狼”。", "狼"),
        ("这个干部绰号“老虎”，谁都怕他。", "老虎"),
        ("Начальника склада все знают по прозвищу «Барсук».", "Барсук"),
        ("Dock hands call the customs officer in charge of the night shift, Ryu Song-il, 'the Toad'.", "the Toad"),
    ],
)
def test_a_name_given_is_found_however_the_source_marks_it(text: str, name: str) -> None:
    assert name in [m.group("name") for pattern in COINED for m in pattern.finditer(text)]


def test_a_name_made_of_an_ordinary_word_is_found_by_its_meaning_and_romanised(checker: ExposureChecker) -> None:
    sources = [
        material("quarry-heron", "그 보안원을 사람들은 '두꺼비'라고 부릅니다. 배급은 석 달째 없습니다."),
        material("lake-otter", "배급이 석 달째 끊겼다고 들었습니다."),
    ]
    for draft, spelling in (
        ("The security officer the villagers call the Toad runs the checkpoint.\n", "Toad"),
        ("주민들은 그 보안원을 두꺼비라고 부른다.\n", "두꺼비"),
        ("Locals know the officer as Tukkobi.\n", "Tukkobi"),
    ):
        assert [(spelling, ("quarry-heron",))] == details_flagged(checker, draft, sources), draft
    for clean in (
        "Rations have not come for three months.\n",
        "Families bear the cost of the missing rations.\n",  # an English word, not the name
        "마을에는 개구리 울음소리만 들린다. 배급은 석 달째 없다.\n",
    ):
        assert [] == details_flagged(checker, clean, sources), clean


def test_a_nickname_given_in_russian_is_the_english_drafts_name(checker: ExposureChecker) -> None:
    sources = [
        material("birch-lynx", "Бригадира у нас зовут «Кувалда», он бьёт рабочих.", translation=False),
        material("moor-finch", "На стройке сорок рабочих."),
    ]
    found = details_flagged(checker, "Workers say the foreman they call the Sledgehammer beats them.\n", sources)
    # And the foreman is the position only birch-lynx wrote (бригадир): positions.py.
    assert [("foreman", ("birch-lynx",)), ("Sledgehammer", ("birch-lynx",))] == found


def test_a_nickname_two_sources_give_each_in_their_own_language_points_at_neither(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "우두머리는 림순옥이라는 여자인데 '까마귀'로 불립니다.", translation=False),
        material("reed-vole", "The boss is a woman called Rim Sun-ok, known as 'the Crow'.", translation=True),
        material("pine-stoat", "朝鲜那边带头的是个女人，外号'乌鸦'。", translation=False),
    ]
    for draft in (
        "The ring was run by a woman known as the Crow.\n",
        "조직을 이끈 여성은 '까마귀'로 통했다.\n",
        "带头的女人外号'乌鸦'。\n",
    ):
        assert [] == details_flagged(checker, draft, sources), draft
    # Her name is still reed-vole's alone.
    assert [("Rim Sun-ok", ("reed-vole",))] == details_flagged(checker, "Rim Sun-ok ran the ring.\n", sources)


@pytest.mark.parametrize(
    ("written", "draft", "name"),
    [
        (
            '경비대에 "늙은 매"라는 별명의 소대장이 있습니다.',
            "A platoon leader known as the Old Hawk takes the money.",
            "Old Hawk",
        ),
        ("Капитана экипаж зовёт «Дедом».", "The crew call the captain Grandad.", "Grandad"),
        ("朝鲜那边跟我对接的是朴英哲，外号'算盘'。", "His partner, known as the Abacus, counts every yuan.", "Abacus"),
        ("소달구지꾼은 별명이 '곰발'입니다.", "The carter they call Bear Paw was caught.", "Bear Paw"),
    ],
)
def test_a_nickname_of_more_words_or_another_language_is_found_by_its_meaning(
    checker: ExposureChecker, written: str, draft: str, name: str
) -> None:
    assert (name, ("reed-vole",)) in details_of_one_source(checker, written, draft)


def test_glasses_are_one_nickname_in_korean_and_chinese(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "그 브로커는 '안경잡이'로 불립니다.", translation=False),
        material("pine-stoat", "那个中间人外号叫'四眼'。", translation=False),
    ]
    for draft in ("The broker they call Four-Eyes takes a cut.\n", "브로커는 '안경쟁이'로 통한다.\n"):
        assert [] == details_flagged(checker, draft, sources), draft
    # One source's alone, it is that source's in either language.
    alone = [sources[0], material("pine-stoat", "那个中间人很忙。")]
    assert [("Four-Eyes", ("reed-vole",))] == details_flagged(checker, "They call him Four-Eyes.\n", alone)


def test_a_nickname_someone_was_called_in_the_past_is_found(checker: ExposureChecker) -> None:
    written = "운전수는 차를 워낙 빨리 몰아서 '번개'라고 불렸습니다."
    assert [("번개", ("reed-vole",))] == details_of_one_source(checker, written, "그는 '번개'로 불렸다고 한다.\n")


def test_a_title_two_sources_give_as_a_nickname_points_at_neither(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "조장은 조원들 사이에서 '교수'로 통했습니다."),
        material("pine-stoat", "Their boss, whom they called 'the Professor', kept the passports."),
    ]
    assert [] == details_flagged(checker, "조장의 별명은 '교수'였다.\n", sources)


def test_a_nickname_two_sources_give_in_korean_and_english_points_at_neither(checker: ExposureChecker) -> None:
    sources = [
        material("reed-vole", "동료들은 남편을 '꼬챙이'라고 불렀습니다."),
        material("pine-stoat", "The welders called him 'Skewer' because he was so thin."),
    ]
    assert [] == details_flagged(checker, "Co-workers knew him as 꼬챙이, 'Skewer'.\n", sources)


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        ("中国商人外号叫'老狐狸'。", "중국 상인은 '늙은 여우'로 불린다.\n", "늙은 여우"),
        ("Бригадира все зовут «Генерал».", "작업반장은 '장군'으로 불린다.\n", "장군"),
        ("브로커는 '털보'라고 불립니다.", "The broker, known as the Beard, took a cut.\n", "Beard"),
        ("감독은 '안경'이라고 불립니다.", "The foreman, called Glasses, kept the passports.\n", "Glasses"),
    ],
)
def test_a_nickname_is_found_by_its_meaning_in_another_language(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    assert any(text.endswith(span) for text, _ in details_of_one_source(checker, written, draft))
