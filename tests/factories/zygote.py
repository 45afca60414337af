"""A pre-imported launcher ("zygote") for `tipline serve` in tests: each start is a fork of one
process that has already imported Tipline and everything serve runs, instead of a new interpreter
importing all of it again (about 0.8 s of CPU per start, some 80-90 starts per run).

Two halves in one file. The client (``spawn``, ``ZygoteChild``) runs in the test process. The
zygote is this file run as a script by ``Zygote.start``: a fresh interpreter started with a
minimal environment, never a fork of the test process (whose modules, threads and settings must
not leak into a server). It only imports, never runs a command, and has one thread when it forks.
The test process talks to it over a SOCK_SEQPACKET socket pair (one message a record, JSON):

    → {"op": "spawn", "argv", "env", "cwd", "output", "errors", "new_session", "interruptible", "script"}
    ← {"op": "spawned", "pid"} or {"op": "failed", "errno", "message"}
    → {"op": "signal", "pid", "signal"}   ← {"op": "signalled", "sent"}
    ← {"op": "exited", "pid", "returncode"} whenever a child ends (the zygote reaps it)

The forked child does what Popen and the interpreter would have done for `tipline ARGS`: a new
session if asked, stdin from /dev/null, stdout and stderr to the output file, only fds 0-2 open,
exactly the given environment, the working folder, the interpreter's own signal handlers, then
the console script's ``sys.exit(main())`` and the interpreter's normal exit (threads joined,
atexit handlers, streams flushed). What a fresh interpreter decides at start-up from its
environment (locale, stdio buffering, hash seed) is the zygote's: ``can_start`` refuses an
environment whose start-up variables differ from the zygote's, and the caller then uses Popen.
Every child of one zygote shares its hash seed (str hashes, set order); `random` is reseeded in
each child by CPython.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

# The environment the zygote starts with: what the tests' `tipline` commands get (PYTHONUNBUFFERED,
# tests/factories/live.py) and no locale, so the interpreter sets itself up as theirs does.
ZYGOTE_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}
# Variables a fresh interpreter reads while starting (stdio, locale, paths, hash seed): a child
# whose environment differs here would not start as its own interpreter would.
_LOCALE_VARIABLES = ("LANG", "LC_ALL", "LC_CTYPE")
_MAX_MESSAGE = 1024 * 1024
_START_TIMEOUT = 120.0  # imports take about a second; many on a loaded machine
# Run as a script, this file's folder would come first on the zygote's path, and its factories
# before the standard library; the Tipline the test process imports comes first instead.
_BOOTSTRAP = "import runpy, sys; sys.path[0] = sys.argv[2]; runpy.run_path(sys.argv[3], run_name='__main__')"


class ServerProcess(Protocol):
    """What the tests use of a server's process: a subprocess.Popen or a ZygoteChild."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def send_signal(self, sig: int) -> None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


def _startup_variables(env: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in env.items() if name.startswith("PYTHON") or name in _LOCALE_VARIABLES}


def can_start(env: Mapping[str, str]) -> bool:
    """Whether a fork of the zygote starts as a new interpreter with ``env`` would."""
    return _startup_variables(env) == _startup_variables(ZYGOTE_ENVIRONMENT)


def forks_allowed(env: Mapping[str, str]) -> bool:
    """Whether a command with ``env`` may be a fork of the zygote: it can start so, and the run has
    not turned forks off (TIPLINE_TEST_NO_ZYGOTE=1, to compare with real processes)."""
    return not os.environ.get("TIPLINE_TEST_NO_ZYGOTE") and can_start(env)


# --- the client, in the test process ---


class ZygoteChild:
    """A process forked by the zygote, used as a subprocess.Popen is."""

    def __init__(self, zygote: Zygote, pid: int, args: Sequence[str]) -> None:
        self._zygote = zygote
        self.pid = pid
        self.args = list(args)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._zygote.returncode(self.pid, timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self._zygote.returncode(self.pid, timeout=timeout)
        if self.returncode is None:
            assert timeout is not None
            raise subprocess.TimeoutExpired(self.args, timeout)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        # The zygote signals only a child it has not reaped: its pid cannot belong to another process yet.
        if self.poll() is None:
            self._zygote.signal(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """The client's end of one zygote process. Safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._exits: dict[int, int] = {}
        self._socket: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def start(self) -> None:
        import tipline

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # The zygote imports the Tipline this process imports (a worktree's src, say).
        source_root = str(Path(tipline.__file__).resolve().parents[1])
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 -- read until stop() closes it
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, str(theirs.fileno()), source_root, __file__],
                env=ZYGOTE_ENVIRONMENT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=[theirs.fileno()],
                cwd="/",
            )
        finally:
            theirs.close()
        self._socket = ours
        ready = self._receive(_START_TIMEOUT)
        if ready is None or ready.get("op") != "ready":
            self.stop()
            raise ZygoteError(f"the zygote did not start: {ready!r}\n{self._stderr_text()}")

    def spawn(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        output: Path,
        cwd: Path | None = None,
        start_new_session: bool = False,
        script: Path | None = None,
        errors: Path | None = None,
        interruptible: bool = False,
    ) -> ZygoteChild:
        """Fork a child that runs ``argv`` as the `tipline` console script at ``argv[0]`` would
        (or, for this module's own tests, the Python ``script`` with ``argv`` as its sys.argv),
        its stdout and stderr appended to ``output`` (its stderr to ``errors`` if given).
        ``interruptible``: Ctrl-C (SIGINT) raises KeyboardInterrupt in it, as in a terminal, even
        when this run was started with SIGINT ignored (a shell's background job), which a child
        would otherwise inherit."""
        reply = self._request(
            {
                "op": "spawn",
                "argv": list(argv),
                "env": dict(env),
                "cwd": str(cwd if cwd is not None else Path.cwd()),
                "output": str(output),
                "errors": None if errors is None else str(errors),
                "new_session": start_new_session,
                "interruptible": interruptible,
                "script": None if script is None else str(script),
            }
        )
        if reply["op"] == "failed":
            raise OSError(reply["errno"], reply["message"])
        return ZygoteChild(self, int(reply["pid"]), argv)

    def signal(self, pid: int, sig: int) -> None:
        self._request({"op": "signal", "pid": pid, "signal": int(sig)})

    def returncode(self, pid: int, timeout: float | None) -> int | None:
        """The child's exit status (-N: killed by signal N), once it ended within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                if pid in self._exits:
                    return self._exits.pop(pid)
                left = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
                # Never more than a moment with the lock held: other threads wait on their children.
                message = self._receive(max(left, 0))
                if message is not None:
                    raise ZygoteError(f"unexpected message from the zygote: {message!r}")
            if deadline is not None and time.monotonic() >= deadline:
                with self._lock:
                    return self._exits.pop(pid, None)

    def stop(self) -> None:
        """End the zygote: closing its socket makes it SIGKILL every child still running (and,
        for those in a session of their own, their whole process group), reap them and exit."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._process is not None:
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _request(self, message: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            assert self._socket is not None, "the zygote is stopped"
            data = json.dumps(message).encode()
            if self._socket.send(data) != len(data):
                raise ZygoteError("a request too long for one record")
            reply = self._receive(None)
            if reply is None:
                raise ZygoteError("no reply")
            return reply

    def _receive(self, timeout: float | None) -> dict[str, Any] | None:
        """The next message that is not a child's exit (those are kept for returncode), or None
        after ``timeout``. The caller holds the lock (or is start)."""
        assert self._socket is not None, "the zygote is stopped"
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(deadline - time.monotonic(), 0)
            readable, _, _ = select.select([self._socket], [], [], left)
            if not readable:
                return None
            data = self._socket.recv(_MAX_MESSAGE)
            if not data:
                raise ZygoteError(f"the zygote ended:\n{self._stderr_text()}")
            message: dict[str, Any] = json.loads(data)
            if message["op"] != "exited":
                return message
            self._exits[int(message["pid"])] = int(message["returncode"])

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return str(self._stderr.read().decode(errors="replace"))


_zygote: Zygote | None = None
_zygote_owner = 0
_zygote_lock = threading.Lock()


def zygote() -> Zygote:
    """This process's zygote, started on first use and stopped when the process exits."""
    global _zygote, _zygote_owner
    with _zygote_lock:
        # A fork of the test process (multiprocessing) has no use of its parent's zygote.
        if _zygote is None or _zygote_owner != os.getpid():
            started = Zygote()
            started.start()
            import atexit

            atexit.register(started.stop)
            _zygote, _zygote_owner = started, os.getpid()
        return _zygote


def spawn(argv: Sequence[str], *, env: Mapping[str, str], output: Path, start_new_session: bool = False) -> ZygoteChild:
    """`tipline ARGS` (``argv[0]`` the checkout's `tipline` command) forked from this process's zygote."""
    if not can_start(env):
        raise ValueError(f"the zygote cannot start with these start-up variables: {_startup_variables(env)}")
    return zygote().spawn(argv, env=env, output=output, start_new_session=start_new_session)


def run(argv: Sequence[str], *, env: Mapping[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """`tipline ARGS` as subprocess.run(capture_output=True, text=True) would run it, forked from the
    zygote. Its stdout and stderr are anonymous files in memory (memfd), opened by the zygote through
    /proc: nothing is written to a disk a test may be searching. A child still running at ``timeout``
    is killed and subprocess.TimeoutExpired raised, as subprocess.run does."""
    if not can_start(env):
        raise ValueError(f"the zygote cannot start with these start-up variables: {_startup_variables(env)}")
    streams = [os.memfd_create(name) for name in ("tipline-stdout", "tipline-stderr")]
    try:
        stdout, stderr = map(memory_path, streams)
        child = zygote().spawn(argv, env=env, output=stdout, errors=stderr, start_new_session=True)
        try:
            returncode = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=10)
            raise
        out, err = map(memory_text, streams)
        return subprocess.CompletedProcess(list(argv), returncode, out, err)
    finally:
        for fd in streams:
            os.close(fd)


def memory_path(fd: int) -> Path:
    """A path the zygote opens to reach this process's in-memory file ``fd`` (os.memfd_create): a
    child's output kept off every disk."""
    return Path(f"/proc/{os.getpid()}/fd/{fd}")


def memory_text(fd: int) -> str:
    """What was written so far to the in-memory file ``fd``."""
    return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")


# --- the zygote, run as a script ---


@dataclass(frozen=True)
class _Request:
    argv: list[str]
    env: dict[str, str]
    cwd: str
    output: int  # an open file descriptor, appending
    errors: int | None  # the same, for stderr alone
    new_session: bool
    script: str | None
    interruptible: bool = False


def _send(channel: int, message: dict[str, Any]) -> None:
    # The test process gone, the channel reads as closed next: the zygote ends its children then.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        os.write(channel, json.dumps(message).encode())


def _open_for_child(message: dict[str, Any]) -> tuple[list[int] | None, dict[str, Any] | None]:
    """The output file (and the errors file, if any) opened, or the failure Popen would have raised,
    checked before the fork."""
    if not os.path.isdir(message["cwd"]):
        return None, {"op": "failed", "errno": errno.ENOENT, "message": f"no such folder: {message['cwd']}"}
    opened: list[int] = []
    for path in filter(None, (message["output"], message.get("errors"))):
        try:
            opened.append(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666))
        except OSError as error:
            for fd in opened:
                os.close(fd)
            return None, {"op": "failed", "errno": error.errno, "message": f"{error.strerror}: {path}"}
    return opened, None


def _end_children(children: dict[int, tuple[int, bool]]) -> None:
    for pidfd, (pid, new_session) in children.items():
        with contextlib.suppress(ProcessLookupError):
            if new_session:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(pidfd)


def _serve(channel: int) -> _Request | None:
    """Answer requests until the test process closes the channel (None), or, in a forked child,
    return what that child is to run. No try/finally here: the child returns through it."""
    poller = select.poll()
    poller.register(channel, select.POLLIN)
    children: dict[int, tuple[int, bool]] = {}  # pidfd → (pid, new session)
    while True:
        for fd, _events in poller.poll():
            if fd in children:  # a child ended
                pid, _new_session = children.pop(fd)
                poller.unregister(fd)
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                _send(channel, {"op": "exited", "pid": pid, "returncode": os.waitstatus_to_exitcode(status)})
                continue
            data = os.read(channel, _MAX_MESSAGE)
            if not data:
                _end_children(children)
                return None
            message = json.loads(data)
            if message["op"] == "signal":
                alive = any(pid == message["pid"] for pid, _ in children.values())
                if alive:
                    os.kill(message["pid"], message["signal"])
                _send(channel, {"op": "signalled", "sent": alive})
                continue
            opened, failure = _open_for_child(message)
            if opened is None:
                _send(channel, failure or {})
                continue
            pid = os.fork()
            if pid == 0:
                return _Request(
                    argv=message["argv"],
                    env=message["env"],
                    cwd=message["cwd"],
                    output=opened[0],
                    errors=opened[1] if len(opened) > 1 else None,
                    new_session=message["new_session"],
                    script=message["script"],
                    interruptible=bool(message.get("interruptible")),
                )
            for opened_fd in opened:
                os.close(opened_fd)
            pidfd = os.pidfd_open(pid)
            children[pidfd] = (pid, message["new_session"])
            poller.register(pidfd, select.POLLIN)
            _send(channel, {"op": "spawned", "pid": pid})


def _become(request: _Request, handlers: dict[int, Any], source_root: str) -> None:
    """In the forked child: set up what Popen and a new interpreter would have, then run."""
    if request.new_session:
        os.setsid()
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    os.dup2(request.output, 1)
    os.dup2(request.output if request.errors is None else request.errors, 2)
    # As Popen's close_fds: the zygote's channel, its children's pidfds, the output's own fd.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.environ.clear()
    os.environ.update(request.env)
    os.chdir(request.cwd)
    tempfile.tempdir = None  # computed again from TMPDIR (the zygote checked nothing computed it)
    for signum, handler in handlers.items():
        if signal.getsignal(signum) is not handler:
            signal.signal(signum, handler)
    if request.interruptible:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if request.script is not None:
        import runpy

        sys.argv = [request.script, *request.argv[1:]]
        sys.path[0] = os.path.dirname(request.script)
        runpy.run_path(request.script, run_name="__main__")
        return
    # As the console script (.venv/bin/tipline): its folder first on the path, its name as argv[0].
    sys.argv = list(request.argv)
    sys.path[0] = os.path.dirname(request.argv[0])
    if source_root not in sys.path:
        sys.path.insert(1, source_root)
    from tipline.cli import main

    sys.exit(main())


def _import_what_serve_runs() -> None:
    import tipline.cli
    from tipline.cli import serve

    # What `tipline serve` imports when it resolves its command, and before forking its interfaces.
    serve._import_before_forking()  # kept in step with serve itself
    assert tipline.cli.main is not None
    # And what it builds before forking (serve._build_before_forking), for the settings the tests'
    # instances have: either database driver, the default codename scheme (cached per process).
    import dataclasses
    import sqlite3  # noqa: F401

    import psycopg  # noqa: F401

    from tipline.config import Settings
    from tipline.sources.codenames import codename_scheme

    defaults = {field.name: field.default for field in dataclasses.fields(Settings)}
    codename_scheme(defaults["codename_words"], defaults["default_locale"])


def _zygote_main(channel: int, source_root: str) -> None:
    # The interpreter's own handlers, restored in each child; the zygote leaves Ctrl-C to the test
    # process, whose exit closes the channel.
    handlers: dict[int, Any] = {
        signum: handler for signum in signal.valid_signals() if (handler := signal.getsignal(signum)) is not None
    }
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _import_what_serve_runs()
    threads = os.listdir("/proc/self/task")
    if threading.active_count() != 1 or len(threads) != 1:
        raise SystemExit(f"the zygote must fork with one thread, it has {len(threads)}")
    if tempfile.tempdir is not None:
        raise SystemExit(f"an import fixed tempfile.tempdir ({tempfile.tempdir}) before any TMPDIR was given")
    _send(channel, {"op": "ready"})
    request = _serve(channel)
    if request is not None:
        _become(request, handlers, source_root)


if __name__ == "__main__":
    _zygote_main(int(sys.argv[1]), sys.argv[2])
