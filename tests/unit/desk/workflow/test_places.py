"""The gazetteer: the China–North Korea border region, in every script a draft or a source writes it."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.normalise import place_by_name, place_pattern


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("남신의주역 근처 창고", "namsinuiju"),  # not 신의주: a finer place inside the city's name
        ("a warehouse in South Sinuiju", "namsinuiju"),
        ("customs at Namyang", "namyang"),
        ("남양 세관을 통해", "namyang"),
        ("흑룡강성 쪽 업자들", "heilongjiang"),  # the Sino-Korean reading
        ("헤이룽장 출신의", "heilongjiang"),  # the Chinese reading, as the press writes it
        ("我是黑龙江人", "heilongjiang"),
        ("Samjiyon County", "samjiyon"),
    ],
)
def test_border_places_are_known_in_each_script(text: str, place: str) -> None:
    match = place_pattern().search(text)
    assert match is not None
    assert place_by_name()[match.group().lower()].id == place


def test_a_border_province_is_no_allowed_region_by_default() -> None:
    # Heilongjiang is finer than "China": only a newsroom's desk.toml can allow it.
    assert not place_by_name()["heilongjiang"].region
