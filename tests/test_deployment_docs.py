"""docs/deployment.md stays true: every deploy/ file, deployment setting and unit command exists."""

from __future__ import annotations

import re
from pathlib import Path

import click

from tipline.cli import main
from tipline.config import ENVIRONMENT

ROOT = Path(__file__).parent.parent
DOC = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
DEPLOYMENT_VARIABLES = [
    name
    for name in ENVIRONMENT
    if name.startswith(("TIPLINE_S3_", "TIPLINE_REDIS_", "TIPLINE_DATABASE_URL", "TIPLINE_SHARED_STATE"))
    or "RETENTION" in name
]


def test_every_deploy_file_is_documented() -> None:
    files = sorted(path.name for path in (ROOT / "deploy").iterdir())
    assert [] == [name for name in files if name not in DOC]


def test_every_deployment_setting_is_documented() -> None:
    assert len(DEPLOYMENT_VARIABLES) >= 14
    assert [] == [name for name in DEPLOYMENT_VARIABLES if name not in DOC]


def test_units_run_commands_that_exist() -> None:
    """Each `tipline …` in a unit names a real command with real options."""
    for unit in sorted((ROOT / "deploy").glob("*.service")):
        for command_line in re.findall(r"^ExecStart=\S*/tipline (.+)$", unit.read_text(), flags=re.MULTILINE):
            name, *args = command_line.split()
            command = main.get_command(click.Context(main), name)
            assert command is not None, f"{unit.name}: no command {name!r}"
            options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
            assert [] == [arg for arg in args if arg.startswith("--") and arg not in options], unit.name
