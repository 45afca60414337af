"""What makes a run of a source's words a quote: words said in its own way, not names, places and peoples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.exposure_corpus import material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.exposure_report import QUOTE
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


def _quotes(checker: ExposureChecker, draft: str, written: str) -> list[str]:
    sources = [material("trader", written), material("other", "The market opens at dawn.")]
    return [f.text for f in checker.check_text(draft, Path("drafts/d.md"), sources).flags if f.kind == QUOTE]


def test_a_run_of_a_peoples_name_and_plain_words_is_no_quote(checker: ExposureChecker) -> None:
    written = "Since spring three North Korean women have come to my stall with dried fish."
    assert [] == _quotes(checker, "Three North Korean women have been selling fish in the market.\n", written)


def test_outside_quotation_marks_two_plain_words_beside_a_people_and_a_number_are_no_quote(
    checker: ExposureChecker,
) -> None:
    written = "Our site has a brigade of 40 North Koreans who pour concrete at night."
    assert [] == _quotes(checker, "The contractor hired a brigade of 40 North Koreans last spring.\n", written)
    # Inside quotation marks the same run is the source's, and two words of meaning are enough.
    quoted = 'The contractor hired "a brigade of 40 North Koreans who pour concrete" last spring.\n'
    assert ["a brigade of 40 North Koreans who pour concrete"] == _quotes(checker, quoted, written)


def test_a_run_with_the_sources_own_words_is_a_quote_even_beside_a_people(checker: ExposureChecker) -> None:
    written = "The North Korean women are always hungry and barefoot, even in winter."
    draft = "The North Korean women are always hungry and barefoot, one trader said.\n"
    assert ["The North Korean women are always hungry and barefoot"] == _quotes(checker, draft, written)


def test_a_chinese_firms_name_is_a_detail_not_a_quote(checker: ExposureChecker) -> None:
    written = "我在延吉华丰服装有限公司工作。"
    assert [] == _quotes(checker, "그는 延吉华丰服装有限公司에서 일했다.\n", written)


def test_the_words_of_a_places_name_are_a_place_and_no_quote(checker: ExposureChecker) -> None:
    written = "My husband died on a building site in the United Arab Emirates in October."
    draft = "A worker died in October, a source in the United Arab Emirates told this outlet.\n"
    assert [] == _quotes(checker, draft, written)


def test_a_short_korean_run_of_nouns_and_a_number_is_who_was_counted_no_quote(checker: ExposureChecker) -> None:
    """북한 여성 노동자 300명이: any writer counts them so; a run with a verb is the source's way of saying."""
    written = "공장에서 북한 여성 노동자 300명이 일을 멈췄습니다."
    assert [] == _quotes(checker, "둥강에서 북한 여성 노동자 300명이 파업했다.\n", written)
    assert any(
        "일을 멈췄" in q for q in _quotes(checker, "둥강에서는 북한 여성 노동자 300명이 일을 멈췄다.\n", written)
    )


def test_a_run_of_hours_is_a_time_and_no_quote(checker: ExposureChecker) -> None:
    written = "We get up at half past five and work until 11 at night."
    assert [] == _quotes(checker, "The women are up at half past five, two sources said.\n", written)


def test_an_english_run_in_a_mixed_draft_is_judged_as_english(checker: ExposureChecker) -> None:
    """A Hangul name in an English draft does not make "in the United Arab Emirates" a Korean run of words."""
    written = "Workers in the United Arab Emirates are paid late."
    assert [] == _quotes(checker, "리철진 died in a fall, sources in the United Arab Emirates said.\n", written)
