"""What the newsroom workflow commands share: the desk folder option, settings, the case store."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from sqlalchemy.orm import Session

from tipline.desk.terminal import console as terminal_console
from tipline.desk.terminal import echo
from tipline.desk.workflow import material as materials
from tipline.desk.workflow.cases import DOCUMENT, TESTIMONY, CaseStore, open_store
from tipline.desk.workflow.settings import DEFAULT_DESK_DIR, DeskSettings, ensure_desk_dir, load_desk_settings
from tipline.desk.workflow.text import Korean

F = TypeVar("F", bound=Callable[..., Any])


def desk_dir_option(function: F) -> F:
    return click.option(
        "--desk-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="TIPLINE_DESK_DIR",
        default=DEFAULT_DESK_DIR,
        show_default=True,
        help="The desk folder: token, ciphertext, plaintext, temporary files. Created with mode 0700.",
    )(function)


def desk_settings(desk_dir: Path) -> DeskSettings:
    return load_desk_settings(ensure_desk_dir(desk_dir))  # DeskSettingsError: shown by the desk group


@contextmanager
def case_store(settings: DeskSettings) -> Iterator[tuple[CaseStore, Session]]:
    store = open_store(settings.desk_dir)
    try:
        with store.session() as session:
            yield store, session  # CaseRecordNotFound: shown by the desk group (cli/desk.py)
    finally:
        store.close()


def evidence_for(settings: DeskSettings, spec: str, kind: str | None) -> tuple[materials.Material, str, str | None]:
    reference, _, quote = spec.partition(":")
    found = materials.resolve(settings.desk_dir, reference)
    if quote and found.text is not None and quote not in found.text:
        echo(f"warning: the quote is not found verbatim in {found.submission}", err=True)
    # A source's message is its testimony; any file it sent is a document, unless told otherwise.
    inferred = TESTIMONY if found.is_message or found.is_translation else DOCUMENT
    return found, kind or inferred, quote or None


@functools.cache
def shared_korean() -> Korean:
    """One Korean analyser per process: loading kiwipiepy's model takes seconds and it is read-only."""
    return Korean()


def wide_console() -> Console:
    # Every segment it prints is cleaned of control characters (tipline.desk.terminal).
    return terminal_console(width=140, soft_wrap=False)
