"""The `tipline` command."""

from __future__ import annotations

import importlib

import click

from tipline import __version__

# Each command's module is imported only when that command runs (or --help lists them): importing
# them all costs over a second of CPU per invocation (SQLAlchemy, Alembic, Flask, the desk's
# libraries), paid by every `tipline` a script, a unit or a test runs.
COMMANDS = {
    "init": "tipline.cli.init:init",
    "journalist": "tipline.cli.journalist:journalist",
    "serve": "tipline.cli.serve:serve",
    "db": "tipline.cli.db:db",
    "check": "tipline.cli.check:check",
    "retention": "tipline.cli.retention:retention",
    "worker": "tipline.cli.retention:worker",
    "onion": "tipline.cli.onion:onion",
    "dev": "tipline.cli.dev:dev",
    "desk": "tipline.cli.desk:desk",
    "guide": "tipline.cli.guide:guide",
    "keys": "tipline.cli.keys:keys",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        """Every command's errors, answered once: a refusal or failure of ours (tipline/errors.py)
        or a configuration that does not load is its message and exit status 1, never a traceback.
        The desk answers its own (cli/desk.py): its messages may quote what a server sent."""
        try:
            return super().invoke(ctx)
        except Exception as error:
            from tipline.errors import ConfigError, TiplineError  # here: the happy path imports none of it

            if isinstance(error, TiplineError | ConfigError):
                raise click.ClickException(str(error)) from None
            raise


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tipline")
def main() -> None:
    """Tipline: a secure anonymous tip line for newsrooms.

    Every command finds its instance through --data-dir, else $TIPLINE_DATA_DIR, else
    ./tipline-data.
    """
