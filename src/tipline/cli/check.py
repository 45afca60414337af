"""tipline check: do the database and the blob store agree?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.integrity import IntegrityChecker, Report
from tipline.integrity.check import DEFAULT_GRACE_SECONDS
from tipline.keyring import KeyAge
from tipline.services import build_services


def _print_report(report: Report) -> None:
    click.echo(f"{report.referenced} blobs named by the database, {report.stored} in the store.")
    for key in report.orphaned_blobs:
        click.echo(f"orphaned blob (no row names it): {key}")
    for missing in report.missing_blobs:
        click.echo(f"missing blob: {missing.table} {missing.uuid} names {missing.blob}, which is not in the store")
    for leftover in report.incomplete_writes:
        click.echo(f"unfinished write: {leftover}")
    if report.plaintext_totp_refused:
        click.echo("Every TOTP secret has been sealed: plaintext secrets in the database are refused at login.")
    for username in report.plaintext_totp_secrets:
        if report.plaintext_totp_refused:
            click.echo(
                f"TOTP secret stored in plaintext although every secret was sealed: journalist {username} "
                "(refused at login; written into the database from outside? an admin resets it on the team page)"
            )
        else:
            click.echo(f"TOTP secret stored in plaintext: journalist {username}")
    for username in report.unreadable_totp_secrets:
        click.echo(
            f"TOTP secret that does not open with this journalist_secret_key: journalist {username} "
            "(an admin resets it on the team page)"
        )


def _warn_about_key_age(age: KeyAge, max_days: int) -> None:
    """A warning only: the exit status says whether database and store agree."""
    if max_days <= 0:
        return
    if age.days is None:
        click.echo(
            f"WARNING: the newsroom recipient's age is unknown (made before this instance kept it) and "
            f"newsroom_key_max_age_days is {max_days}: rotate it (`tipline keys rotate-newsroom`) to start the count."
        )
    elif age.days > max_days:
        click.echo(
            f"WARNING: the newsroom recipient has been current for {age.days} days, more than "
            f"newsroom_key_max_age_days ({max_days}): rotate it (`tipline keys rotate-newsroom`, docs/deployment.md)."
        )


@click.command()
@data_dir_option
@click.option(
    "--repair",
    is_flag=True,
    help="Delete orphaned blobs and unfinished writes (never rows); seal TOTP secrets stored in plaintext.",
)
@click.option(
    "--grace-seconds",
    default=DEFAULT_GRACE_SECONDS,
    show_default=True,
    type=click.FloatRange(0),
    help="Leave alone orphans and unfinished writes younger than this: they may be in flight.",
)
def check(data_dir: Path | None, repair: bool, grace_seconds: float) -> None:
    """Check that the database and the blob store agree, and that every TOTP secret is sealed;
    report, and change nothing without --repair.

    Exit status: 0 when they agree (after repair, if asked), 1 when problems remain.
    """
    services = build_services(settings_for(data_dir))
    checker = IntegrityChecker(services.sessions, services.store, services.journalists)
    try:
        if repair:
            repaired = checker.repair(grace_seconds)  # RepairRefused: the message, exit 1 (cli/__init__.py)
            for username in repaired.sealed_totp_secrets:
                click.echo(f"sealed the TOTP secret of journalist {username}")
            for key in repaired.deleted_orphans:
                click.echo(f"deleted orphaned blob: {key}")
            if repaired.discarded_incomplete:
                click.echo(f"discarded {repaired.discarded_incomplete} unfinished write(s)")
        report = checker.check(grace_seconds)
        key_age = services.keyring.current_age()
    finally:
        services.close()
    _print_report(report)
    _warn_about_key_age(key_age, services.settings.newsroom_key_max_age_days)
    if report.ok:
        click.echo("The database and the store agree.")
        return
    click.echo("Problems found." + ("" if repair else " `tipline check --repair` fixes what is safe to fix."))
    sys.exit(1)
