"""Running the retention job every few minutes, in `tipline worker` or beside `tipline serve`."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tipline.retention.service import RetentionReport


def run_periodically(
    job: Callable[[], RetentionReport],
    interval_seconds: float,
    stop: threading.Event,
    report: Callable[[str], None],
) -> int:
    """Run JOB now and then every INTERVAL_SECONDS until STOP is set; return how many runs."""
    runs = 0
    while not stop.is_set():
        try:
            result = job()
            runs += 1
            if result.sources:
                report(result.summary())  # counts only: no designation reaches a log
        except Exception as error:  # one failed run (database restarting…) must not end the loop
            report(f"retention run failed: {type(error).__name__}")
        stop.wait(interval_seconds)
    return runs
