"""The QR code is drawn from segno's matrix exactly, holds the bare address, and never varies."""

from __future__ import annotations

import re

import segno

from tipline.guide.qr import QUIET_ZONE, dark_runs, qr_modules, qr_svg

ADDRESS = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"


def _svg_modules(svg: str) -> set[tuple[int, int]]:
    """(row, column) of every module the SVG path paints, read back from its M x y h n commands."""
    path = re.search(r' d="([^"]*)"', svg)
    assert path is not None
    painted = set()
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path.group(1)):
        painted |= {(int(y) - QUIET_ZONE, int(x) - QUIET_ZONE + i) for i in range(int(length))}
    return painted


def test_the_svg_paints_exactly_the_dark_modules_of_the_address() -> None:
    expected = segno.make_qr(ADDRESS, error="m", boost_error=False)
    dark = {(y, x) for y, row in enumerate(expected.matrix) for x, value in enumerate(row) if value}
    assert dark == _svg_modules(qr_svg(ADDRESS, "label"))


def _bools(data: str) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(bool(v) for v in row) for row in segno.make_qr(data, error="m", boost_error=False).matrix)


def test_the_code_holds_the_bare_address_not_a_link() -> None:
    # A link would be opened by the camera app in the phone's ordinary browser.
    assert _bools(ADDRESS) == qr_modules(ADDRESS)
    assert _bools(f"http://{ADDRESS}/") != qr_modules(ADDRESS)


def test_the_same_address_always_gives_the_same_drawing() -> None:
    assert qr_svg(ADDRESS, "x") == qr_svg(ADDRESS, "x")


def test_runs_cover_each_row() -> None:
    modules = ((True, True, False, True), (False, False, False, False), (True, False, True, True))
    assert [(0, 0, 2), (0, 3, 1), (2, 0, 1), (2, 2, 2)] == dark_runs(modules)


def test_the_label_is_escaped() -> None:
    assert 'aria-label="a &lt;b&gt; &#34;c&#34;"' in qr_svg(ADDRESS, 'a <b> "c"')
