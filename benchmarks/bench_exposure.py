"""Precision and recall of the exposure check on the labelled corpus (tests/data/exposure_corpus).

The corpus has two halves: ``tuning`` (the detector was tuned on it) and ``heldout`` (never looked
at while tuning). Each is scored apart: per kind, recall (labelled exposures found, with the right
source) and precision (flags that match a label); false alarms are clean drafts with any flag,
counted per 20 clean drafts. Then Tipline's own `draft` output, rendered for each corpus case in
Korean and English, is checked against the same material: it must always be clean.

Goal: recall ≥ 0.95 on identifying details and attributions, ≤ 1 false alarm per 20 clean drafts.

    python benchmarks/bench_exposure.py [--misses]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: import benchmarks, tests

from tests.factories.exposure_corpus import HALVES, KINDS, corpus_checker, own_drafts, score

# The first held-out half (ids h…) was seen several times while tuning (first look 0.919 recall and
# 1.90 false alarms per 20; later 0.946 and 1.90): on 2026-12-07 it joined the tuning half
# (tuning-seen-heldout.toml), and a new held-out half (heldout.toml, ids n…, with its own cases in
# cases-heldout.toml) was written by a helper who never read the detector. Its first look
# (2026-12-07, commit e266575): recall 0.902, 16 false alarms in 52 clean drafts (6.15 per 20), 10
# of them "a source in North Hamgyong Province", a case region the scorer had not allowed. The
# writer had reported that gap before any score: the scorer now allows each case's regions, as a
# newsroom does in desk.toml, and an allowed place is a place in every script
# (normalise.same_place_names). After that one change: 0.902 and 2.31 per 20. The detector was not
# tuned on that half; seen, it joined the tuning half (tuning-seen-heldout-2.toml), and a third
# held-out half (heldout.toml, ids m…, cases in cases-heldout-2.toml) was written blind.
# Its first look (2026-12-07, after the detector was tuned on the second half, commit of the merge
# of h/expheld2): recall 0.750, 20 false alarms in 42 clean drafts (9.52 per 20). Most false alarms
# were a detail two sources share written in two scripts the detector could not join (룽커우 / 龙口 /
# Longkou, 大兴贸易 / 대흥무역); most misses places and firms it had no entry for. Tuned on, it joined the
# tuning half (tuning-seen-heldout-3.toml); a fourth held-out half (heldout.toml, ids k…, cases in
# cases-heldout-3.toml) was written blind and committed before any score. Its first look (2026-12-07,
# commit ef8e95b, load 7.2): recall 0.729 (details 67/98, attributions 19/20), 15 false alarms in 48
# clean drafts (6.25 per 20); quotes 15/18.
# The k… half was then tuned on and joined the tuning half (tuning-seen-heldout-4.toml); a fifth
# held-out half (heldout.toml, ids j…, cases in cases-heldout-4.toml), written blind the same way,
# had its first look on 2026-12-07 (commit 0ba7c2d, load 7.05): recall 0.712 (details 73/107,
# attributions 16/18), 15 false alarms in 50 clean drafts (6.00 per 20); quotes 20/21.
# The j… half was then tuned on and joined the tuning half (tuning-seen-heldout-5.toml); a sixth
# held-out half (heldout.toml, ids g…, cases in cases-heldout-5.toml), written blind the same way, had
# its first look on 2026-12-07 (commit 4c94cad, load 0.10): recall 0.802 (details 58/73, attributions
# 11/13), 10 false alarms in 44 clean drafts (4.55 per 20); quotes 15/15.
# The g… half was then tuned on (to 0.965 and no false alarm) and joined the tuning half
# (tuning-seen-heldout-6.toml); a seventh held-out half (heldout.toml, ids f…, cases in
# cases-heldout-6.toml), written blind the same way and asked to be hard, had its first look on
# 2026-12-07 (commit 0ebf6a2 with two of its case ids renamed apart from earlier halves' cases, load 4.66):
# recall 0.640 (details 65/105, attributions 15/20), 26 false alarms in 60 clean drafts (8.67 per 20);
# quotes 15/17.
# The f… half was then tuned on (to 0.760 and 1.33 false alarms per 20) and joined the tuning half
# (tuning-seen-heldout-7.toml); an eighth held-out half (heldout.toml, ids e…, cases in
# cases-heldout-7.toml), written blind the same way, had its first look on 2026-12-07 (commit b4dd7ba, load
# 5.93): recall 0.768 (details 64/85, attributions 22/27), 11 false alarms in 48 clean drafts (4.58 per
# 20); quotes 14/18.
# The e… half was then tuned on (to 0.848 and 0.83 false alarms per 20) and joined the tuning half
# (tuning-seen-heldout-8.toml); a ninth held-out half (heldout.toml, ids d…, cases in cases-heldout-8.toml),
# written blind the same way, had its first look on 2026-12-07 (commit d6414eb, load 7.45): recall 0.780
# (details 83/102, attributions 16/25), 20 false alarms in 52 clean drafts (7.69 per 20); quotes 19/20.
# The d… half was then tuned on (its false alarms to 1.54 per 20; its recall untouched, 0.780) and joined the
# tuning half (tuning-seen-heldout-9.toml); a tenth held-out half (heldout.toml, ids c…, cases in
# cases-heldout-9.toml), written blind the same way, had its first look on 2026-12-07 (commit 68450f8, load
# 10.52: the figures are counts, not times): recall 0.748 (details 61/86, attributions 19/21), 13 false
# alarms in 52 clean drafts (5.00 per 20); quotes 15/18.
# The c… half's false alarms were then tuned on (to 0.77 per 20; its recall untouched, 0.748) and it joined
# the tuning half (tuning-seen-heldout-10.toml); an eleventh held-out half (heldout.toml, ids b…, cases in
# cases-heldout-10.toml), written blind the same way, had its first look on 2026-12-07 (with the commit that
# moved it in, after b5722da; load 2.20): recall 0.795 (details 85/109, attributions 16/18), 6 false alarms
# in 55 clean drafts (2.18 per 20); quotes 12/16.
# The b… half was then tuned on (to 0.858 and no false alarm) and joined the tuning half
# (tuning-seen-heldout-11.toml); a twelfth held-out half (heldout.toml, ids v…, cases in
# cases-heldout-11.toml), written blind the same way, had its first look on 2026-12-07 (with the commit that
# moved it in, after d75e4f7; load 7.38): recall 0.699 (details 69/103, attributions 17/20), 17 false alarms
# in 54 clean drafts (6.30 per 20); quotes 16/16.
# The v… half was then tuned on (to 0.732 and 0.74 false alarms per 20) and joined the tuning half
# (tuning-seen-heldout-12.toml); a thirteenth held-out half (heldout.toml, ids q…, cases in
# cases-heldout-12.toml), written blind the same way, had its first look on 2026-12-07 (with the commit that
# moved it in, after c348717; load 1.08): recall 0.761 (details 53/70, attributions 14/18), 11 false alarms
# in 42 clean drafts (5.24 per 20); quotes 12/14.
# The q… half was then tuned on (to 0.784 and 0.48 false alarms per 20) and joined the tuning half
# (tuning-seen-heldout-13.toml); a fourteenth held-out half (heldout.toml, ids p…, cases in
# cases-heldout-13.toml), written blind the same way, had its first look on 2026-12-07 (with the commit that
# moved it in, after 004cc8d; load 0.51): recall 0.703 (details 61/83, attributions 10/18), 6 false alarms
# in 40 clean drafts (3.00 per 20); quotes 11/11.
# The p… half joined the tuning half (tuning-seen-heldout-14.toml) before it was tuned on; a fifteenth
# held-out half (heldout.toml, ids s…, cases in cases-heldout-14.toml), written blind the same way, had its
# first look on 2026-12-07 (with the commit that moved it in, after 581609f; load 3.46): recall 0.800
# (details 79/99, attributions 9/11), 6 false alarms in 44 clean drafts (2.73 per 20); quotes 10/11.
# The s… half joined the tuning half (tuning-seen-heldout-15.toml) before it was tuned on; a sixteenth
# held-out half (heldout.toml, ids r…, cases in cases-heldout-15.toml), written blind the same way, had its
# first look on 2026-12-07 (with the commit that moved it in, after a651cc9; load 1.76): recall 0.716
# (details 66/94, attributions 17/22), 9 false alarms in 44 clean drafts (4.09 per 20); quotes 17/18.
# The r… half joined the tuning half (tuning-seen-heldout-16.toml) before it was tuned on; a seventeenth
# held-out half (heldout.toml, ids u…, cases in cases-heldout-16.toml), written blind the same way, had its
# first look on 2026-12-07 (with the commit that moved it in, after c7fe3c3; load 0.10): recall 0.642
# (details 58/91, attributions 12/18), 6 false alarms in 44 clean drafts (2.73 per 20); quotes 15/15.
# The u… half joined the tuning half (tuning-seen-heldout-17.toml) before it was tuned on; an eighteenth
# held-out half (heldout.toml, ids w…, cases in cases-heldout-17.toml), written blind the same way, had its
# first look on 2026-12-07 (with the commit that moved it in, after 69d55dd; load 0.16): recall 0.722
# (details 53/77, attributions 12/13), 5 false alarms in 44 clean drafts (2.27 per 20); quotes 13/14.
# The w… half joined the tuning half (tuning-seen-heldout-18.toml) before it was tuned on; a nineteenth
# held-out half (heldout.toml, ids x…, cases in cases-heldout-18.toml), written blind the same way (its writer
# read one format draft more than asked, and says so), had its first look on 2026-12-07 (with the commit
# that moved it in, after fc24058; load 0.12): recall 0.708 (details 60/86, attributions 15/20), 4 false
# alarms in 44 clean drafts (1.82 per 20); quotes 17/20.
# The x… half joined the tuning half (tuning-seen-heldout-19.toml) before it was tuned on; a twentieth
# held-out half (heldout.toml, ids y…, cases in cases-heldout-19.toml), written blind the same way (its writer
# also listed, with a script of its own, the runs of words each draft shared with its case's material, to
# reword unintended quotes; it says so), had its first look on 2026-12-07 (with the commit that moved it in,
# after 2183b9d; load 0.06): recall 0.810 (details 79/98, attributions 15/18), 1 false alarm in 44 clean
# drafts (0.45 per 20); quotes 14/16.
# The y… half joined the tuning half (tuning-seen-heldout-20.toml), not tuned on yet; a twenty-first held-out
# half (heldout.toml, ids z…, cases in cases-heldout-20.toml), written blind the same way, had its first look
# on 2026-12-07 (with the commit that moved it in, after edd5cd1; load 0.00): recall 0.643
# (details 67/103, attributions 16/26), 8 false alarms in 44 clean drafts (3.64 per 20); quotes 8/9.
# The z… half joined the tuning half (tuning-seen-heldout-21.toml) after it was tuned on (a nickname two
# sources give in their own languages, positions and ranks); a twenty-second held-out half (heldout.toml, ids
# a…, cases in cases-heldout-21.toml), written blind the same way, had its first look on 2026-12-07 (with
# the commit that moved it in, after 9364c16; load 1.23): recall 0.736 (details 68/93, attributions
# 13/17), 7 false alarms in 44 clean drafts (3.18 per 20); quotes 22/22.
# The a… half joined the tuning half (tuning-seen-heldout-22.toml) before it was tuned on; a twenty-third
# held-out half (heldout.toml, ids i…, cases in cases-heldout-22.toml), written blind the same way, had its
# first look on 2026-12-08 00:07 UTC (with the commit that moved it in, after d44a7bd; load 1.26): recall
# 0.776 (details 69/82, attributions 14/25), 6 false alarms in 44 clean drafts (2.73 per 20); quotes 19/19.
# The i… half joined the tuning half (tuning-seen-heldout-23.toml) before it was tuned on; a twenty-fourth
# held-out half (heldout.toml, ids o…, cases in cases-heldout-23.toml), written blind the same way, had its
# first look on 2026-12-08 01:46 UTC (with the commit that moved it in, after 70f6b59; load 0.66): recall
# 0.802 (details 81/101, attributions 20/25), 7 false alarms in 44 clean drafts (3.18 per 20); quotes 14/14.
# The o… half joined the tuning half (tuning-seen-heldout-24.toml) before it was tuned on; a twenty-fifth
# held-out half (heldout.toml, ids l…, cases in cases-heldout-24.toml), written blind the same way, had its
# first look on 2026-12-08 02:01 UTC (with the commit that moved it in, after afdfc1d; load 1.04): recall
# 0.824 (details 77/94, attributions 21/25), 8 false alarms in 44 clean drafts (3.64 per 20); quotes 14/16.
# The l… half joined the tuning half (tuning-seen-heldout-25.toml) before it was tuned on; a twenty-sixth
# held-out half (heldout.toml, ids ab…, cases in cases-heldout-25.toml), written blind the same way, had its
# first look on 2026-12-08 02:26 UTC (with the commit that moved it in, after 371cc1e; load 0.75): recall
# 0.610 (details 46/81, attributions 18/24), 13 false alarms in 44 clean drafts (5.91 per 20); quotes 22/22.
# The ab… half joined the tuning half (tuning-seen-heldout-26.toml) before it was tuned on or its misses read; a
# twenty-seventh held-out half (heldout.toml, ids ac…, cases in cases-heldout-26.toml), written blind the same
# way, had its first look on 2026-12-08 03:12 UTC (with the commit that moved it in, after 526f077; load 0.07):
# recall 0.790 (details 61/80, attributions 18/20), 3 false alarms in 44 clean drafts (1.36 per 20); quotes
# 17/19.
# The ac… half joined the tuning half (tuning-seen-heldout-27.toml) before it was tuned on or its misses read (on the
# commit before it joined, after this session's general changes: 0.810 and 1.36); a twenty-eighth held-out half
# (heldout.toml, ids ad…, cases in cases-heldout-27.toml), written blind the same way, had its first look on
# 2026-12-08 04:41 UTC (with the commit that moved it in, after f2cc080; load 0.65): recall 0.786 (details 60/74,
# attributions 21/29), 5 false alarms in 44 clean drafts (2.27 per 20); quotes 6/14.
# The ad… half joined the tuning half (tuning-seen-heldout-28.toml) before it was tuned on or its drafts read (on the
# commit before it joined, after the session's general changes: 0.806 and 2.27); a twenty-ninth held-out half
# (heldout.toml, ids ae…, cases in cases-heldout-28.toml), written blind the same way, had its first look on
# 2026-12-08 06:31 UTC (with the commit that moved it in, after c66ec15; load 0.08): recall 0.740 (details 53/69,
# attributions 24/35), 7 false alarms in 44 clean drafts (3.18 per 20); quotes 15/17.
HELD_OUT_NOTE = (
    "HELD OUT (ids ae…, written 2026-12-08 without reading the detector; first look 0.740 recall, 3.18 false alarms/20)"
)
GOAL_RECALL = 0.95
GOAL_FALSE_ALARMS_PER_20 = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="List every miss and every wrong flag.")
    args, _ = parser.parse_known_args()  # bin/bench passes its arguments (--quick) to every benchmark
    checker = corpus_checker()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    verdicts = []
    for half in HALVES:
        started = time.perf_counter()
        result = score(checker, half)
        if not result.clean_drafts and not sum(result.labels.values()):
            print(f"\n{half}: no drafts")
            verdicts.append(f"{half}: no drafts")
            continue
        elapsed = time.perf_counter() - started
        label = HELD_OUT_NOTE if half == "heldout" else "tuning (the detector was tuned on it)"
        print(f"\n{half}: {label} — {elapsed:.1f} s")
        print(f"  {'kind':<12} {'recall':>14} {'precision':>14}")
        for kind in KINDS:
            recall = f"{result.found[kind]}/{result.labels[kind]} = {result.recall([kind]):.2f}"
            precision = f"{result.true_flags[kind]}/{result.flags[kind]} = {result.precision(kind):.2f}"
            print(f"  {kind:<12} {recall:>14} {precision:>14}")
        goal = result.recall(["detail", "attribution"])
        print(f"  recall on identifying details and attributions: {goal:.3f} (goal ≥ {GOAL_RECALL})")
        print(
            f"  false alarms: {result.false_alarms} of {result.clean_drafts} clean drafts = "
            f"{result.false_alarms_per_20:.2f} per 20 (goal ≤ {GOAL_FALSE_ALARMS_PER_20:g})"
        )
        met = goal >= GOAL_RECALL and result.false_alarms_per_20 <= GOAL_FALSE_ALARMS_PER_20
        verdicts.append(f"{half}: {'met' if met else 'NOT met'}")
        if args.misses:
            for line in result.misses:
                print(f"    missed: {line}")
            for line in result.wrong:
                print(f"    wrong:  {line}")
    flagged = own_drafts(checker)
    print(f"\nTipline's own drafts (ko, en, every corpus case): {'all clean' if not flagged else 'FLAGGED'}")
    for line in flagged:
        print(f"    {line}")
    verdicts.append(f"own drafts: {'clean' if not flagged else 'NOT clean'}")
    print(f"\ngoal — {'; '.join(verdicts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
