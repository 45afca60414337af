"""The labelled corpus, scored: a regression of the exposure check below today's figures fails CI.

The thresholds are the figures measured when this test was written (benchmarks/bench_exposure.py
prints them); raise them as the check improves, never lower them to pass.
"""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import load_drafts, own_drafts, score
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean

# (recall on details and attributions, false alarms per 20 clean drafts), per half, at least/at most.
FLOORS = {"tuning": (0.91, 0.0), "heldout": (0.91, 2.0)}


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_corpus_half_scores_at_least_the_recorded_figures(checker: ExposureChecker, half: str) -> None:
    result = score(checker, half)
    recall, false_alarms = FLOORS[half]
    assert result.recall(["detail", "attribution"]) >= recall, result.misses
    assert result.false_alarms_per_20 <= false_alarms, result.wrong
    assert result.precision("attribution") == 1.0, result.wrong


def test_every_issue_variant_is_caught(checker: ExposureChecker) -> None:
    """The false negatives of issue 16, each a labelled draft: all found."""
    wanted = {"t03", "t04", "t05", "t06", "t07", "t08", "t11", "t12", "t13", "t26", "h02", "h05", "h06", "h20", "h22"}
    result = score(checker, "tuning")
    result_held = score(checker, "heldout")
    missed = {line.split()[0] for line in result.misses + result_held.misses}
    assert set() == wanted & missed


def test_corpus_halves_are_fixed_and_large_enough() -> None:
    tuning, heldout = load_drafts("tuning"), load_drafts("heldout")
    assert len(tuning) + len(heldout) >= 80
    assert {d.id[0] for d in tuning} == {"t"}
    assert {d.id[0] for d in heldout} == {"h"}
    for half in (tuning, heldout):
        assert {"ko", "en", "mixed"} <= {d.lang for d in half}
        assert sum(not d.exposures for d in half) >= 20


def test_tiplines_own_drafts_are_clean(checker: ExposureChecker) -> None:
    assert [] == own_drafts(checker)
