"""The retention loop runs at once, then on its interval; a failed run does not end it."""

from __future__ import annotations

import threading

from tipline.retention import RetentionReport, SourceDeletion
from tipline.retention.scheduler import run_periodically


def test_loop_survives_a_failure_reports_counts_only_and_stops() -> None:
    stop = threading.Event()
    lines: list[str] = []
    calls = 0

    def job() -> RetentionReport:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database restarting")
        if calls == 3:
            stop.set()
        return RetentionReport(False, [SourceDeletion("brave-otter", whole_source=True)], ["a" * 32])

    assert 2 == run_periodically(job, 0.01, stop, lines.append)
    assert "retention run failed: ConnectionError" == lines[0]
    assert "retention deleted: 1 source(s), 0 batch(es) with 0 submission(s), 0 reply(ies), 1 blob(s)" == lines[1]
    assert not [line for line in lines if "brave-otter" in line]  # no designation reaches a log
