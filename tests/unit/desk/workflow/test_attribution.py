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
