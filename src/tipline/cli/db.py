"""tipline db: schema migrations."""

from __future__ import annotations

from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.migrations.runner import upgrade as run_upgrade


@click.group()
def db() -> None:
    """Database schema commands."""


@db.command()
@data_dir_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(data_dir: Path | None, revision: str) -> None:
    """Apply database migrations up to REVISION."""
    settings = settings_for(data_dir)
    run_upgrade(settings.effective_database_url, revision)
    click.echo(f"Database upgraded to {revision}.")
