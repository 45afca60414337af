"""Checks and repairs for formats that mat2 can damage: PDF text, DOCX packages."""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from tipline.desk.sandbox import SANDBOX_WORK, run_sandboxed

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


# Poppler (which mat2 itself uses) extracts the text, inside the sandbox: the original PDF is
# hostile and is never parsed in the desk's own process.
_PDF_TEXT_SCRIPT = """
import sys, gi
gi.require_version("Poppler", "0.18")
from gi.repository import Poppler
doc = Poppler.Document.new_from_file("file://" + sys.argv[1], None)
text = "".join(doc.get_page(i).get_text() or "" for i in range(doc.get_n_pages()))
print(len("".join(text.split())))
"""


def pdf_text_length(work: Path, name: str) -> int:
    """Non-space characters of text the PDF ``work/name`` holds (0 if rasterised)."""
    result = run_sandboxed(["python3", "-c", _PDF_TEXT_SCRIPT, f"{SANDBOX_WORK}/{name}"], work, timeout=120)
    if result.returncode != 0 or not result.stdout.strip().isdigit():
        raise ValueError(f"cannot read the text of the PDF: {result.stderr.strip()[-200:]}")
    return int(result.stdout.strip())


def docx_opens(path: Path) -> str | None:
    """None if python-docx reads the document (paragraphs included), else why not."""
    # Imported here: python-docx is a desk dependency (requirements/desk.in), and the server, which
    # imports the `tipline` command and so this module, is installed without it.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

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
    import docx

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
