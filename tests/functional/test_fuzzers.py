"""Every Atheris fuzzer in fuzz/ starts, executes inputs and finds no crash.

`bin/fuzz SECONDS` runs them long (`make soak`: 300 s each): the search for crashes is its job.
Here the four run at the same time, each for FUZZ_SECONDS of fuzzing, enough to run the corpus and
new inputs through every harness: four harnesses on two cores burn every second of it twice over,
in the CPU-bound test run.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
HARNESSES = ("codenames", "filenames", "manifest", "multipart")
FUZZ_SECONDS = 2
# Start-up (importing, instrumenting) plus fuzzing, on a busy two-core machine: a liveness bound.
DEADLINE_SECONDS = 120
DONE = re.compile(r"^Done (\d+) runs in \d+ second", re.MULTILINE)
# libFuzzer's own memory limit (MB) for what a harness grows by: bin/fuzz runs with its default 2048.
RSS_BUDGET_MB = 2048


def _inherited_peak_mb() -> int:
    """Linux keeps a process's peak RSS across fork and exec (getrusage's ru_maxrss, in KiB), and
    libFuzzer checks its limit against that figure: a harness started by a pytest worker that has run
    the desk in-process (kiwipiepy, CTranslate2) would start "out of memory". Its limit is this peak
    plus the budget, so the budget still bounds what the harness itself grows by."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture(scope="module")
def fuzz_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, subprocess.Popen[str]]]:
    """Start every harness at once, as bin/fuzz runs each: seeds read only, findings in a temp folder."""
    work = tmp_path_factory.mktemp("fuzz")
    runs: dict[str, subprocess.Popen[str]] = {}
    for name in HARNESSES:
        (work / name).mkdir()
        # libFuzzer exits without Python's clean-up: what a harness makes in TMPDIR stays in ``work``.
        (work / f"tmp-{name}").mkdir()
        command = [
            sys.executable,
            str(FUZZ / f"fuzz_{name}.py"),
            f"-max_total_time={FUZZ_SECONDS}",
            "-timeout=60",
            f"-rss_limit_mb={_inherited_peak_mb() + RSS_BUDGET_MB}",
            f"-artifact_prefix={work}/{name}-",
            str(work / name),
        ]
        if (FUZZ / "corpus" / name).is_dir():
            command.append(str(FUZZ / "corpus" / name))
        if (FUZZ / f"{name}.dict").is_file():
            command.insert(2, f"-dict={FUZZ / f'{name}.dict'}")
        runs[name] = subprocess.Popen(
            command,
            cwd=work,
            env={**os.environ, "TMPDIR": str(work / f"tmp-{name}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
    yield runs
    # With xdist, a worker may start every harness but take only some of their tests: the pipes of
    # those it never read must be closed too (CI met one left to the garbage collector).
    for process in runs.values():
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize("name", HARNESSES)
def test_fuzzer_runs_without_a_crash(fuzz_runs: dict[str, subprocess.Popen[str]], name: str) -> None:
    output, _ = fuzz_runs[name].communicate(timeout=DEADLINE_SECONDS)
    assert "Uncaught Python exception" not in output, output[-4000:]
    assert 0 == fuzz_runs[name].returncode, output[-4000:]
    done = DONE.findall(output)
    assert done, output[-4000:]
    assert int(done[-1]) > 0


def test_bin_fuzz_passes_the_seconds_to_every_harness() -> None:
    """bin/fuzz refuses anything but a positive number of seconds (bin/soak calls `bin/fuzz 300`)."""
    refused = subprocess.run([str(ROOT / "bin" / "fuzz"), "soon"], capture_output=True, text=True, check=False)
    assert 2 == refused.returncode
    assert "usage: bin/fuzz [SECONDS]" in refused.stderr
    assert set(HARNESSES) == {path.stem.removeprefix("fuzz_") for path in FUZZ.glob("fuzz_*.py")}
