"""tipline onion: the torrc for both onion services, and journalists' client-auth keys."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tipline.onion import TorConfig, authorized_clients, generate_client_keys, remove_client, render_torrc, write_client
from tipline.onion.torrc import JOURNALIST_DIR

_TOR_DIR = click.Path(file_okay=False, path_type=Path)


def _private_dir(path: Path) -> None:
    # tor refuses onion service folders that others can read; the keys live there.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


@click.group(invoke_without_command=True)
@click.option("--tor-dir", type=_TOR_DIR, help="Folder for the torrc, tor's data and both services' keys.")
@click.option("--source-target", default="127.0.0.1:8080", show_default=True, help="Where the source app listens.")
@click.option(
    "--journalist-target", default="127.0.0.1:8081", show_default=True, help="Where the journalist app listens."
)
@click.option(
    "--control-port",
    default=0,
    type=click.IntRange(0, 65535),
    help="Loopback TCP control port for monitoring (default: a Unix socket in --tor-dir).",
)
@click.option(
    "--disable-network",
    is_flag=True,
    help="Write DisableNetwork 1: tor creates the keys and hostnames but connects nowhere (staging, tests).",
)
@click.pass_context
def onion(
    context: click.Context,
    *,
    tor_dir: Path | None,
    source_target: str,
    journalist_target: str,
    control_port: int,
    disable_network: bool,
) -> None:
    """Write DIR/torrc for two v3 onion services: the public source interface (proof-of-work
    DoS defence on) and the journalist interface (client authorisation).

    Run tor on it with `tor -f DIR/torrc`; DIR/source/hostname and DIR/journalist/hostname
    appear once tor has started. Subcommands manage journalists' client-auth keys.
    """
    if context.invoked_subcommand is not None:
        return
    if tor_dir is None:
        raise click.UsageError("--tor-dir is required")
    config = TorConfig(tor_dir.absolute(), source_target, journalist_target, control_port, disable_network)
    for directory in (config.tor_dir, config.data_dir, config.source_dir, config.journalist_dir):
        _private_dir(directory)
    _private_dir(config.journalist_dir / "authorized_clients")
    config.torrc_path.write_text(render_torrc(config), encoding="utf-8")
    click.echo(f"Wrote {config.torrc_path}. Start tor with: tor -f {config.torrc_path}")
    if not authorized_clients(config.journalist_dir):
        click.echo("No journalist can reach the journalist interface yet: `tipline onion add-client NAME`.")


def _journalist_dir(tor_dir: Path) -> Path:
    return tor_dir.absolute() / JOURNALIST_DIR


@onion.command("add-client")
@click.argument("name")
@click.option("--tor-dir", type=_TOR_DIR, required=True)
def add_client(name: str, tor_dir: Path) -> None:
    """Give journalist NAME a client-auth key for the journalist onion service (shown once)."""
    service = _journalist_dir(tor_dir)
    keys = generate_client_keys()
    try:
        path = write_client(service, name, keys)
    except FileExistsError:
        raise click.ClickException(f"{name} has a key already: `tipline onion remove-client {name}` first") from None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="NAME") from None
    hostname_file = service / "hostname"
    hostname = hostname_file.read_text().strip() if hostname_file.exists() else "<journalist-onion-address>"
    click.echo(f"Authorised {name}: {path}. Reload tor (systemctl reload tipline-tor) to apply.")
    click.echo("Give this line to the journalist, in person; it is not stored here and is shown once:")
    click.echo(keys.client_line(hostname))


@onion.command("remove-client")
@click.argument("name")
@click.option("--tor-dir", type=_TOR_DIR, required=True)
def remove_client_command(name: str, tor_dir: Path) -> None:
    """Revoke journalist NAME's access to the journalist onion service."""
    try:
        removed = remove_client(_journalist_dir(tor_dir), name)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="NAME") from None
    if not removed:
        raise click.ClickException(f"{name} has no key")
    click.echo(f"Revoked {name}. Reload tor to apply.")


@onion.command("list-clients")
@click.option("--tor-dir", type=_TOR_DIR, required=True)
def list_clients(tor_dir: Path) -> None:
    """List the journalists authorised on the journalist onion service."""
    for name in authorized_clients(_journalist_dir(tor_dir)):
        click.echo(name)
