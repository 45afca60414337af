"""tipline init: a new instance folder with config, database, store and newsroom keys."""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.config import CONFIG_FILE_NAME, IDENTITY_FILE_NAME, Settings, render_config, resolve_data_dir
from tipline.crypto.age import generate_identity, is_valid_recipient
from tipline.migrations.runner import upgrade
from tipline.services import prepare_store, record_new_instance


def _write_private(path: Path, text: str) -> None:
    """Create a 0600 file; O_EXCL so that an existing key file is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


@click.command()
@data_dir_option
@click.option(
    "--recipient",
    help="Use this existing newsroom age recipient (age1…) instead of generating a new identity here.",
)
def init(data_dir: Path | None, recipient: str | None) -> None:
    """Create an instance: config, database, encrypted store and the newsroom's age identity.

    Safe to run again: existing keys and config are never overwritten; the database is brought
    up to date.
    """
    directory = resolve_data_dir(data_dir, os.environ)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    config_path = directory / CONFIG_FILE_NAME
    new_instance = not config_path.exists()
    if not new_instance:
        settings = settings_for(directory)
        click.echo(f"{directory} is initialised already; keys and config are left as they are.")
    else:
        identity_path = directory / IDENTITY_FILE_NAME
        if recipient is not None:
            if not is_valid_recipient(recipient):
                raise click.BadParameter("not an age recipient (age1…)", param_hint="--recipient")
        elif identity_path.exists():
            raise click.ClickException(
                f"{identity_path} exists but {config_path} does not: refusing to replace a key. "
                "Pass its public key with --recipient."
            )
        else:
            identity, recipient = generate_identity()
            created = datetime.datetime.now(datetime.UTC).date().isoformat()
            _write_private(identity_path, f"# created: {created}\n# public key: {recipient}\n{identity}\n")
        settings = Settings(
            data_dir=directory,
            newsroom_recipient=recipient,
            codename_salt=secrets.token_hex(16),
            source_secret_key=secrets.token_urlsafe(32),
            journalist_secret_key=secrets.token_urlsafe(32),
        )
        _write_private(config_path, render_config(settings))
        settings = settings_for(directory)  # read back: environment overrides apply
        click.echo(f"Created {directory}.")
        click.echo(f"Newsroom recipient (public key): {recipient}")
        if identity_path.exists():
            click.secho(
                f"WARNING: {identity_path} is the newsroom's secret key. Move it to an offline machine "
                "now and delete it here: anyone who seizes this server with it can read every submission.",
                fg="yellow",
                err=True,
            )
    prepare_store(settings)
    upgrade(settings.effective_database_url)
    if new_instance:  # the first key's day, for `newsroom_key_max_age_days` (an older instance's is unknown)
        record_new_instance(settings)
    click.echo("Database is up to date.")
