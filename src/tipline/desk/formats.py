"""Checks and repairs for formats that mat2 can damage: PDF text, DOCX packages."""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pikepdf
from docx.opc.exceptions import PackageNotFoundError

_TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def pdf_text_operators(path: Path) -> int:
    """How many text-showing operators the pages draw: 0 means the text is gone (rasterised)."""
    count = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) in _TEXT_OPERATORS:
                    count += 1
    return count


def docx_opens(path: Path) -> str | None:
    """None if python-docx reads the document (paragraphs included), else why not."""
    try:
        document = docx.Document(str(path))
        _ = [paragraph.text for paragraph in document.paragraphs]
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as error:
        return f"{type(error).__name__}: {error}"
    except Exception as error:  # any failure to read means "broken"
        return f"{type(error).__name__}: {error}"
    return None


def docx_names_author(path: Path) -> bool:
    """A second witness beside exiftool (which needs Archive::Zip to look inside a DOCX)."""
    properties = docx.Document(str(path)).core_properties
    return bool(properties.author or properties.last_modified_by)


def repair_ooxml(path: Path) -> int:
    """Drop relationships and content-type overrides that point at parts mat2 removed.

    mat2 deletes parts such as word/webSettings.xml but leaves the relationship to them, and
    python-docx (like Word) then refuses the file. Returns how many dangling entries were
    removed. The XML parsed here is mat2's output; ElementTree resolves no external entities.
    """
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    removed = 0
    for name in list(members):
        if name.endswith(".rels"):
            members[name], dropped = _prune_relationships(name, members[name], set(members))
            removed += dropped
    if "[Content_Types].xml" in members:
        members["[Content_Types].xml"], dropped = _prune_overrides(members["[Content_Types].xml"], set(members))
        removed += dropped
    if removed:
        repaired = path.with_name(path.name + ".repair")
        with zipfile.ZipFile(repaired, "w", zipfile.ZIP_DEFLATED) as archive:
            # [Content_Types].xml first, as Office writes it.
            for name in sorted(members, key=lambda n: n != "[Content_Types].xml"):
                archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), members[name])
        shutil.move(repaired, path)
    return removed


def _prune_relationships(name: str, data: bytes, present: set[str]) -> tuple[bytes, int]:
    ElementTree.register_namespace("", _RELS_NS)
    root = ElementTree.fromstring(data)  # noqa: S314 - mat2's output, no entity expansion
    # word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
    base = posixpath.dirname(posixpath.dirname(name))
    dropped = 0
    for rel in list(root):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        if resolved not in present:
            root.remove(rel)
            dropped += 1
    return (ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8") if dropped else data), dropped


def _prune_overrides(data: bytes, present: set[str]) -> tuple[bytes, int]:
    ElementTree.register_namespace("", _TYPES_NS)
    root = ElementTree.fromstring(data)  # noqa: S314 - mat2's output, no entity expansion
    dropped = 0
    for entry in list(root):
        part = entry.get("PartName")
        if part is not None and part.lstrip("/") not in present:
            root.remove(entry)
            dropped += 1
    return (ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8") if dropped else data), dropped
