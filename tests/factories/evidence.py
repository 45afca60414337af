"""Files a source might send, carrying the metadata that could identify them, built in memory."""

from __future__ import annotations

import io

import docx
import pikepdf
from PIL import Image

JPEG_SERIAL = "SN-4417-TIPLINE"
PDF_TEXT = "Secret ledger of the trading company"
PDF_AUTHOR = "Kim Informant"
DOCX_TEXT = "Memo: shipments leave on Tuesdays."
DOCX_AUTHOR = "Park Author"


def jpeg_with_gps_and_serial() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 5D"  # Model
    exif[0x0131] = "Camera Firmware 1.2"  # Software
    exif[0x013B] = "Jane Artist"  # Artist
    exif.get_ifd(0x8769)[0xA431] = JPEG_SERIAL  # Exif IFD: BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (55.0, 45.0, 21.0), "E", (37.0, 37.0, 4.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf_with_author() -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(400, 200))
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 20 100 Td ({PDF_TEXT}) Tj ET".encode())
    pdf.docinfo["/Author"] = PDF_AUTHOR
    pdf.docinfo["/Producer"] = "Ledger Maker 3"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def docx_with_author() -> bytes:
    document = docx.Document()
    document.add_paragraph(DOCX_TEXT)
    document.core_properties.author = DOCX_AUTHOR
    document.core_properties.last_modified_by = DOCX_AUTHOR
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    """The text a PDF's pages draw, glyph runs joined (kerned TJ arrays included)."""
    pieces = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("Tj", "'", '"'):
                    pieces.append(bytes(operands[-1]).decode("latin-1"))
                elif str(operator) == "TJ":
                    pieces.extend(bytes(o).decode("latin-1") for o in operands[0] if isinstance(o, pikepdf.String))
    return "".join(pieces)
