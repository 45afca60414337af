"""register() adds the workflow to any click group: the desk's `tipline desk` once integrated."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from tipline.cli.desk_workflow import register


def test_register_adds_the_commands_to_a_desk_group(tmp_path: Path) -> None:
    # The root's help options: click caches a command's help option at its first use, and the
    # commands registered here are the real ones (docs/cli.md is rendered from them later).
    @click.group(context_settings={"help_option_names": ["-h", "--help"]})
    def root() -> None:
        """Stands for `tipline`."""

    @root.group()
    def desk() -> None:
        """Stands for `tipline desk`."""

    register(desk)
    assert {"case", "claim", "translate", "models", "exposure-check", "draft"} <= set(desk.commands)
    result = CliRunner().invoke(root, ["desk", "case", "new", "--desk-dir", str(tmp_path / "d"), "A story"])
    assert 0 == result.exit_code, result.output
    assert "case 1: A story" in result.output
