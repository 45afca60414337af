"""Untrusted text never drives the journalist's terminal (T9)."""

from __future__ import annotations

import io

from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from tipline.desk.terminal import console, for_terminal, markup, plain

HOSTILE = "a\x1b]52;c;cHduZWQ=\x07b\x1b[8mc\x9b31md\u202ee\u200bf\x00g[/]h"


def test_for_terminal_removes_every_control_and_format_character() -> None:
    assert "a]52;c;cHduZWQ=b[8mc31mdefg[/]h" == for_terminal(HOSTILE)
    assert "line\nnext\tcell" == for_terminal("line\nnext\tcell\r", multiline=True)
    assert "linenext" == for_terminal("line\nnext")


def test_markup_is_escaped_and_plain_is_never_markup() -> None:
    out = console(file=io.StringIO(), width=200, force_terminal=True)
    out.print(f"[bold]{markup('[/]x[red]')}[/bold]")
    out.print(plain("[/]"))
    written = out.file.getvalue()  # type: ignore[attr-defined]
    assert "[/]x[red]" in written
    assert written.count("[/]") == 2


def test_the_console_cleans_what_a_print_site_forgot() -> None:
    """Rich's own styling still reaches the terminal; the data's escape sequences do not."""
    out = console(file=io.StringIO(), width=200, force_terminal=True)
    table = Table("name")
    table.add_row(plain("ok", style="bold red"))
    out.print(table)
    out.print(Text(HOSTILE))  # not cleaned at the print site
    written = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;31m" in written  # Rich's own bold red
    assert "\x1b]52" not in written
    assert "\x1b[8m" not in written
    assert "\x9b" not in written
    assert "\x07" not in written
    assert "\u202e" not in written
    assert "]52;c;cHduZWQ=" in written


def test_progress_bars_and_live_displays_are_cleaned_too() -> None:
    """A live display renders outside print's render hooks: the console cleans at render time."""
    out = console(file=io.StringIO(), width=80, force_terminal=True)
    with Progress(console=out) as progress:
        task = progress.add_task(HOSTILE, total=2)
        progress.advance(task, 2)
    written = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[?25l" in written  # Rich's own cursor control
    assert "\x1b]52" not in written
    assert "\x07" not in written
