"""The guide (A4) and the wallet card (A7) as PDF, drawn with fpdf2: no browser, no network.

Fonts are embedded subsets of Noto Sans CJK (fonts.py), handed to fpdf2 already cut down to the
document's characters (fonts.embeddable); the QR code is vector squares. The file
carries no date, author or machine name: its creation date is fixed, so the same address and
language always give the same bytes, and a printed copy cannot be traced to a run.

fpdf2 (with fonttools and pillow, ~55 MiB) is the optional `guide` extra (requirements/guide.in): it
is imported only when a PDF is drawn, so a server installed without it imports this module, serves
the HTML guide and names the extra when a PDF is asked for (build.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from tipline.errors import CardOverflow
from tipline.guide.content import GuideText
from tipline.guide.fonts import Face, FontSet, embeddable, font_set
from tipline.guide.qr import QUIET_ZONE, dark_runs, qr_modules

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.enums import WrapMode

# Fixed, so that the PDF says nothing about when (or by whom) it was made.
FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CARD_SIZE_MM = (74.0, 105.0)  # A7
# Break at spaces in every language, Chinese included (its lines come out ragged): breaking
# between characters would split e-mail addresses and domains ("bridges@torproject.org") across
# lines, and a reader could copy them wrongly. A run longer than a line still breaks.
WRAP = "WORD"  # fpdf.enums.WrapMode.WORD, named without importing fpdf


def _document(
    locale: str, page_format: str | tuple[float, float], title: str, margin: float, characters: frozenset[str]
) -> tuple[FPDF, FontSet]:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format=page_format)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("Tipline")
    pdf.set_creator("Tipline")
    pdf.set_title(title)
    pdf.set_lang(locale.replace("_", "-"))
    pdf.set_margins(margin, margin, margin)
    fonts = font_set(locale)
    _add_face(pdf, "guide", "", fonts.regular, characters)
    _add_face(pdf, "guide", "B", fonts.bold, characters)
    _add_face(pdf, "guidemono", "", fonts.mono, characters)
    return pdf, fonts


def _add_face(pdf: FPDF, family: str, style: str, face: Face, characters: frozenset[str]) -> None:
    """What `pdf.add_font(family, style, face.path, collection_font_number=face.index)` does, with the
    face cut down to `characters` (fonts.embeddable): add_font takes only a path, and reads the
    whole face again for every document."""
    from fpdf.fonts import TTFFont

    # fontTools reads a file object as it reads a path; fpdf2 only passes this one on to it.
    font = TTFFont(pdf, BytesIO(embeddable(face, characters)), f"{family}{style}", style)  # type: ignore[arg-type]
    pdf.fonts[font.fontkey] = font
    if font.is_cff and font.is_cid_keyed:  # as add_font does: Noto CJK's CFF is CID-keyed
        pdf.pdf_version = max(pdf.pdf_version, "1.6")


def _characters(text: GuideText, address: str) -> frozenset[str]:
    """Every character a document of `text` can draw: its words, the address, and what the drawing
    adds (list numbers and bullets). Printable ASCII is always in, so the guide and the card of one
    language share one set whatever the address."""
    words: list[str] = [address, "•", *map(chr, range(0x20, 0x7F))]
    pending: list[object] = [text]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, tuple):
            pending.extend(value)
        elif is_dataclass(value):
            pending.extend(getattr(value, field.name) for field in fields(value))
    return frozenset("".join(words))


def _draw_qr(pdf: FPDF, address: str, x: float, y: float, size: float) -> None:
    modules = qr_modules(address)
    unit = size / (len(modules) + 2 * QUIET_ZONE)
    pdf.set_fill_color(0, 0, 0)
    for row, column, length in dark_runs(modules):
        pdf.rect(x + (column + QUIET_ZONE) * unit, y + (row + QUIET_ZONE) * unit, length * unit, unit, style="F")


def _paragraph(pdf: FPDF, text: str, size: float, wrap: WrapMode, *, style: str = "", gap: float = 1.5) -> None:
    pdf.set_font("guide", style, size)
    pdf.multi_cell(0, size * 0.5, text, align="L", wrapmode=wrap, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _list(pdf: FPDF, items: Iterable[str], size: float, wrap: WrapMode, *, numbered: bool, indent: float) -> None:
    pdf.set_font("guide", "", size)
    for number, item in enumerate(items, start=1):
        pdf.set_x(pdf.l_margin)
        pdf.cell(indent, size * 0.5, f"{number}." if numbered else "•")
        pdf.multi_cell(0, size * 0.5, item, align="L", wrapmode=wrap, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.12)


def guide_pdf(text: GuideText, locale: str, address: str) -> bytes:
    """The whole guide on A4 pages, the address and its QR code in a box at the top."""
    from fpdf.enums import WrapMode

    pdf, _fonts = _document(locale, "A4", text.title, 18, _characters(text, address))
    wrap = WrapMode.coerce(WRAP)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    _paragraph(pdf, text.title, 17, wrap, style="B", gap=2)
    _paragraph(pdf, text.intro, 10.5, wrap, gap=4)

    qr_size, box_top, width = 44.0, pdf.get_y(), pdf.epw
    _draw_qr(pdf, address, pdf.l_margin + 2, box_top + 2, qr_size)
    column = pdf.l_margin + qr_size + 6
    pdf.set_left_margin(column)
    pdf.set_xy(column, box_top + 5)
    _paragraph(pdf, text.address_label, 10.5, wrap, style="B", gap=2)
    pdf.set_font("guidemono", "", 10)
    pdf.multi_cell(0, 5.5, address, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _paragraph(pdf, text.address_help, 9.5, wrap)
    pdf.set_left_margin(18)
    box_bottom = max(pdf.get_y(), box_top + qr_size + 4)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    pdf.rect(pdf.l_margin, box_top, width, box_bottom - box_top)
    pdf.set_xy(pdf.l_margin, box_bottom + 5)

    for section in text.sections:
        _paragraph(pdf, section.heading, 13, wrap, style="B", gap=1.5)
        for paragraph in section.paragraphs:
            _paragraph(pdf, paragraph, 10.5, wrap)
        _list(pdf, section.points, 10.5, wrap, numbered=False, indent=5)
        for paragraph in section.closing:
            _paragraph(pdf, paragraph, 10.5, wrap)
        pdf.ln(3)
    return bytes(pdf.output())


def card_pdf(text: GuideText, locale: str, address: str) -> bytes:
    """One A7 page for couriers: the QR code, the address in two lines, three steps, a warning."""
    width, height = CARD_SIZE_MM
    margin = 5.0
    from fpdf.enums import WrapMode

    pdf, _fonts = _document(locale, CARD_SIZE_MM, text.card_title, margin, _characters(text, address))
    wrap = WrapMode.coerce(WRAP)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_font("guide", "B", 10)
    pdf.cell(0, 5, text.card_title, align="C", new_x="LMARGIN", new_y="NEXT")
    qr_size = 34.0
    _draw_qr(pdf, address, (width - qr_size) / 2, pdf.get_y(), qr_size)
    pdf.set_y(pdf.get_y() + qr_size)
    pdf.set_font("guidemono", "", 7)
    half = (len(address) + 1) // 2
    for line in (address[:half], address[half:]):
        pdf.cell(0, 3.3, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    _list(pdf, text.card_steps, 7, wrap, numbered=True, indent=3.5)
    pdf.ln(0.5)
    _paragraph(pdf, text.card_warning, 6.5, wrap, style="B", gap=0)
    if pdf.get_y() > height - margin + 0.01 or pdf.page_no() != 1:
        raise CardOverflow(f"the {locale} card needs {pdf.get_y():.1f} mm of {height - margin:.1f}")
    return bytes(pdf.output())
