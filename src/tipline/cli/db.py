"""tipline db: schema migrations."""

from __future__ import annotations

from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.migrations.runner import includes
from tipline.migrations.runner import upgrade as run_upgrade
from tipline.services import build_services


@click.group()
def db() -> None:
    """Database schema commands."""


@db.command()
@data_dir_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(data_dir: Path | None, revision: str) -> None:
    """Apply database migrations up to REVISION, then seal TOTP secrets still stored in plaintext."""
    settings = settings_for(data_dir)
    run_upgrade(settings.effective_database_url, revision)
    click.echo(f"Database upgraded to {revision}.")
    if includes(settings.effective_database_url, "0004"):
        # 0004 makes room for sealed TOTP secrets but cannot seal them (the key is a setting).
        services = build_services(settings)
        try:
            sealed = services.journalists.seal_plaintext_totp_secrets()
        finally:
            services.close()
        if sealed:
            click.echo(f"Sealed {len(sealed)} TOTP secret(s) stored in plaintext.")
