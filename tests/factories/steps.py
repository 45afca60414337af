"""One pytest session for the parallel tiers (bin/tests), with each tier's time still shown.

bin/tests runs unit, functional and browser tests and the wheel smoke test in one pytest-xdist
session: one start-up (workers importing Tipline, collecting) instead of four, and no idle core
while the last long test of a tier finishes alone before the next tier may start. Two things
keep that honest:

- **Slowest first.** pytest-xdist's worksteal hands each worker a contiguous run of the collected
  tests and lets an idle worker steal from the end of another's. A browser test (a live server and
  chromium) or a live-server story left at the end keeps one core busy while the other waits;
  ordered first, the end of every queue is unit tests of milliseconds each, and the workers finish
  together. Within a tier the collection order stays, so a module's tests stay together, and
  since worksteal takes from the end of a queue (the unit tests) the heavy modules at its head
  are not split: their module-scoped fixtures (the wheel, a module's live server) are built once.
- **Each tier's duration.** ``--steps`` adds to $TIPLINE_STEP_LOG one line per tier ("unit",
  "functional", "browser", "wheel"; the log bin/step keeps and `bin/step --summary` prints) with its share
  of the session's wall time: the wall time split in proportion to the worker time (setup, call
  and teardown) the tier's tests took. The shares add up to the session's wall time, so the
  summary's total stays true, and a slow tier still shows as a large share.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

# Where a test's path puts it; the first match wins. Files straight under tests/ (the docs, the
# locks, the imports…) are unit tests, as in `make check`.
TIERS = (
    ("tests/unit/", "unit"),
    ("tests/functional/", "functional"),
    ("tests/browser/", "browser"),
    ("tests/packaging/", "wheel"),
    ("tests/", "unit"),
)


def tier_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return next(tier for prefix, tier in TIERS if path.startswith(prefix))


# The tiers in the order the summary shows them (bin/step's order too).
SHOWN_ORDER = ("unit", "functional", "browser", "wheel")
# The tiers in the order they run: browser tests take seconds each (a live server, chromium),
# functional ones from milliseconds to tens of seconds, unit tests milliseconds.
RUN_ORDER = ("browser", "wheel", "functional", "unit")


def slowest_first(items: list[pytest.Item]) -> None:
    """Reorder ``items`` in place: tier by tier (RUN_ORDER); collection order within a tier, so
    each module's tests stay together."""
    position = {item.nodeid: index for index, item in enumerate(items)}
    items.sort(key=lambda item: (RUN_ORDER.index(tier_of(item.nodeid)), position[item.nodeid]))


class StepTimes:
    """Worker time per tier, and the session's wall time, logged as steps at the end."""

    def __init__(self, log: Path | None) -> None:
        self.log = log
        self.started = time.monotonic()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.tests: defaultdict[str, int] = defaultdict(int)
        self.failed: set[str] = set()

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tier = tier_of(report.nodeid)
        self.seconds[tier] += report.duration
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.tests[tier] += 1
        if report.failed:
            self.failed.add(tier)

    def shares(self) -> dict[str, float]:
        wall = time.monotonic() - self.started
        total = sum(self.seconds.values()) or 1.0
        return {tier: wall * seconds / total for tier, seconds in self.seconds.items()}

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        shares = self.shares()
        terminalreporter.section("time per tier")
        for tier in sorted(shares, key=SHOWN_ORDER.index):
            terminalreporter.write_line(
                f"{tier:<12} {shares[tier]:6.0f} s of wall time"
                f"   ({self.seconds[tier]:6.0f} s in tests on all workers, {self.tests[tier]} tests)"
            )
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as log:
                for tier, seconds in shares.items():
                    log.write(f"{tier} {seconds:.3f} {'failed' if tier in self.failed else 'ok'}\n")


def configure(config: pytest.Config) -> None:
    """With ``--steps``, in the main process (xdist's workers report to it), time the tiers."""
    if config.getoption("steps") and not hasattr(config, "workerinput"):
        log = os.environ.get("TIPLINE_STEP_LOG")
        config.pluginmanager.register(StepTimes(Path(log) if log else None), "tipline-step-times")
