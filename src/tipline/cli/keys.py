"""tipline keys: the newsroom's and the journalists' recipients, and their rotation.

The server only ever holds public recipients: a new key pair is made on the offline machine
(`age-keygen -o newsroom-identity-2027.txt`), and only its public half comes here. See
docs/key-rotation-design.md and the procedure in docs/deployment.md.
"""

from __future__ import annotations

from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.services import build_services


@click.group()
def keys() -> None:
    """The age recipients new material is encrypted to, and their rotation."""


@keys.command("list")
@data_dir_option
def list_(data_dir: Path | None) -> None:
    """The newsroom's recipients (current last, with the days each was current) and the journalists' own."""
    services = build_services(settings_for(data_dir))
    try:
        history = services.keyring.history()
        team = services.journalists.list_all()
    finally:
        services.close()
    for key in history:
        since = key.current_from.isoformat() if key.current_from else "?"
        state = f"retired {key.retired_on.isoformat()}" if key.retired_on else "CURRENT"
        click.echo(f"newsroom  {key.recipient}  from {since}  {state}")
    for member in team:
        if member.age_recipient and member.is_active:
            click.echo(f"journalist {member.username}  {member.age_recipient}")


@keys.command("rotate-newsroom")
@click.argument("recipient")
@data_dir_option
def rotate_newsroom(recipient: str, data_dir: Path | None) -> None:
    """Make RECIPIENT (age1…, a key pair made offline) the newsroom's recipient from now on.

    Every server encrypts new submissions, messages, replies and notes to it at once; the old
    recipient is retired and never used again. Keep the old identity on the desks: it still
    opens what came before.
    """
    services = build_services(settings_for(data_dir))
    try:
        retired = services.keyring.current()
        services.keyring.rotate(recipient)
    finally:
        services.close()
    click.echo(f"The newsroom recipient is now {recipient}; {retired} is retired and no longer used.")
    click.echo(
        "Give every desk that opens newsroom material the new identity beside the old one "
        "(`tipline desk open --identity NEW --identity OLD`): its next `desk open` follows the rotation. "
        "Desks without the newsroom identity pin the new recipient with "
        "`tipline desk pins --newsroom-recipient` after comparing it with this one."
    )


@keys.command("rotate-journalist")
@click.argument("username")
@click.argument("recipient")
@data_dir_option
def rotate_journalist(username: str, recipient: str, data_dir: Path | None) -> None:
    """Replace USERNAME's own age recipient with RECIPIENT (age1…, a key pair made on their desk).

    New material is encrypted to RECIPIENT instead of the old one, which is never used again;
    the journalist keeps the old identity on the desk for what came before.
    """
    services = build_services(settings_for(data_dir))
    try:
        member = next((j for j in services.journalists.list_all() if j.username == username), None)
        if member is None:
            raise click.ClickException(f"no journalist named {username!r}")
        if member.age_recipient is None:
            raise click.ClickException(
                f"{username} has no recipient to rotate: `tipline journalist set-recipient` sets the first"
            )
        if member.age_recipient == recipient:
            raise click.ClickException("that is the recipient in use: a rotation needs a newly generated key")
        services.journalists.set_age_recipient(username, recipient)
    finally:
        services.close()
    click.echo(f"New material is encrypted to {username}'s new recipient {recipient}; the old one is no longer used.")
    click.echo(f"{username} keeps the old identity on the desk for what came before.")
