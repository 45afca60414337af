"""A person named by a surname and a word of address (老王, 샤오리, "Old Pak", "Mrs. Choe", 최씨), in any script."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.korean_names import korean_person
from tipline.desk.workflow.nicknames import addressed
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("仓库的钥匙在老王手里。", "a:y:wang"),
        ("창고 열쇠는 라오왕이 갖고 있다.", "a:y:wang"),
        ("The warehouse keys are with Lao Wang.", "a:y:wang"),
        ("仓库钥匙在老朴那里。", "a:r:pak"),
        ("The keys are with Old Pak, the night guard.", "a:r:pak"),
        ("열쇠는 박씨가 갖고 있다.", "a:r:pak"),
        ("Mrs. Choe keeps the ledger.", "a:r:cwe"),
        ("장부는 최 선생이 쓴다.", "a:r:cwe"),
    ],
)
def test_a_surname_with_its_word_of_address_has_one_key_in_every_script(text: str, key: str) -> None:
    [(start, end, keys)] = list(addressed(text))
    assert key in keys
    assert text[start:end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "이 아저씨는 매일 온다.",  # this man, not Mr. Yi
        "Mr. Kim Chol-min signed it.",  # a full name, read as a name
        "老板说明天再来。",  # 老板: the boss, no surname
        "The old man came back.",
    ],
)
def test_what_only_looks_like_a_surname_with_a_title_is_none(text: str) -> None:
    assert [] == list(addressed(text))


def test_a_nickname_one_source_uses_points_at_that_source_across_scripts(checker: ExposureChecker) -> None:
    dealer = material("dealer", "仓库的钥匙在老王手里，他每天晚上十点来。")
    driver = material("driver", "우리는 밤마다 창고에서 짐을 싣습니다.")
    assert [("라오왕", ("dealer",))] == details_flagged(
        checker, "창고 열쇠는 라오왕이 갖고 있다고 한다.\n", [dealer, driver]
    )
    assert [("Lao Wang", ("dealer",))] == details_flagged(checker, "The keys are kept by Lao Wang.\n", [dealer, driver])


def test_a_nickname_two_sources_use_points_at_neither(checker: ExposureChecker) -> None:
    sources = [material("dealer", "钥匙在老王手里。"), material("driver", "Old Wang has the keys to the shed.")]
    assert [] == details_flagged(checker, "창고 열쇠는 라오왕이 갖고 있다.\n", sources)


@pytest.mark.parametrize("text", ["他用小金库的钱。", "医生开了阿莫西林。", "给了他一点小钱。"])
def test_a_chinese_word_that_starts_like_a_nickname_is_none(text: str) -> None:
    assert [] == list(addressed(text))


def test_who_wrote_a_full_name_holds_its_mr_and_a_russian_title_is_one_too(checker: ExposureChecker) -> None:
    cook = material("cook", "Директор Пак забирает чаевые.")
    waitress = material("waitress", "지배인 박성철 동무가 팁을 다 가져갑니다.")
    draft = "Mr. Pak, the manager, takes the tips, two sources said.\n"
    assert [] == details_flagged(checker, draft, [cook, waitress])
    # A draft's full name is still the one source's: its surname key does not make it shared.
    assert [("박성철", ("waitress",))] == details_flagged(checker, "지배인 박성철이 팁을 가져간다.\n", [cook, waitress])


@pytest.mark.parametrize(
    ("words", "person"), [("Daniel Park", True), ("Grace Lee", True), ("Central Park", False), ("President Kim", False)]
)
def test_a_given_name_and_a_korean_surname_in_latin_letters_is_a_person(words: str, person: bool) -> None:
    assert korean_person(words.split()) is person


def test_a_bare_surname_in_russian_holds_its_mr(checker: ExposureChecker) -> None:
    sources = [material("driver", "Бригадир корейцев — Пак."), material("logger", "작업반장 박영수가 시킵니다.")]
    assert [] == details_flagged(checker, "The foreman, Mr Pak, gives the orders.\n", sources)


@pytest.mark.parametrize(
    ("text", "key"), [("기지는 박 중좌가 맡고 있다.", "a:r:pak"), ("It is run by Col. Pak.", "a:r:pak")]
)
def test_a_surname_with_a_rank_is_addressed_like_a_mr(text: str, key: str) -> None:
    [(_, _, keys)] = list(addressed(text))
    assert key in keys


def test_a_surname_given_alone_is_held_and_a_chinese_one_meets_its_korean_reading(checker: ExposureChecker) -> None:
    worker = material("worker", "관리원 장씨가 손전화를 걷어갔습니다.")
    foreman = material("foreman", "朝鲜的领队姓张，很凶。")
    assert [] == details_flagged(checker, "The minder, Mr. Zhang, took the phones.\n", [worker, foreman])
    assert [] == details_flagged(checker, "The minder, Jang, took the phones.\n", [worker, foreman])
    alone = [worker, material("foreman", "很凶。")]
    assert [("Jang", ("worker",))] == details_flagged(checker, "The minder, Jang, took the phones.\n", alone)


def test_a_koryo_saram_spelling_is_the_korean_surname(checker: ExposureChecker) -> None:
    # Цой is how Russian-speaking Koreans write 최 (Kontsevich would write Чхве).
    welder = material("welder", "Бригадир — Цой, он строгий.")
    cook = material("cook", "반장 최씨가 일을 시킵니다.")
    assert [] == details_flagged(checker, "The foreman, Mr. Choe, is strict.\n", [welder, cook])


def test_a_full_name_as_it_is_called_with_its_i_holds_the_name_and_its_mr() -> None:
    checker = ExposureChecker(Korean())
    worker = material("worker", "기름은 송림구역 한석철이가 넘겨 팝니다.")
    dealer = material("dealer", "接货的是姓韩的。")
    assert [] == details_flagged(checker, "연유는 한씨 성의 상인이 넘긴다.\n", [worker, dealer])
    flagged = details_flagged(checker, "The fuel is sold on by Han Sok-chol.\n", [worker, dealer])
    assert [("Han Sok-chol", ("worker",))] == flagged


def test_a_private_persons_name_is_a_detail_however_famous_a_namesake() -> None:
    # 이광수 is a famous novelist's name: given with an age, or as whose name it is, it is someone's own.
    checker = ExposureChecker(Korean())
    loader = material("loader", "다친 사람 이름은 리광수, 나이 41살입니다.")
    draft = "부두에서 일하던 리광수(41)씨가 다쳤다.\n"
    assert ("리광수", ("loader",)) in details_flagged(checker, draft, [loader, material("broker", "没有。")])


@pytest.mark.parametrize(
    ("written", "draft", "name"),
    [
        ("那边管事的是王老板，很凶。", "Boss Wang runs the yard.", "Boss Wang"),
        ("我姓刘，朝鲜人都叫我'刘胖子'。", "The buyer, Fatty Liu, paid in cash.", "Fatty Liu"),
        ("현장은 량 사장이 맡고 있습니다.", "돈은 양 사장이 챙긴다.", "양 사장"),  # 량 = 양, North and South
    ],
)
def test_a_boss_or_a_nickname_with_a_surname_is_an_address_in_every_script(
    checker: ExposureChecker, written: str, draft: str, name: str
) -> None:
    sources = [material("dealer", written), material("driver", "The yard is busy.")]
    assert [(name, ("dealer",))] == details_flagged(checker, draft + "\n", sources)


def test_a_rarer_surname_is_read_and_its_boss_found_in_english(checker: ExposureChecker) -> None:
    """계 (桂, Kye) is a surname too: 지배인 계명철 is a name, and '계 사장' the "Boss Kye" a draft writes."""
    sources = [
        material("dealer", "지배인 계명철은 사람들 사이에서 '계 사장'으로 통합니다."),
        material("driver", "The yard is busy."),
    ]
    assert ("Boss Kye", ("dealer",)) in details_flagged(checker, 'He is known as "Boss Kye."\n', sources)
    assert ["a:r:kim", "a:y:jin"] == next(keys for _, _, keys in addressed("大家都叫他金大嘴。"))


def test_a_surname_before_seobang_is_a_mister(checker: ExposureChecker) -> None:
    written = "신의주 쪽 연락책은 세관 앞에서 '왕서방'으로 불리는 화교입니다."
    found = details_of_one_source(checker, written, 'The contact was a man known as "Mr. Wang".\n')
    assert [("Mr. Wang", ("reed-vole",))] == found


def test_a_word_that_starts_with_a_surname_and_a_title_is_the_word() -> None:
    assert [] == list(addressed("샤르자의 이 공사장에는 노동자 25명이 일한다."))
    assert [] != list(addressed("공 사장은 돈을 받았다."))


def test_a_koryo_saram_surname_in_latin_letters_is_the_korean_one() -> None:
    """Tsoi is how a Koryo-saram family writes Цой, 최: one source's Tsoi and another's Choe are one boss."""
    checker = ExposureChecker(Korean())
    sources = [
        material("reed-vole", "Their passports are held by their boss, surnamed Tsoi."),
        material("pine-stoat", "Our passports were collected by the foreman Choe Kwang-nam."),
    ]
    draft = "A North Korean boss surnamed Tsoi — Choe in Korean spelling — holds the passports.\n"
    assert [] == [f for f in details_flagged(checker, draft, sources) if f[0] == "Tsoi"]
