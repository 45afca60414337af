"""tipline dev: tools for developers (fake data)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.devdata.seed import seed_services
from tipline.services import build_services


@click.group()
def dev() -> None:
    """Developer tools. Never run them on a real tip line."""


@dev.command()
@data_dir_option
@click.option("--sources", "source_count", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--submissions", "submission_count", type=click.IntRange(0, 10_000_000), default=1000, show_default=True)
@click.option("--yes-fake-data", is_flag=True, help="Required: confirms this instance may be filled with fake data.")
def seed(data_dir: Path | None, source_count: int, submission_count: int, yes_fake_data: bool) -> None:
    """Fill the data folder with fake sources and fake encrypted submissions.

    Uses a cheap KDF for the fake codenames and skips fsync: for development and benchmarks only.
    """
    if not yes_fake_data:
        raise click.UsageError("refusing to add fake data without --yes-fake-data")
    services = build_services(settings_for(data_dir))
    started = time.perf_counter()
    try:
        with click.progressbar(length=source_count, label="Seeding sources") as bar:
            last = [0]

            def progress(done: int) -> None:
                bar.update(done - last[0])
                last[0] = done

            result = seed_services(services, sources=source_count, submissions=submission_count, progress=progress)
    finally:
        services.close()
    elapsed = time.perf_counter() - started
    click.echo(f"Added {result.sources} fake sources and {result.submissions} fake submissions in {elapsed:.1f} s.")
