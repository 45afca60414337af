"""tipline journalist: newsroom accounts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.services import build_services


@click.group()
def journalist() -> None:
    """Manage journalist accounts."""


@journalist.command()
@click.argument("username")
@click.option("--admin", is_flag=True, help="Give the account the admin role.")
@click.option("--json", "as_json", is_flag=True, help="Print the credentials as one JSON object.")
@data_dir_option
def add(username: str, admin: bool, as_json: bool, data_dir: Path | None) -> None:
    """Create USERNAME with a generated passphrase and TOTP secret, printed once."""
    services = build_services(settings_for(data_dir))
    try:
        created = services.journalists.add(username, is_admin=admin)
    finally:
        services.close()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "username": created.username,
                    "passphrase": created.passphrase,
                    "totp_secret": created.totp_secret,
                    "totp_uri": created.totp_uri,
                    "is_admin": created.is_admin,
                }
            )
        )
        return
    click.echo(f"Journalist {created.username!r} created{' (admin)' if admin else ''}.")
    click.echo(f"  passphrase:  {created.passphrase}")
    click.echo(f"  TOTP secret: {created.totp_secret}")
    click.echo(f"  TOTP URI:    {created.totp_uri}")
    click.echo("These are shown once. Hand them over in person; they are not stored in readable form.")


@journalist.command("set-recipient")
@click.argument("username")
@click.argument("recipient")
@data_dir_option
def set_recipient(username: str, recipient: str, data_dir: Path | None) -> None:
    """Encrypt new material to USERNAME's own age RECIPIENT (age1…) as well."""
    services = build_services(settings_for(data_dir))
    try:
        services.journalists.set_age_recipient(username, recipient)
    finally:
        services.close()
    click.echo(f"New submissions will also be encrypted to {username}'s recipient.")
