"""Goods, illnesses and clothing by what they are: one thing two sources wrote in two languages is held by both.
Banks the same way, but a bank one source named is a detail in any language."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.goods import BANKS, GOODS, bank_keys_in, goods_key, goods_keys_in
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize(
    "text",
    ["배에 무연탄을 실었다.", "they loaded anthracite at night", "装的是无烟煤。", "грузили антрацит ночью"],
)
def test_a_thing_is_one_key_in_every_language(text: str) -> None:
    assert [key for _, _, key in goods_keys_in(text)] == ["g:anthracite"]


@pytest.mark.parametrize("text", ["아연정광 1만 톤", "zinc concentrate cargoes", "锌精矿的货断了"])
def test_an_ore_concentrate_is_one_thing_not_its_metal(text: str) -> None:
    assert [key for _, _, key in goods_keys_in(text)] == ["g:zinc-concentrate"]


@pytest.mark.parametrize("text", ["고려 시대의 동상", "Корея и Китай", "a coalition government", "煤气很贵"])
def test_words_that_only_contain_a_spelling_name_no_thing(text: str) -> None:
    assert goods_keys_in(text) == []


def test_every_spelling_names_one_thing_only() -> None:
    spellings = [s.lower() for row in GOODS.values() for s in row]
    assert len(spellings) == len(set(spellings))
    assert goods_key("Paratyphoid") == "g:paratyphoid"


def test_a_thing_two_sources_wrote_in_two_languages_points_at_neither() -> None:
    checker = ExposureChecker(Korean())
    sailor = material("sailor", "We carried paratyphoid vaccine for the crew.")
    broker = material("broker", "船上有人得了副伤寒。")
    draft = "A crewman fell ill with paratyphoid.\n"
    assert [] == details_flagged(checker, draft, [sailor, broker])
    assert [("paratyphoid", ("sailor",))] == details_flagged(checker, draft, [sailor, material("broker", "没有。")])


@pytest.mark.parametrize(
    "text",
    ["货款打到农业银行的账户。", "돈은 중국 농업은행 계좌로 간다.", "paid into an Agricultural Bank of China account"],
)
def test_a_bank_is_one_key_in_every_language(text: str) -> None:
    assert [key for _, _, key in bank_keys_in(text)] == ["bank:abc"]


def test_a_bank_one_source_named_points_at_it_in_any_language_and_one_two_named_at_neither() -> None:
    checker = ExposureChecker(Korean())
    dealer = material("dealer", "货款打到中国建设银行，户名是我表弟。")
    driver = material("driver", "돈은 현금으로 받습니다.")
    draft = "The money went into a China Construction Bank account.\n"
    assert [("China Construction Bank", ("dealer",))] == details_flagged(checker, draft, [dealer, driver])
    also = material("driver", "돈은 건설은행으로 보냅니다.")
    assert [] == details_flagged(checker, draft, [dealer, also])
    spellings = [s.lower() for row in BANKS.values() for s in row]
    assert len(spellings) == len(set(spellings))


def test_a_piece_of_a_thing_the_tagger_cut_off_is_no_name() -> None:
    # 손전화 is cut 손전 + 화: the piece is no one's name; the phones are a thing of the table.
    checker = ExposureChecker(Korean())
    smuggler = material("smuggler", "요즘 중국 손전화 밀수가 늘었습니다.")
    dealer = material("dealer", "手机每台一千九百元。")
    assert [] == details_flagged(checker, "중국 손전화 밀수가 혜산 장마당의 돈줄이다.\n", [smuggler, dealer])


def test_an_ore_two_sources_named_in_two_languages_points_at_neither() -> None:
    checker = ExposureChecker(Korean())
    buyer = material("buyer", "我们从北边买菱镁矿，每吨一百二十美元。")
    miner = material("miner", "우리 광산은 마그네사이트를 캡니다.")
    assert [] == details_flagged(checker, "The ore, magnesite, leaves by train.\n", [buyer, miner])


def test_a_medicine_named_by_meaning_and_by_sound_is_one_thing() -> None:
    """头孢 is cephalo- by meaning, 曲松 -triaxone by sound: no spelling joins 头孢曲松 to 세프트리악손."""
    sources = [
        material("reed-vole", "중국산 세프트리악손을 한 대에 3만 원씩 주고 샀습니다."),
        material("pine-stoat", "走私商从我这里买走了头孢曲松。"),
    ]
    assert [] == details_flagged(ExposureChecker(Korean()), "시장에서 头孢曲松(세프트리악손)이 팔렸다.\n", sources)


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        (
            "Каждую пятницу приезжает чёрная Тойота Ленд Крузер.",
            "검은색 도요타 랜드크루저를 탄 보위원이 온다.\n",
            "도요타",
        ),
        ("관리자는 흰색 현대 솔라리스를 몰고 다닙니다.", "The manager drives a white Hyundai Solaris.\n", "Solaris"),
        ("Рабочих возят на ПАЗике.", "The workers ride a PAZ bus.\n", "PAZ"),
    ],
)
def test_a_vehicle_one_source_named_is_its_detail_in_any_language(written: str, draft: str, span: str) -> None:
    checker = ExposureChecker(Korean())
    assert (span, ("reed-vole",)) in details_of_one_source(checker, written, draft)


def test_a_vehicle_two_sources_named_in_two_languages_points_at_neither() -> None:
    checker = ExposureChecker(Korean())
    sources = [material("reed-vole", "The truck was a Dongfeng."), material("pine-stoat", "那辆车是东风卡车。")]
    assert [] == details_flagged(checker, "The Dongfeng overturned near the market.\n", sources)


def test_modern_is_no_hyundai() -> None:
    """현대 alone is the word "modern": only a model or 현대차 names the make."""
    checker = ExposureChecker(Korean())
    assert [] == details_of_one_source(checker, "The boss drives a Hyundai.", "현대 사회의 문제다.\n")
