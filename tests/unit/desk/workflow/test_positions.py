"""Positions and ranks (positions.py): one person however ordinary the words, found in every language by
one key, and never in the ordinary words that spell them too."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.positions import positions_in
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


def _keys(text: str) -> list[tuple[str, list[str]]]:
    return [(text[start:end], keys) for start, end, keys in positions_in(text)]


@pytest.mark.parametrize(
    ("text", "span", "key"),
    [
        ("국경경비대 3중대장에게 돈을 줬다.", "중대장", "ti:company-commander"),
        (
            "He paid the commander of the border guards' 3rd Company.",
            "commander of the border guards' 3rd Company",
            "ti:company-commander",
        ),
        ("A company commander sent them in.", "company commander", "ti:company-commander"),
        ("连长每次收两千元。", "连长", "ti:company-commander"),
        ("Деньги брал командир роты.", "командир роты", "ti:company-commander"),
        ("소대의 책임자가 '독사'로 불린다.", "소대의 책임자", "ti:platoon-leader"),
        ("Workers call their platoon chief the Viper.", "platoon chief", "ti:platoon-leader"),
        ("Ri, who leads a sub-team on the farm, was beaten.", "leads a sub-team", "ti:sub-team-leader"),
        ("시장관리소장 한춘옥은 '칼날'로 불린다.", "시장관리소장", "ti:office-head"),
        ("The farm's chairman did not intervene.", "chairman", "ti:chairman"),
        ("The farm manager was sacked.", "farm manager", "ti:chairman"),
        ("관리위원장은 자리에서 밀려났다.", "관리위원장", "ti:chairman"),
        ("The tanker's captain pocketed the cash.", "captain", "ti:captain"),
        ("함철웅 상위에게 2천 위안씩 줬다.", "상위", "ti:senior-lieutenant"),
        ("a senior lieutenant named Ham", "senior lieutenant", "ti:senior-lieutenant"),
        ("Their foreman is the only one who talks to us.", "foreman", "ti:team-leader"),
    ],
)
def test_a_position_is_one_key_in_every_language(text: str, span: str, key: str) -> None:
    assert (span, key) in [(found, keys[0]) for found, keys in _keys(text)]


@pytest.mark.parametrize(
    "text",
    [
        "소득 상위 10%가 돈을 번다.",  # the top, not a senior lieutenant
        "당국은 불안을 조장했다는 혐의를 씌웠다.",  # abetting, not a group's leader
        "이른바 소위 '충성자금'이다.",  # so-called
        "Chairman Kim Jong Un visited the farm.",  # a public title before a name
        "The waitresses and their manager defected in 2016.",
        "It was a major problem for the company.",
    ],
)
def test_ordinary_words_that_spell_a_position_are_none(text: str) -> None:
    assert [] == _keys(text)


def test_a_position_one_source_wrote_points_at_it_in_any_language(checker: ExposureChecker) -> None:
    sources = [
        material("fen-lark", "국경경비대 3중대장이 짐마다 2천 위안씩 받았습니다. 구리는 킬로당 60위안입니다."),
        material("moor-ibis", "铜每公斤60元。"),
    ]
    assert [("company commander", ("fen-lark",))] == details_flagged(
        checker, "A border guard company commander took a cut.\n", sources
    )
    assert [("连长", ("fen-lark",))] == details_flagged(checker, "连长收了钱。\n", sources)


def test_a_position_two_sources_wrote_each_their_own_way_points_at_neither(checker: ExposureChecker) -> None:
    sources = [
        material("fen-lark", "우리 작업반장은 일을 하루 16시간씩 시킵니다."),
        material("moor-ibis", "Their foreman makes them work sixteen hours a day."),
    ]
    for draft in ("작업반장은 노동자들을 하루 16시간씩 일하게 했다.\n", "The foreman kept them at work.\n"):
        assert [] == details_flagged(checker, draft, sources), draft


def test_a_rank_written_alone_is_every_rank_it_may_be(checker: ExposureChecker) -> None:
    """Who wrote 상위 knows "a lieutenant"; if another source wrote 중위, "a lieutenant" is both of theirs, and
    "a senior lieutenant" still the first's alone."""
    one = material("fen-lark", "함철웅 상위에게 돈을 줬습니다.")
    other = material("moor-ibis", "박영수 중위가 초소를 지킵니다.")
    assert [("lieutenant", ("fen-lark",))] == details_flagged(checker, "A lieutenant took the money.\n", [one])
    assert [] == details_flagged(checker, "A lieutenant took the money.\n", [one, other])
    assert [("senior lieutenant", ("fen-lark",))] == details_flagged(
        checker, "A senior lieutenant took the money.\n", [one, other]
    )


@pytest.mark.parametrize(
    "text",
    [
        "North Korean crews abroad are usually run by a 반장 (foreman) and a security official.",
        "해외 북한 작업반은 보통 작업반장과 보위 담당 감시원이 함께 관리한다.",
    ],
)
def test_a_post_in_a_sentence_about_how_things_usually_are_is_no_one(text: str) -> None:
    assert list(positions_in(text)) == []
    assert list(positions_in("The foreman, a man from Hamhung, took the phones.")) != []
