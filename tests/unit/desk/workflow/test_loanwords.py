"""Foreign names across Hangul, Latin and Cyrillic, and Korean names in Cyrillic (Kontsevich).

The pairs are the spellings Korean news and Russian and English usage give these places and names
(외래어 표기법 for the Hangul), not derived from our tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.exposure_report import QUOTE
from tipline.desk.workflow.loanwords import (
    cyrillic_latin,
    hangul_consonants,
    kontsevich_latin,
    latin_consonants,
    nasal,
)
from tipline.desk.workflow.normalise import hangul_skeleton, latin_skeleton
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize(
    ("hangul", "latin", "cyrillic"),
    [
        ("자루비노", "Zarubino", "Зарубино"),
        ("하바롭스크", "Khabarovsk", "Хабаровск"),
        ("블라디보스토크", "Vladivostok", "Владивосток"),
        ("나홋카", "Nakhodka", "Находка"),
        ("울란바토르", "Ulaanbaatar", "Улан-Батор"),
        ("바트볼드", "Batbold", "Батболд"),
    ],
)
def test_a_foreign_name_has_the_same_consonants_in_three_scripts(hangul: str, latin: str, cyrillic: str) -> None:
    assert hangul_consonants(hangul) == latin_consonants(latin) == latin_consonants(cyrillic_latin(cyrillic))


@pytest.mark.parametrize(
    ("cyrillic", "hangul"),
    [
        ("Рим Чхун Гиль", "림춘길"),
        ("Ким Чхоль Мин", "김철민"),
        ("Тхэ Ён Хо", "태영호"),
        ("Рёнсон", "룡성"),
        ("Синпхо", "신포"),
    ],
)
def test_a_korean_name_in_cyrillic_meets_its_hangul(cyrillic: str, hangul: str) -> None:
    assert nasal(latin_skeleton(kontsevich_latin(cyrillic))) == nasal(hangul_skeleton(hangul))


def test_a_place_only_the_russian_source_named_points_at_it_in_a_korean_draft() -> None:
    sources = [
        material("port-clerk", "Я работаю в порту Зарубино. Судно задержали в июле."),
        material("deckhand", "우리 배는 7월에 단속되였습니다."),
    ]
    found = details_flagged(ExposureChecker(Korean()), "배는 자루비노 항에서 억류됐다.\n", sources)
    assert [("자루비노", ("port-clerk",))] == found


def test_a_russian_quote_in_a_korean_draft_is_its_sources_words() -> None:
    sources = [
        material("port-clerk", "Моряки рассказывали мне, что их не кормили по три дня."),
        material("deckhand", "우리 배는 7월에 단속되였습니다."),
    ]
    draft = '러시아 소식통은 선원들이 "их не кормили по три дня"라고 전했다.\n'
    flags = ExposureChecker(Korean()).check_text(draft, Path("drafts/a.md"), sources).flags
    assert [("их не кормили по три дня", ("port-clerk",))] == [(f.text, f.sources) for f in flags if f.kind == QUOTE]


def test_a_foreign_name_in_hangul_meets_its_latin_and_cyrillic_runs_by_both_words_consonants() -> None:
    checker = ExposureChecker(Korean())
    other = material("other", "The port is busy.")
    for written in ("Foreman Vadim Sorokin told us to work.", "Бригадир Вадим Сорокин велел работать."):
        flagged = details_flagged(
            checker, "작업반장 바딤 소로킨이 일을 시켰다.\n", [material("welder", written), other]
        )
        assert {"welder"} == {source for _, sources in flagged for source in sources}, written
        assert "바딤" in {text for text, _ in flagged}


@pytest.mark.parametrize(
    ("sailor", "agent", "draft", "spellings"),
    [
        # Korean adds 유 (oil) and 호 (a ship), Russian its adjective ending; a long word ends differently.
        (
            "9월에 베리토호에 벤진유를 넘겼습니다. 선원들은 디프테리아에 걸렸습니다.",
            "В сентябре танкер «Верито» передал бензиновое топливо. Diphtheria spread on board.",
            "베리토호는 벤진유를 넘겼고 선원들은 디프테리아를 앓았다.\n",
            {"베리토호", "벤진유", "디프테리아"},
        ),
        # Korean writes an English name without its r after a vowel: Star = 스타, Silver = 실버.
        (
            "실버스타호가 밤에 디젤유를 옮겨 실었습니다.",
            "The client chartered the Silver Star for a transfer at sea.",
            "실버스타호는 공해상에서 화물을 옮겨 실었다.\n",
            {"실버스타호"},
        ),
    ],
)
def test_a_loanword_two_sources_wrote_in_two_languages_points_at_neither(
    sailor: str, agent: str, draft: str, spellings: set[str]
) -> None:
    checker = ExposureChecker(Korean())
    assert [] == details_flagged(checker, draft, [material("sailor", sailor), material("agent", agent)])
    alone = [material("sailor", sailor), material("agent", "В сентябре был шторм.")]
    assert spellings <= {text for text, _ in details_flagged(checker, draft, alone)}


def test_a_loose_key_never_joins_a_name_to_another_sources_word_through_its_spellings() -> None:
    checker = ExposureChecker(Korean())
    resident = material("resident", "나는 청진시 신암구역에 삽니다.", translation=False)
    translated = material("resident", "I live in Sinam district, Chongjin.", translation=True)
    trader = material("trader", "I sell in Sunam market.")
    flagged = details_flagged(checker, "병은 신암구역에서 퍼졌다.\n", [resident, translated, trader])
    assert [("신암구역", ("resident",))] == flagged


def test_a_loanword_the_tagger_cuts_is_read_whole_and_its_short_form_is_the_same_thing() -> None:
    checker = ExposureChecker(Korean())
    nurse = material("nurse", "아목시실린 한 알에 3천원입니다. 아목시 한 알도 없습니다.")
    trader = material("trader", "阿莫西林卖完了。")
    assert [] == details_flagged(checker, "아목시실린 값이 뛰었다. 아목시 한 알도 없다.\n", [nurse, trader])
    alone = [nurse, material("trader", "没有药。")]
    assert {"아목시실린", "아목시"} <= {
        text for text, _ in details_flagged(checker, "아목시실린 값이 뛰었다. 아목시도 없다.\n", alone)
    }


def test_a_phone_number_is_one_however_it_is_grouped() -> None:
    checker = ExposureChecker(Korean())
    driver = material("driver", "Мой телефон +7 924 555-12-34.")
    other = material("other", "Нет связи.")
    assert [("8-924-555-12-34", ("driver",))] == details_flagged(
        checker, "He gave 8-924-555-12-34 as his number.\n", [driver, other]
    )


def test_a_russian_brand_with_capitals_inside_is_one_name() -> None:
    checker = ExposureChecker(Korean())
    text = "Возим лес на БелАЗе."
    assert "БелАЗе" in [text[i.start : i.end] for i in checker.extractor.items(text)]


def test_a_foreign_name_before_the_copula_is_read_whole() -> None:
    checker = ExposureChecker(Korean())
    # 시메뉴크다: the tagger reads 크다, "big", in the name.
    driver = material("driver", "Директор фирмы — Павел Сименюк.")
    draft = "회사의 대표는 시메뉴크다.\n"
    flagged = details_flagged(checker, draft, [driver, material("guard", "Ничего.")])
    assert ("시메뉴크", ("driver",)) in flagged


def test_a_compound_one_source_spaced_is_the_compound_another_wrote_whole() -> None:
    checker = ExposureChecker(Korean())
    seller = material("seller", "나는 중국옷 매대를 봅니다. 단속이 심합니다.")
    trader = material("trader", "시장의 중국 옷을 모두 걷어갔습니다.")
    draft = "단속반이 중국옷을 걷어갔다.\n"
    assert [("중국옷", ("seller",))] == details_flagged(checker, draft, [seller, material("guard", "없습니다.")])
    assert [] == details_flagged(checker, draft, [seller, trader])


@pytest.mark.parametrize(
    ("written", "draft", "found"),
    [
        # A given name the dictionary knows beside a surname it does not: both together, as the run is keyed.
        ("Акт подписал прораб Сергей Громов.", "세르게이 그로모프가 서명했다.\n", "그로모프"),
        # Two words no dictionary knows, neither tagged a name (a firm's name).
        ("Лес рубит фирма «Таёжный Вектор».", "따요즈니 벡토르가 벌목을 맡았다.\n", "따요즈니"),
    ],
)
def test_two_hangul_words_of_a_foreign_name_meet_the_run_a_source_wrote(written: str, draft: str, found: str) -> None:
    flagged = details_flagged(
        ExposureChecker(Korean()), draft, [material("welder", written), material("other", "The port is busy.")]
    )
    assert (found, ("welder",)) in flagged
    assert {("welder",)} == {sources for _, sources in flagged}
