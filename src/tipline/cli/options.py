"""Options and helpers every command shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tipline.config import Settings, load_settings, resolve_data_dir

F = TypeVar("F", bound=Callable[..., Any])


def data_dir_option(function: F) -> F:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Instance folder. Default: $TIPLINE_DATA_DIR, else ./tipline-data.",
    )(function)


def settings_for(data_dir: Path | None) -> Settings:
    return load_settings(resolve_data_dir(data_dir, os.environ))  # ConfigError: the message, exit 1
