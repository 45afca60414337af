"""Everything the desk prints goes through here: untrusted text never drives the terminal.

Designations, filenames, notes, case titles, claims and messages come from sources, from a
server that may lie (T9) or from another desk. Printed raw, ESC ]52 writes the journalist's
clipboard, ESC [8m hides what follows, a title-setting sequence spoofs the window, and Rich
markup such as "[/]" crashes the command or restyles the table. So:

- :func:`for_terminal` removes every C0/C1 control character (ESC above all), bidi and
  zero-width format characters and line separators (newline and tab stay only in multi-line
  text);
- :func:`markup` also escapes Rich markup, for text placed inside a markup string;
- :func:`plain` makes a Rich ``Text`` (never parsed as markup) of cleaned text;
- :func:`console` gives a Console that cleans every segment it renders once more (a print
  site that forgets the above still cannot emit a control byte, progress bars included), and :func:`echo` is
  ``click.echo`` for untrusted lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import click
from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
_MULTILINE_KEEP = "\n\t"


def for_terminal(value: object, *, multiline: bool = False) -> str:
    """``value`` as text without control, format or separator characters."""
    text = "" if value is None else str(value)
    keep = _MULTILINE_KEEP if multiline else ""
    return "".join(char for char in text if char in keep or unicodedata.category(char) not in _INVISIBLE)


def markup(value: object, *, multiline: bool = False) -> str:
    """Cleaned text, safe to embed in a Rich markup string."""
    return escape(for_terminal(value, multiline=multiline))


def plain(value: object, *, multiline: bool = False, style: str = "") -> Text:
    """A Rich Text of cleaned text: never interpreted as markup."""
    return Text(for_terminal(value, multiline=multiline), style=style)


def echo(message: object, *, err: bool = False) -> None:
    click.echo(for_terminal(message, multiline=True), err=err)


class _CleaningConsole(Console):
    """A Console whose every rendered text segment is cleaned of control characters.

    Rich's own styling travels outside segment text (as styles, emitted when the buffer is
    written, and as control segments for the cursor), so only what came from data is touched.
    Every print — tables, progress bars, live displays — renders through this method."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(for_terminal(segment.text, multiline=True), segment.style, None)


def console(**kwargs: Any) -> Console:
    """A Rich Console for the desk's output: no highlighting, and every segment cleaned."""
    return _CleaningConsole(highlight=False, **kwargs)
