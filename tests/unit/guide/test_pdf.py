"""The faces handed to fpdf2 already cut down (fonts.embeddable) draw the PDF fpdf2 draws from the whole faces."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF

from tipline.errors import FontMissing
from tipline.guide.fonts import Face, FontSet, embeddable, font_set
from tipline.guide.pdf import FIXED_DATE, _add_face

# Every script the guide prints, in its text face and the fixed-pitch face of the address: two
# faces of one collection. (The bold face, in a file of its own, goes the same way; each face
# read whole costs ~0.7 s of CPU here, which is what the cut saves the guide.)
LINE = "안전하게 제보하기 · 安全地联系 · Как связаться • abc 123."
FAMILIES = (("guide", ""), ("guidemono", ""))


def _fonts() -> FontSet:
    try:
        return font_set("ko")
    except FontMissing as error:
        pytest.skip(str(error))


def _draw(fonts: FontSet, add: Callable[[FPDF, str, str, Face], None]) -> bytes:
    pdf = FPDF(format=(74, 105))
    pdf.set_creation_date(FIXED_DATE)
    for (family, style), face in zip(FAMILIES, (fonts.regular, fonts.mono), strict=True):
        add(pdf, family, style, face)
    pdf.add_page()
    for family, style in FAMILIES:
        pdf.set_font(family, style, 8)
        pdf.multi_cell(0, 4, LINE, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_a_pdf_drawn_with_the_cut_faces_is_the_one_drawn_with_the_whole_faces() -> None:
    """Byte for byte: the same glyphs, widths, font descriptor (bounding box included) and PDF version."""
    fonts = _fonts()
    characters = frozenset(LINE)
    whole = _draw(
        fonts,
        lambda pdf, family, style, face: pdf.add_font(family, style, str(face.path), collection_font_number=face.index),
    )
    cut = _draw(fonts, lambda pdf, family, style, face: _add_face(pdf, family, style, face, characters))
    assert whole == cut
    assert b"%PDF-1.6" == cut[:8]  # Noto CJK's CID-keyed CFF, as fpdf2 marks it


def test_a_cut_face_holds_only_the_characters_it_was_cut_to() -> None:
    face = _fonts().regular
    data = embeddable(face, frozenset(LINE))  # as cut for the test above, when it ran in this worker
    assert len(data) < face.path.stat().st_size / 100
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert {ord(character) for character in LINE} <= set(cmap)
    assert ord("漢") not in cmap
    assert embeddable(face, frozenset(LINE)) is data  # kept for the process
