"""tipline desk doctor: what the workstation is missing, and what each missing piece disables."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tipline.cli.desk_workflow_support import desk_dir_option
from tipline.desk.doctor import examine, model_finding
from tipline.desk.terminal import echo


@click.command()
@desk_dir_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per requirement, for scripts.")
def doctor(desk_dir: Path, as_json: bool) -> None:
    """Check the desk's Debian packages, Python packages and translation models.

    Lists each one, and for what is missing, what it disables and how to install it. Exits 1 when
    something is missing. Reads nothing from the network and changes nothing.
    """
    findings = [*examine(), model_finding(desk_dir.expanduser())]
    if as_json:
        for finding in findings:
            entry = finding.requirement
            echo(
                json.dumps(
                    {
                        "name": entry.name,
                        "kind": entry.kind,
                        "present": finding.present,
                        "disables": None if finding.present else entry.disables,
                        "install": None if finding.present else entry.install,
                    },
                    ensure_ascii=False,
                )
            )
    else:
        for finding in findings:
            entry = finding.requirement
            echo(f"{'ok     ' if finding.present else 'MISSING'}  {entry.name} ({entry.kind})")
            if not finding.present:
                echo(f"         disables: {entry.disables}")
                echo(f"         install:  {entry.install}")
    missing = sum(not finding.present and finding.requirement.kind != "optional" for finding in findings)
    if missing:
        echo(f"{missing} missing: the desk works without them, with the features above disabled.", err=True)
        raise SystemExit(1)
