"""Fonts for the PDF: Debian's Noto Sans CJK (fonts-noto-cjk), embedded as a subset.

One family covers Hangul, Han, Latin and Cyrillic, so every language prints with the same look;
Chinese uses the SC faces (simplified glyph shapes), the others the KR faces. Nothing is fetched:
without the package the PDF is refused with the package's name. fontTools comes with fpdf2 in the
optional `guide` extra, so it is imported only when a PDF is drawn.

A face of the collection holds some 65,000 glyphs, and reading its tables costs about a fifth of a
second of CPU: fpdf2 reads each face it is given whole, then cuts the glyphs a document used out of
it. `embeddable` hands it a face already cut down to the document's characters instead, kept for
the process, so the guide and the card of one language read each full face once between them. The
PDF comes out byte for byte the same (tests/unit/guide/test_pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from tipline.errors import FontMissing

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/google-noto-cjk"))
DEBIAN_PACKAGE = "fonts-noto-cjk"
# fpdf2 drops these from the fonts it embeds before it takes a glyph's substitutes in, and the
# guide asks for no text shaping, so no glyph reached only through them is ever drawn. Left in,
# the cut would also keep every kept character's substitutes (vertical forms, ligatures, …).
LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB")


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


@lru_cache(maxsize=16)
def embeddable(face: Face, characters: frozenset[str]) -> bytes:
    """`face` as a font file of its own holding only the glyphs of `characters` (and .notdef).

    Its head table keeps the whole face's bounding box (fpdf2 writes that into the PDF's font
    descriptor), so a document drawn with it is the same as one drawn with the whole face.
    Cached per face and character set: the few languages a process prints, three faces each.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    try:
        # fpdf2's own options when it subsets, so that its cut of this font keeps what it would
        # have kept of the whole face.
        options = subset.Options(notdef_outline=True, recommended_glyphs=True)
        options.drop_tables += LAYOUT_TABLES
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(map(ord, characters)))
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
    finally:
        font.close()
    return out.getvalue()
