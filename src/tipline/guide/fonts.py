"""Fonts for the PDF: Debian's Noto Sans CJK (fonts-noto-cjk), embedded as a subset.

One family covers Hangul, Han, Latin and Cyrillic, so every language prints with the same look;
Chinese uses the SC faces (simplified glyph shapes), the others the KR faces. Nothing is fetched:
without the package the PDF is refused with the package's name. fontTools comes with fpdf2 in the
optional `guide` extra, so it is imported only when a PDF is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tipline.errors import FontMissing

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/google-noto-cjk"))
DEBIAN_PACKAGE = "fonts-noto-cjk"


@dataclass(frozen=True)
class Face:
    path: Path
    index: int


@dataclass(frozen=True)
class FontSet:
    regular: Face
    bold: Face
    mono: Face


@cache
def _faces(path: Path) -> dict[str, int]:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    try:
        return {str(font["name"].getDebugName(1)): index for index, font in enumerate(collection.fonts)}
    finally:
        collection.close()


def _find(file_name: str, family: str) -> Face:
    for folder in FONT_DIRS:
        path = folder / file_name
        if path.is_file() and family in _faces(path):
            return Face(path, _faces(path)[family])
    raise FontMissing(f"{family} ({file_name}) not found in {', '.join(map(str, FONT_DIRS))}: install {DEBIAN_PACKAGE}")


def font_set(locale: str) -> FontSet:
    region = "SC" if locale.startswith("zh") else "KR"
    return FontSet(
        regular=_find("NotoSansCJK-Regular.ttc", f"Noto Sans CJK {region}"),
        bold=_find("NotoSansCJK-Bold.ttc", f"Noto Sans CJK {region}"),
        mono=_find("NotoSansCJK-Regular.ttc", f"Noto Sans Mono CJK {region}"),
    )
