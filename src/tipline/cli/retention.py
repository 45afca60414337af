"""tipline retention run, tipline worker: deleting on schedule what the policy says."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import click

from tipline.alerts.digest import DigestJob, digest_enabled
from tipline.cli.options import data_dir_option, settings_for
from tipline.cli.restamp import restamp_process, run_restamper, until_signalled
from tipline.config import Settings
from tipline.errors import DigestError
from tipline.retention import RetentionPolicy, RetentionReport
from tipline.retention.scheduler import run_periodically
from tipline.services import build_retention, build_services


@click.group()
def retention() -> None:
    """Retention: delete submissions, replies and inactive sources when their time is up."""


@retention.command("run")
@data_dir_option
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
def run(data_dir: Path | None, dry_run: bool) -> None:
    """Apply the retention settings once: rows, then blobs, each deletion audited."""
    services = build_services(settings_for(data_dir))
    try:
        job = build_retention(services)
        if not job.policy.enabled:
            click.echo("Retention is off: every retention period is 0 (keep for ever).")
            return
        report = job.run(dry_run=dry_run)
    finally:
        services.close()
    if report.skipped:
        click.echo("Another server is applying retention right now; nothing done.")
        return
    # The operator asked: name the designations (the newsroom's pseudonyms, never a person).
    for deletion in report.sources:
        what = (
            "whole account"
            if deletion.whole_source
            else f"{deletion.batches} batch(es), {deletion.submissions} submission(s), {deletion.replies} reply(ies)"
        )
        click.echo(f"{'would delete' if dry_run else 'deleted'}: {deletion.designation}: {what}")
    click.echo(report.summary())


def has_scheduled_work(settings: Settings) -> bool:
    """Retention is on, or sessions live in the database (expired rows to purge)."""
    if settings.retention_interval_minutes <= 0:
        return False
    return (
        RetentionPolicy.from_settings(settings).enabled
        or settings.effective_shared_state == "database"
        or digest_enabled(settings)
    )


def run_worker(settings: Settings, stop: threading.Event) -> int:
    """The retention loop; returns when STOP is set. Used by `tipline worker` and `tipline serve`."""
    services = build_services(settings)
    try:
        job = build_retention(services)
        if not has_scheduled_work(settings):
            return 0

        digest = DigestJob(settings, services.sessions)

        def scheduled() -> RetentionReport:
            services.state.purge_expired()
            services.journalists.purge_expired_tokens()
            try:
                digest.run()  # once a day at most; does nothing when no digest is configured
            except DigestError as error:  # the newsroom's mail being down must not stop retention
                click.echo(str(error), err=True)
            services.newsroom.content.purge_tombstones()
            return job.run()  # does nothing when every retention period is 0

        return run_periodically(
            scheduled, settings.retention_interval_minutes * 60, stop, lambda line: click.echo(line, err=True)
        )
    finally:
        services.close()


def worker_process(settings: Settings) -> None:
    """Entry point of the retention process that `tipline serve` starts beside the web servers."""
    until_signalled(settings, run_worker)


@click.command()
@data_dir_option
def worker(data_dir: Path | None) -> None:
    """Run scheduled jobs (retention; file times back to the day) in the foreground, for
    deployments that keep them apart from `tipline serve --no-retention`."""
    settings = settings_for(data_dir)
    if settings.retention_interval_minutes <= 0 and settings.restamp_interval_minutes <= 0:
        raise click.ClickException("retention_interval_minutes is 0: the worker has nothing to schedule")
    if settings.retention_interval_minutes > 0:
        click.echo(f"Retention every {settings.retention_interval_minutes} minute(s). Press Ctrl+C to stop.")
    if settings.restamp_interval_minutes > 0:
        click.echo(f"File times back to the day every {settings.restamp_interval_minutes} minute(s).")
    if has_scheduled_work(settings):
        _with_restamper(settings, worker_process)
    else:
        restamp_process(settings)


def _with_restamper(settings: Settings, main: Callable[[Settings], None]) -> None:
    """Run MAIN (the retention loop, which owns the signals) with the restamp loop in a thread
    beside it: a separate hook, so that either job can change without the other."""
    stop = threading.Event()
    restamper = threading.Thread(target=run_restamper, args=(settings, stop), name="tipline-restamp", daemon=True)
    restamper.start()
    try:
        main(settings)
    finally:
        stop.set()
        restamper.join(timeout=10)
