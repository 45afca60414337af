"""Goods, illnesses and clothing by what they are: one thing two sources wrote in two languages is held by both."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.goods import GOODS, goods_key, goods_keys_in
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize(
    "text",
    ["배에 무연탄을 실었다.", "they loaded anthracite at night", "装的是无烟煤。", "грузили антрацит ночью"],
)
def test_a_thing_is_one_key_in_every_language(text: str) -> None:
    assert [key for _, _, key in goods_keys_in(text)] == ["g:anthracite"]


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
