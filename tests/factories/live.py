"""A real Tipline instance: `tipline init`, then `tipline serve` in a process of its own on free ports.

Its working folder for temporary files (TMPDIR) and its whole output are kept per test, so that
tests can search them (the seizure test does).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.factories import zygote
from tests.factories.settings import CHEAP_KDF
from tipline.config import load_settings, render_config
from tipline.migrations.runner import upgrade

TIPLINE = str(Path(sys.executable).parent / "tipline")


def free_ports(count: int) -> list[int]:
    """``count`` different free loopback ports: each probe stays bound until all are chosen (one
    probe at a time, the kernel may hand out the same port twice, and a server then cannot bind
    its second interface)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def free_port() -> int:
    return free_ports(1)[0]


@dataclass
class LiveInstance:
    data_dir: Path
    tmp_dir: Path
    output_path: Path
    source_url: str
    journalist_url: str
    env: dict[str, str]
    process: zygote.ServerProcess | None = None
    # The `tipline` command: the checkout's venv's, or an installed wheel's (tests/packaging).
    tipline: str = TIPLINE

    def cli(self, *args: str, check: bool = True, process: bool = False) -> subprocess.CompletedProcess[str]:
        """Run `tipline ARGS` against this instance's data folder.

        The checkout's command runs in this process (see _in_process: a second interpreter costs
        about a second of CPU per call); ``process=True`` runs it as its own process, for tests
        about what the process leaves behind (its TMPDIR, its files on a seized disk, a killed
        or faulty process). The long-running commands (serve, worker) and an installed wheel's
        command always run as a process."""
        if not process and self.tipline == TIPLINE and args[:1] not in (("serve",), ("worker",)):
            result = _invoke(self.env, *args)
        elif self.tipline == TIPLINE and zygote.forks_allowed(self.env):
            # Its own process, forked from the zygote: the same command in a process of its own,
            # without a new interpreter importing Tipline first (see serve below).
            result = zygote.run([self.tipline, *args], env=self.env, timeout=120)
        else:
            return subprocess.run(
                [self.tipline, *args], env=self.env, capture_output=True, text=True, check=check, timeout=120
            )
        if check and result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout, result.stderr)
        return result

    def add_journalist(self, username: str, *, admin: bool = False) -> dict[str, Any]:
        args = ("journalist", "add", username, "--json", *(["--admin"] if admin else []))
        output = _in_process(self.env, *args) if self.tipline == TIPLINE else self.cli(*args).stdout
        created: dict[str, Any] = json.loads(output)
        return created

    def output(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None


def _in_process(env: Mapping[str, str], *args: str) -> str:
    """`tipline ARGS` run by this process, for the checkout's own command: the same code as in a
    subprocess, without a second interpreter importing Tipline (about a second of CPU, many
    seconds on a loaded machine, for each of the hundreds of live instances a run starts). Only
    the instance's TIPLINE_* variables apply, as in the subprocess's bare environment. The
    installed wheel's command (tests/packaging) still runs as a subprocess."""
    result = _invoke(env, *args)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout, result.stderr)
    return result.stdout


def _invoke(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`tipline ARGS` in this process, answered as the process would: its exit status, its
    stdout and its stderr (an uncaught exception's traceback there, and status 1)."""
    from click.testing import CliRunner

    from tipline.cli import main

    variables: dict[str, str | None] = {name: None for name in os.environ if name.startswith("TIPLINE_")}
    variables.update({name: value for name, value in env.items() if name.startswith("TIPLINE_")})
    result = CliRunner().invoke(main, list(args), env=variables, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["tipline", *args], result.exit_code, result.stdout, stderr)


def unique_username(prefix: str) -> str:
    """A journalist's name no other test on a shared server (``shared_live_instance``) has."""
    return f"{prefix}-{secrets.token_hex(4)}"


@functools.cache
def migrated_sqlite() -> Path:
    """A SQLite file migrated to head once per process (per xdist worker), for tests to copy:
    every migration from an empty file costs about a second of CPU each time."""
    folder = Path(tempfile.mkdtemp(prefix="tipline-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "tipline.sqlite"
    upgrade(f"sqlite:///{path}")
    # The migration's engine is disposed: its WAL is checkpointed into the file and removed.
    assert not path.with_name(path.name + "-wal").exists()
    return path


def prepare_instance(
    root: Path,
    *,
    settings_overrides: Mapping[str, Any] | None = None,
    extra_env: Mapping[str, str] | None = None,
    tipline: str = TIPLINE,
    fresh_schema: bool = False,
) -> LiveInstance:
    """Initialise a data folder with cheap KDF settings; do not start serving yet.

    The embedded SQLite database starts as a copy of ``migrated_sqlite()``: `tipline init` then
    finds it at the head revision, as it finds an instance's after `tipline db upgrade`, and does
    everything else it does (keys, config, store, the first key's day). ``fresh_schema`` lets
    init migrate an empty database itself, for tests of init and the migrations; an installed
    wheel's init always does. A database elsewhere (TIPLINE_DATABASE_URL) is the caller's."""
    data_dir = root / "data"
    tmp_dir = root / "server-tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    if not fresh_schema and tipline == TIPLINE and "TIPLINE_DATABASE_URL" not in (extra_env or {}):
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(migrated_sqlite(), data_dir / "tipline.sqlite")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "TMPDIR": str(tmp_dir),
        "TIPLINE_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    if tipline == TIPLINE:
        _in_process(env, "init")
    else:
        subprocess.run([tipline, "init"], env=env, capture_output=True, check=True, timeout=120)
    settings = load_settings(data_dir, environ={})
    changes: dict[str, Any] = {"codename_kdf": CHEAP_KDF, "passphrase_kdf": CHEAP_KDF, **(settings_overrides or {})}
    settings = settings.replace(**changes)
    (data_dir / "tipline.toml").write_text(render_config(settings), encoding="utf-8")
    source_port, journalist_port = free_ports(2)
    instance = LiveInstance(
        data_dir=data_dir,
        tmp_dir=tmp_dir,
        output_path=root / "server-output.log",
        source_url=f"http://127.0.0.1:{source_port}",
        journalist_url=f"http://127.0.0.1:{journalist_port}",
        env=env,
        tipline=tipline,
    )
    instance.env["TIPLINE_TEST_PORTS"] = f"{source_port},{journalist_port}"
    return instance


def serve(instance: LiveInstance, *extra_args: str, timeout: float = 30.0) -> LiveInstance:
    """Start `tipline serve` and wait until both interfaces answer.

    The checkout's command is a fork of this process's zygote (tests/factories/zygote.py): the
    same `tipline serve` with the same arguments, environment, folder and output, without a new
    interpreter importing Tipline, Flask, SQLAlchemy and gunicorn first (about 0.8 s of CPU for
    each of the run's 80-90 servers). An installed wheel's command (tests/packaging), and any
    run with TIPLINE_TEST_NO_ZYGOTE=1 (to compare), start a new process with Popen."""
    source_port, journalist_port = instance.env["TIPLINE_TEST_PORTS"].split(",")
    argv = [instance.tipline, "serve", "--source-port", source_port, "--journalist-port", journalist_port, *extra_args]
    if instance.tipline == TIPLINE and zygote.forks_allowed(instance.env):
        instance.process = zygote.spawn(argv, env=instance.env, output=instance.output_path, start_new_session=True)
    else:
        with instance.output_path.open("ab") as output:
            instance.process = subprocess.Popen(
                argv, env=instance.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
    deadline = time.monotonic() + timeout
    for url in (instance.source_url, instance.journalist_url + "/api/v1/"):
        while True:
            if instance.process.poll() is not None:
                raise RuntimeError(f"tipline serve exited early:\n{instance.output()}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    instance.stop()
                    raise RuntimeError(f"tipline serve did not answer in {timeout}s:\n{instance.output()}") from None
                # Short: each try is a refused connection on loopback, and the test waits meanwhile.
                time.sleep(0.05)
    return instance
