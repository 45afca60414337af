"""The onion address as a QR code: drawn here from segno's module matrix, never by a service.

The code holds the bare address, not an http:// link: a phone's camera app opens links in the
phone's ordinary browser, which would look the .onion name up on a watched network. Error
correction level M survives a creased or smudged card.
"""

from __future__ import annotations

import segno
from markupsafe import Markup, escape

# Blank modules around the code that scanners need (the QR standard asks for four).
QUIET_ZONE = 4


def qr_modules(address: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of modules, True for dark. The same address gives the same code (no mask chosen at random)."""
    code = segno.make_qr(address, error="m", boost_error=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


def dark_runs(modules: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules: fewer shapes to draw."""
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def qr_svg(address: str, label: str) -> Markup:
    """An inline <svg> (no file, no data: URL, allowed by the source CSP's default-src 'none')."""
    modules = qr_modules(address)
    size = len(modules) + 2 * QUIET_ZONE
    path = "".join(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{length}v1h-{length}z" for y, x, length in dark_runs(modules))
    # Markup is safe here: numbers we computed, and the label passed through escape().
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
