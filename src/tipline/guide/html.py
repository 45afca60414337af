"""The guide and the wallet card as HTML: one file each, printable, with no outside resource.

The same templates serve the source interface (stylesheet linked, because its CSP allows only
'self' styles) and the files `tipline guide` writes (stylesheet inlined, so one file is enough).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from tipline.guide.content import GuideText
from tipline.guide.qr import qr_svg

HERE = Path(__file__).parent
STYLESHEET = HERE / "guide.css"


@dataclass(frozen=True)
class PageLinks:
    """Links shown only on the source interface (a printed page has nowhere to go)."""

    home: str
    guide: str
    card: str
    languages: tuple[tuple[str, str], ...]


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )


Document = Literal["guide", "card"]


def render_html(
    document: Document,
    text: GuideText,
    lang: str,
    address: str | None,
    *,
    stylesheet_href: str | None = None,
    links: PageLinks | None = None,
) -> str:
    """The guide or the wallet card as one HTML page (its stylesheet inlined, unless served at
    ``stylesheet_href``; ``links``: the source interface's navigation)."""
    return (
        _environment()
        .get_template(f"{document}.html")
        .render(
            text=text,
            lang=lang,
            address=address,
            qr=qr_svg(address, text.address_label) if address else None,
            stylesheet_href=stylesheet_href,
            stylesheet=Markup(STYLESHEET.read_text(encoding="utf-8")),  # noqa: S704 - our own file, not input
            links=links,
        )
    )
