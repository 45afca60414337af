"""Rarity: a unique detail is a word rare in ordinary text, not any word one source happened to use."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.rarity import english_is_rare


@pytest.mark.parametrize("word", ["logger", "loggers", "truckload", "handover"])
def test_a_common_noun_made_of_common_english_is_ordinary(word: str) -> None:
    # A trade's own words (a logger, a truckload) name no one, however few sources wrote them.
    assert not english_is_rare(word, lower=True)


@pytest.mark.parametrize("word", ["angarsk", "haewang", "camry"])
def test_a_rare_word_that_is_no_compound_stays_rare(word: str) -> None:
    assert english_is_rare(word, lower=True)


def test_a_capitalised_word_is_not_read_as_a_compound() -> None:
    # Capitalised mid-sentence it is a name (Truckload, a firm), which identifies.
    assert english_is_rare("truckload")
