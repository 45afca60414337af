"""The tests' pre-imported launcher (tests/factories/zygote.py): its children are what Popen and a
new interpreter would have made, and it leaves nothing running behind it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tipline
from tests.factories import zygote
from tests.factories.faults import process_group_alive, wait_for
from tests.factories.live import TIPLINE

ROOT = Path(__file__).resolve().parents[2]


def script(folder: Path, code: str) -> Path:
    path = folder / "child.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (which only its parent may reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_child_gets_exactly_the_environment_folder_and_streams_given(tmp_path: Path) -> None:
    child_script = script(
        tmp_path,
        """
        import json, os, signal, sys, tempfile
        print(json.dumps({
            "environ": dict(os.environ),
            "cwd": os.getcwd(),
            "argv": sys.argv,
            "stdin": sys.stdin.read(),
            "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
            "tempdir": tempfile.gettempdir(),
            "sigint": signal.getsignal(signal.SIGINT) is signal.default_int_handler,
            "sigterm": signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
            "sigpipe": signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN,
            "session": os.getsid(0) == os.getpid(),
        }))
        print("to stderr", file=sys.stderr)
        """,
    )
    workdir = tmp_path / "work"
    (workdir / "tmp").mkdir(parents=True)
    env = {"PATH": "/bin", "TMPDIR": str(workdir / "tmp"), "ONLY_THIS": "yes", "PYTHONUNBUFFERED": "1"}
    output = tmp_path / "output.log"
    output.write_text("kept\n")

    child = zygote.zygote().spawn(
        ["child", "an argument"], env=env, output=output, cwd=workdir, start_new_session=True, script=child_script
    )

    assert 0 == child.wait(timeout=30)
    kept, report, stderr = output.read_text().splitlines()
    assert ("kept", "to stderr") == (kept, stderr)
    seen = json.loads(report)
    assert env == seen["environ"]  # nothing of the test process's, nor of the zygote's
    assert str(workdir) == seen["cwd"]
    assert [str(child_script), "an argument"] == seen["argv"]
    assert "" == seen["stdin"]
    # 0-2, and the one listdir opened: the zygote's channel and its other children's pidfds are closed.
    assert 4 == len(seen["fds"]), seen["fds"]
    assert str(workdir / "tmp") == seen["tempdir"]
    # The interpreter's own handlers, as a new interpreter started by Popen from this process has them
    # (SIGINT's is Python's own, or ignored when this run was started with SIGINT ignored, a
    # shell's background job: a child inherits that either way).
    popen = subprocess.run(
        [sys.executable, str(child_script)],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    new_interpreter = json.loads(popen.stdout.splitlines()[0])
    signals = ("sigint", "sigterm", "sigpipe")
    assert [new_interpreter[name] for name in signals] == [seen[name] for name in signals]
    assert (True, True) == (seen["sigterm"], seen["sigpipe"])
    assert seen["sigint"] is (signal.getsignal(signal.SIGINT) is not signal.SIG_IGN)
    assert seen["session"]


def test_exit_status_comes_back(tmp_path: Path) -> None:
    child_script = script(tmp_path, "import sys; sys.exit(int(sys.argv[1]))")
    launcher = zygote.zygote()
    children = {
        status: launcher.spawn(["child", str(status)], env={}, output=tmp_path / "out", script=child_script)
        for status in (0, 3, 77)
    }
    assert {0: 0, 3: 3, 77: 77} == {status: child.wait(timeout=30) for status, child in children.items()}
    assert [0, 3, 77] == [child.poll() for child in children.values()]


def test_an_uncaught_exception_is_status_1_and_its_traceback(tmp_path: Path) -> None:
    child_script = script(tmp_path, "raise ValueError('from the child')")
    child = zygote.zygote().spawn(["child"], env={}, output=tmp_path / "out", script=child_script)
    assert 1 == child.wait(timeout=30)
    assert "ValueError: from the child" in (tmp_path / "out").read_text()


def test_a_signal_ends_the_child_and_poll_and_wait_say_so(tmp_path: Path) -> None:
    child_script = script(tmp_path, "import time; print('up'); time.sleep(60)")
    output = tmp_path / "out"
    launcher = zygote.zygote()
    terminated = launcher.spawn(["child"], env={}, output=output, script=child_script)
    killed = launcher.spawn(["child"], env={}, output=output, script=child_script)
    wait_for(lambda: output.read_text().count("up") == 2, timeout=30, what="both children to start")
    assert (None, None) == (terminated.poll(), killed.poll())
    with pytest.raises(subprocess.TimeoutExpired):
        terminated.wait(timeout=0.2)

    terminated.terminate()
    killed.kill()

    assert -signal.SIGTERM == terminated.wait(timeout=30)
    assert -signal.SIGKILL == killed.wait(timeout=30)
    assert (-signal.SIGTERM, -signal.SIGKILL) == (terminated.poll(), killed.returncode)
    killed.kill()  # as Popen: signalling an ended child does nothing


def test_a_killed_process_group_leaves_no_child(tmp_path: Path) -> None:
    child_script = script(
        tmp_path,
        """
        import os, time
        grandchild = os.fork()
        if grandchild == 0:
            time.sleep(60)
            os._exit(0)
        print(grandchild)
        time.sleep(60)
        """,
    )
    output = tmp_path / "out"
    child = zygote.zygote().spawn(["child"], env={}, output=output, start_new_session=True, script=child_script)
    wait_for(lambda: output.read_text().strip(), timeout=30, what="the grandchild")
    grandchild = int(output.read_text())
    assert running(grandchild)

    os.killpg(child.pid, signal.SIGKILL)

    assert -signal.SIGKILL == child.wait(timeout=30)
    wait_for(lambda: not process_group_alive(child.pid), what="the whole group to die")
    assert not running(grandchild)


def test_tipline_runs_as_its_console_script(tmp_path: Path) -> None:
    output = tmp_path / "out"
    env = {"PATH": "/bin", "PYTHONUNBUFFERED": "1"}

    version = zygote.spawn([TIPLINE, "--version"], env=env, output=output)
    assert 0 == version.wait(timeout=30)
    unknown = zygote.spawn([TIPLINE, "no-such-command"], env=env, output=output)
    assert 2 == unknown.wait(timeout=30)

    text = output.read_text()
    assert f"tipline, version {tipline.__version__}" in text
    assert "Usage: tipline [OPTIONS] COMMAND [ARGS]..." in text  # click's name for it: the command's
    assert "No such command 'no-such-command'" in text


def test_environments_a_fork_cannot_start_with_are_refused() -> None:
    assert zygote.can_start({"PATH": "/bin", "PYTHONUNBUFFERED": "1", "TIPLINE_DATA_DIR": "/x", "TMPDIR": "/y"})
    # A new interpreter reads these while starting (stdio buffering, locale): a fork has the zygote's.
    assert not zygote.can_start({"PATH": "/bin"})
    assert not zygote.can_start({"PYTHONUNBUFFERED": "1", "LANG": "de_DE.UTF-8"})
    assert not zygote.can_start({"PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0"})
    with pytest.raises(ValueError, match="LC_ALL"):
        zygote.spawn([TIPLINE, "--version"], env={"PYTHONUNBUFFERED": "1", "LC_ALL": "C"}, output=Path("/dev/null"))


def test_the_zygote_is_a_new_interpreter_with_one_thread() -> None:
    """Started with its own minimal environment (not a fork of the test process), and one thread
    when it forks (a fork copies only the forking thread: another's locks would stay held)."""
    launcher = zygote.zygote()
    proc = Path(f"/proc/{launcher.pid}")
    assert [sys.executable, "-c"] == proc.joinpath("cmdline").read_bytes().decode().split("\0")[:2]
    started_with = dict(
        entry.split("=", 1) for entry in proc.joinpath("environ").read_bytes().decode().split("\0") if entry
    )
    assert zygote.ZYGOTE_ENVIRONMENT == started_with
    assert ["task"] * 1 == ["task" for _ in proc.joinpath("task").iterdir()]


@pytest.mark.parametrize("ending", ["exit", "sigkill"])
def test_the_zygote_and_its_children_end_with_the_test_process(tmp_path: Path, ending: str) -> None:
    """Whether the test process exits or is killed, the zygote sees its channel close, kills what
    it started (a whole session for a child with its own) and exits."""
    # The child and a child of its own, in the child's session.
    child_script = script(tmp_path, "import os, time; os.fork(); print('up'); time.sleep(60)")
    output = tmp_path / "out"
    runner = f"""
        import os, signal, sys, time
        from pathlib import Path
        from tests.factories import zygote
        launcher = zygote.zygote()
        child = launcher.spawn(["child"], env={{}}, output=Path({str(output)!r}), start_new_session=True,
                               script=Path({str(child_script)!r}))
        print(launcher.pid, child.pid, flush=True)
        deadline = time.monotonic() + 30
        while "up" not in Path({str(output)!r}).read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        if {ending!r} == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
    """
    source_root = str(Path(tipline.__file__).resolve().parents[1])
    finished = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(runner)],
        env={"PATH": "/bin", "PYTHONPATH": os.pathsep.join([str(ROOT), source_root])},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (0 if ending == "exit" else -signal.SIGKILL) == finished.returncode, finished.stderr
    launcher_pid, child_pid = (int(pid) for pid in finished.stdout.split())
    wait_for(lambda: not running(launcher_pid), timeout=30, what="the zygote to end")
    wait_for(lambda: not process_group_alive(child_pid), timeout=30, what="its child to end")
    assert "up" in output.read_text()  # the child did run


def test_run_answers_as_subprocess_run_with_stdout_and_stderr_apart_and_nothing_on_disk(tmp_path: Path) -> None:
    """zygote.run, for `tipline ARGS` that a test runs as a process of its own (LiveInstance.cli with
    process=True): the same status, stdout and stderr as subprocess.run, each stream apart, kept in
    memory only."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    for args in (["--version"], ["no-such-command"], ["check", "--data-dir", str(tmp_path / "missing")]):
        forked = zygote.run([TIPLINE, *args], env=env, timeout=60)
        real = subprocess.run([TIPLINE, *args], env=env, capture_output=True, text=True, timeout=60, check=False)
        assert (real.returncode, real.stdout, real.stderr) == (forked.returncode, forked.stdout, forked.stderr)
        assert forked.stdout or forked.stderr
    assert [] == list(tmp_path.iterdir())  # nothing written where the child's streams went


def test_an_interruptible_child_stops_on_ctrl_c_even_if_this_run_ignores_it(tmp_path: Path) -> None:
    """``interruptible``: SIGINT raises KeyboardInterrupt in the child, as in a terminal, whatever
    disposition the zygote inherited (a run started as a shell's background job ignores SIGINT)."""
    child_script = script(
        tmp_path,
        """
        import signal, time
        print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, flush=True)
        time.sleep(30)
        """,
    )
    output = tmp_path / "output.log"
    child = zygote.zygote().spawn(["child"], env={}, output=output, script=child_script, interruptible=True)
    wait_for(lambda: output.exists() and "\n" in output.read_text(), timeout=30)  # the whole line printed
    child.send_signal(signal.SIGINT)
    # An uncaught KeyboardInterrupt ends Python by its SIGINT, as a new interpreter's does: its
    # traceback printed first, so not a kill by the signal alone.
    assert -signal.SIGINT == child.wait(timeout=30)
    printed = output.read_text()
    assert printed.startswith("True\n")
    assert "KeyboardInterrupt" in printed
