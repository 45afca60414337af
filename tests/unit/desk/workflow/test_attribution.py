"""Attributions by their structure: back-references to an allowed place pass, a trade's job is flagged."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.attribution import AttributionFinder


def _found(prose: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [prose[s.start : s.end] for s in AttributionFinder(allowed).find(prose)]


@pytest.mark.parametrize(
    "prose",
    [
        "Inspections have begun in North Hamgyong, a source in the province told Daily NK.",
        "In Russia, a source there said, officers take a share from every worker.",
        "Prices have doubled in the area, a source in the area said.",
    ],
)
def test_a_back_reference_to_an_allowed_place_passes(prose: str) -> None:
    assert _found(prose, ("North Hamgyong",)) == []


def test_a_finer_place_is_still_flagged_beside_the_word_province() -> None:
    assert _found("Goods are scarce, a source in Jilin province said.") == ["a source in Jilin province"]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        (
            "헤이룽장 출신의 한 중국인 목재상은 책임자가 목재를 싸게 넘긴다고 말했다.",
            "헤이룽장 출신의 한 중국인 목재상",
        ),
        ("연길의 한 조선족 무역상에 따르면 화장품 물량이 모두 끊겼다.", "연길의 한 조선족 무역상"),
        ('신의주의 한 밀수꾼은 "요즘은 강에 나가지도 못한다"고 말했다.', "신의주의 한 밀수꾼"),
        ("한 운송업자는 단속이 심해졌다고 전했다.", "운송업자"),
    ],
)
def test_a_korean_trader_named_by_the_trade_is_an_attribution(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize("prose", ["건강상의 이유로 그는 일을 그만뒀다고 말했다.", "세상은 변했다고 소식통은 말했다."])
def test_a_word_ending_like_a_trade_is_no_trader(prose: str) -> None:
    assert all("건강상" not in s and "세상" not in s for s in _found(prose))
