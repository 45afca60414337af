"""Render docs/cli.md from click's own help, walking every group and subcommand.

Run `bin/cli-docs` to rewrite docs/cli.md; tests/test_docs.py fails when they disagree.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from tipline.cli import main as tipline_main

CLI_DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
# Fixed, so that the rendering does not depend on the terminal it is run in.
WIDTH = 100

HEADER = """# Command-line reference

Generated from the commands' own `--help` by `bin/cli-docs`; do not edit by hand.
`tests/test_docs.py` fails when this page and the commands disagree: run `bin/cli-docs`.
"""


def _contexts(command: click.Command, ctx: click.Context) -> Iterator[tuple[click.Command, click.Context]]:
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            # resilient_parsing: no callbacks (--version), no "missing argument" errors.
            sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True, terminal_width=WIDTH)
            yield from _contexts(sub, sub_ctx)


def render(root: click.Command = tipline_main, name: str = "tipline") -> str:
    """Markdown with one section per command, in tree order, each holding the command's help."""
    ctx = root.make_context(name, [], resilient_parsing=True, terminal_width=WIDTH)
    sections = [HEADER]
    for command, command_ctx in _contexts(root, ctx):
        help_text = command.get_help(command_ctx).rstrip()
        sections.append(f"## `{command_ctx.command_path}`\n\n```text\n{help_text}\n```\n")
    return "\n".join(sections)


def main() -> None:
    CLI_DOCS.write_text(render(), encoding="utf-8")
    print(f"wrote {CLI_DOCS}", file=sys.stderr)


if __name__ == "__main__":
    main()
