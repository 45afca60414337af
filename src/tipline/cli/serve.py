"""tipline serve: both interfaces, each on its own port, under gunicorn."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.cli.restamp import restamp_process
from tipline.cli.retention import has_scheduled_work, worker_process
from tipline.config import Settings
from tipline.storage import BlobStore

# As cli/guarded_worker.py's HEAD_TIMEOUT_SECONDS (the --head-timeout default), without importing
# gunicorn for every `tipline` command: tests/unit/test_guarded_worker.py checks they agree.
HEAD_TIMEOUT_SECONDS = 20.0
# Open connections per worker process, idle and slow ones included (each costs a file descriptor
# and a few KiB: see LimitNOFILE in deploy/tipline-serve.service).
WORKER_CONNECTIONS = 2000


def _gunicorn_options(bind: str, threads: int, workers: int, head_timeout: float) -> dict[str, Any]:
    from tipline.cli.guarded_worker import with_head_timeout

    return {
        "bind": bind,
        # One process unless sessions are shared (database or Redis): the embedded
        # store lives in one process's memory. Threads give concurrency.
        "workers": workers,
        # gthread, but no client can hold a thread by sending its request slowly: heads and small
        # bodies are read by the main loop, uploads stream on their own threads (threat T8).
        "worker_class": with_head_timeout(head_timeout),
        "threads": threads,
        "worker_connections": WORKER_CONNECTIONS,
        # No access log at all: it would record who came when (threat T1).
        "accesslog": None,
        "errorlog": "-",
        # Not "warning": gunicorn logs "Invalid request from ip=…" at that level (threat T1).
        "loglevel": "error",
        "forwarded_allow_ips": "",
        "proxy_allow_ips": "",
        "timeout": 120,
        "graceful_timeout": 10,
        "keepalive": 5,
    }


_MIB = 1024 * 1024
# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _tune_malloc() -> None:
    """Let the upload path's ~1 MiB buffers be reused from the heap instead of mapped afresh.

    By default glibc serves each of them with a new mmap, whose pages the kernel must fault in
    and zero, and unmaps it when freed; for an upload that is several buffers per MiB received.
    Measured with benchmarks/bench_upload.py: the worker's CPU per GiB uploaded fell by about
    40 %, its peak memory stayed the same. The cost: up to 8 MiB of freed memory per malloc
    arena is kept rather than returned to the kernel, so fragments of recent uploads may stay
    in the worker's memory a little longer (never on disk; 32 MiB saved another ~7 % of CPU,
    not worth the longer exposure). Not glibc: nothing happens, uploads are only slower.
    """
    with contextlib.suppress(OSError, AttributeError):
        mallopt = ctypes.CDLL(None).mallopt
        mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        mallopt(_M_MMAP_THRESHOLD, 4 * _MIB)
        mallopt(_M_TRIM_THRESHOLD, 8 * _MIB)


def _harden_gunicorn_errors(interface: str) -> None:
    """gunicorn answers a request it cannot parse (bad request line or header, 414, 431) itself,
    before the app sees it: without this, that page has none of the security headers and quotes
    the offending request back."""
    from gunicorn import util

    from tipline.web.common.headers import JOURNALIST_CSP, SOURCE_CSP, bare_error_response

    csp = SOURCE_CSP if interface == "source" else JOURNALIST_CSP

    def write_error(sock: socket.socket, status_int: int, reason: str, _message: str) -> None:
        util.write_nonblock(sock, bare_error_response(status_int, reason, csp))

    util.write_error = write_error


def _run_gunicorn(interface: str, settings: Settings, options: dict[str, Any]) -> None:
    """One interface under gunicorn, with ``options`` (_gunicorn_options)."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.http import wsgi

    wsgi.SERVER = "tipline"  # no software version in responses
    _harden_gunicorn_errors(interface)
    _tune_malloc()  # before gunicorn forks its worker, which inherits the settings

    def factory() -> Callable[..., Any]:  # a WSGI app; cli names no web framework
        from tipline.services import build_services

        services = build_services(settings)
        # A worker starts when the server starts, and when gunicorn replaces one that died
        # (killed for a timeout, or by the kernel for memory) and left its uploads half-written.
        _discard_abandoned_writes(services.store)
        if interface == "source":
            from tipline.web.source import create_source_app

            return create_source_app(services)
        from tipline.web.journalist import create_journalist_app

        return create_journalist_app(services)

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            self.cfg.set("proc_name", f"tipline-{interface}")

        def load(self) -> Callable[..., Any]:
            return factory()

    Application().run()


def _import_before_forking() -> None:
    """Import the code both interfaces run (the web framework, both apps, gunicorn) once, here,
    before the fork: otherwise each interface's process imports the same modules again, in
    parallel, after it (about a second of CPU per start, measured with tests/factories/live.py).
    Only imports: no app, engine, connection or thread exists until each worker builds its own
    (factory() below), so nothing is shared between the processes but read-only code."""
    import gunicorn.app.base
    import gunicorn.http.wsgi  # noqa: F401

    import tipline.cli.guarded_worker
    import tipline.web.journalist
    import tipline.web.source  # noqa: F401


def _build_before_forking(settings: Settings) -> None:
    """What every worker of both interfaces builds the same way from ``settings`` and never
    changes, built once here so that each inherits it: the database driver's import (psycopg
    for PostgreSQL, a tenth of a second each) and the codename scheme (every list's lexicon and
    other spellings, about 0.15 s of CPU each; cached by tipline.sources.codenames). Neither
    holds a connection, a file or a thread."""
    from sqlalchemy.engine import make_url

    from tipline.db import normalise_url
    from tipline.sources.codenames import codename_scheme

    make_url(normalise_url(settings.effective_database_url)).get_dialect().import_dbapi()
    codename_scheme(settings.codename_words, settings.default_locale)


def _discard_abandoned_writes(store: BlobStore) -> None:
    """Remove what a killed server or worker left half-written in the store's .incoming folder.

    Only files no living process holds are removed (see LocalBlobStore.discard_abandoned), so
    this is safe beside other workers and servers sharing the folder. An S3 bucket's incomplete
    uploads have no such owner mark: `tipline check --repair` removes them after its grace period.
    """
    from tipline.storage import LocalBlobStore

    if isinstance(store, LocalBlobStore):
        discarded = store.discard_abandoned()
        if discarded:
            click.echo(
                f"Discarded {discarded} unfinished write(s) left by a server or worker that was stopped mid-write."
            )


@click.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--source-port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--journalist-port", default=8081, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads per interface.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes per interface; more than 1 needs shared sessions (shared_state database or redis).",
)
@click.option(
    "--head-timeout",
    default=HEAD_TIMEOUT_SECONDS,
    show_default=True,
    type=click.FloatRange(1, 3600),
    metavar="SECONDS",
    help="Close a connection whose request head (and small body) has not all arrived this many "
    "seconds after it connected or after its previous response (slow clients, threat T8).",
)
@click.option(
    "--retention/--no-retention",
    default=True,
    show_default=True,
    help="Also run the retention job on schedule (off: run `tipline worker` elsewhere).",
)
def serve(
    *,
    data_dir: Path | None,
    host: str,
    source_port: int,
    journalist_port: int,
    threads: int,
    workers: int,
    head_timeout: float,
    retention: bool,
) -> None:
    """Serve the source and journalist interfaces (gunicorn, no debug mode)."""
    settings = settings_for(data_dir)
    if workers > 1 and settings.effective_shared_state == "memory":
        raise click.UsageError(
            "--workers above 1 needs sessions shared between processes: set redis_url "
            "(TIPLINE_REDIS_URL) or shared_state = 'database' (TIPLINE_SHARED_STATE)."
        )
    from tipline.services import build_store

    _discard_abandoned_writes(build_store(settings))
    _import_before_forking()
    _build_before_forking(settings)
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(
            target=_run_gunicorn,
            args=(name, settings, _gunicorn_options(f"{host}:{port}", threads, workers, head_timeout)),
            name=f"tipline-{name}",
        )
        for name, port in (("source", source_port), ("journalist", journalist_port))
    ]
    if retention and has_scheduled_work(settings):
        processes.append(context.Process(target=worker_process, args=(settings,), name="tipline-retention"))
    if settings.restamp_interval_minutes > 0:  # file times back to the day (threat T1)
        processes.append(context.Process(target=restamp_process, args=(settings,), name="tipline-restamp"))
    for process in processes:
        process.start()
    click.echo(f"Source interface:     http://{host}:{source_port}/")
    click.echo(f"Journalist interface: http://{host}:{journalist_port}/  (API: /api/v1/)")
    click.echo("Press Ctrl+C to stop.")

    def stop(_signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive() and process.pid:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in processes:
        process.join()
    failed = [p.name for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        click.echo(f"Stopped with errors: {', '.join(failed)}", err=True)
        sys.exit(1)
