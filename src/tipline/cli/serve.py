"""tipline serve: both interfaces, each on its own port, under gunicorn."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click
from flask import Flask

from tipline.cli.options import data_dir_option, settings_for
from tipline.cli.retention import has_scheduled_work, worker_process
from tipline.config import Settings


def _gunicorn_options(bind: str, threads: int, workers: int = 1) -> dict[str, Any]:
    return {
        "bind": bind,
        # One process unless sessions and counters are shared (database or Redis): the embedded
        # store lives in one process's memory. Threads give concurrency.
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # No access log at all: it would record who came when (threat T1).
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "forwarded_allow_ips": "",
        "proxy_allow_ips": "",
        "timeout": 120,
        "graceful_timeout": 10,
        "keepalive": 5,
    }


def _run_gunicorn(interface: str, settings: Settings, bind: str, threads: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication
    from gunicorn.http import wsgi

    wsgi.SERVER = "tipline"  # no software version in responses

    def factory() -> Flask:
        from tipline.services import build_services

        services = build_services(settings)
        if interface == "source":
            from tipline.web.source import create_source_app

            return create_source_app(services)
        from tipline.web.journalist import create_journalist_app

        return create_journalist_app(services)

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in _gunicorn_options(bind, threads, workers).items():
                self.cfg.set(key, value)
            self.cfg.set("proc_name", f"tipline-{interface}")

        def load(self) -> Callable[..., Any]:
            return factory()

    Application().run()


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
    retention: bool,
) -> None:
    """Serve the source and journalist interfaces (gunicorn, no debug mode)."""
    settings = settings_for(data_dir)
    if workers > 1 and settings.effective_shared_state == "memory":
        raise click.UsageError(
            "--workers above 1 needs sessions shared between processes: set redis_url "
            "(TIPLINE_REDIS_URL) or shared_state = 'database' (TIPLINE_SHARED_STATE)."
        )
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(
            target=_run_gunicorn, args=(name, settings, f"{host}:{port}", threads, workers), name=f"tipline-{name}"
        )
        for name, port in (("source", source_port), ("journalist", journalist_port))
    ]
    if retention and has_scheduled_work(settings):
        processes.append(context.Process(target=worker_process, args=(settings,), name="tipline-retention"))
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
