"""The `tipline` command."""

from __future__ import annotations

import click

from tipline import __version__
from tipline.cli.check import check
from tipline.cli.db import db
from tipline.cli.desk import desk
from tipline.cli.dev import dev
from tipline.cli.guide import guide
from tipline.cli.init import init
from tipline.cli.journalist import journalist
from tipline.cli.keys import keys
from tipline.cli.onion import onion
from tipline.cli.retention import retention, worker
from tipline.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tipline")
def main() -> None:
    """Tipline: a secure anonymous tip line for newsrooms.

    Every command finds its instance through --data-dir, else $TIPLINE_DATA_DIR, else
    ./tipline-data.
    """


main.add_command(init)
main.add_command(journalist)
main.add_command(serve)
main.add_command(db)
main.add_command(check)
main.add_command(retention)
main.add_command(worker)
main.add_command(onion)
main.add_command(dev)
main.add_command(desk)
main.add_command(guide)
main.add_command(keys)
