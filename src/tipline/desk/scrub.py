"""Metadata cleaning: mat2 inside bubblewrap, then verification with exiftool.

A cleaned copy is accepted only if exiftool (also sandboxed) finds no GPS, camera serial,
author or software tag in it, PDFs still draw text, and DOCX files still open. Anything else is
"NOT CLEANED" — never passed on silently.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tipline.desk.errors import MetadataUnreadable, SandboxUnavailable
from tipline.desk.filenames import split_extension
from tipline.desk.formats import docx_names_author, docx_opens, pdf_text_length, repair_ooxml
from tipline.desk.metadata import describe, forbidden_tags, read_tags
from tipline.desk.sandbox import SANDBOX_WORK, run_sandboxed

CLEANED = "cleaned"
PLAIN_TEXT = "plain text"
NOT_CLEANED = "NOT CLEANED"

# Plain text carries no metadata container; the content itself is what the source wrote.
TEXT_EXTENSIONS = {".txt", ".md", ".csv", ".tsv", ".log"}
_OOXML = {".docx", ".xlsx", ".pptx"}


@dataclass
class CleanResult:
    status: str
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cleaned_path: Path | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.notes)


def cleaned_name(name: str) -> str:
    """photo.jpg → photo.cleaned.jpg (mat2's own convention)."""
    stem, extension = split_extension(name)
    return f"{stem}.cleaned{extension}"


def clean_file(original: Path, target: Path, tmp_root: Path) -> CleanResult:
    """Write a cleaned copy of ``original`` into ``target`` (an existing empty file we own).

    On failure ``target`` is removed and the result says why.
    """
    extension = split_extension(original.name)[1].lower()
    work = Path(tempfile.mkdtemp(prefix="clean-", dir=tmp_root))
    try:
        if extension in TEXT_EXTENSIONS:
            result = _plain_text(original, target)
        else:
            result = _with_mat2(original, target, work, extension)
    except SandboxUnavailable as error:
        result = CleanResult(NOT_CLEANED, notes=[str(error)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if result.status == NOT_CLEANED:
        target.unlink(missing_ok=True)
        result.cleaned_path = None
    else:
        result.cleaned_path = target
    return result


def _plain_text(original: Path, target: Path) -> CleanResult:
    data = original.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return CleanResult(NOT_CLEANED, notes=["named as text but not UTF-8 text: check it by hand"])
    target.write_bytes(data)
    return CleanResult(PLAIN_TEXT, notes=["plain text has no metadata to remove"])


def _with_mat2(original: Path, target: Path, work: Path, extension: str) -> CleanResult:
    # The parsers see a fixed, harmless name; the source's filename never reaches a command line.
    name = f"input{extension}"
    shutil.copyfile(original, work / name)
    try:
        before = read_tags(work, name)
    except MetadataUnreadable as error:
        before = {}
        notes = [f"metadata before cleaning unreadable ({error})"]
    else:
        notes = []
    # PDFs: mat2's default renders every page to an image, which loses the text;
    # --lightweight rewrites the document and keeps it (checked below).
    # mat2 runs wholly inside our bubblewrap; its own (nested) one for ffmpeg cannot start there
    # (no user namespaces left). mat2 0.13's --no-sandbox flag is inverted (store_true into
    # "sandbox"): passing it would turn the nested sandbox ON, so it is left out on purpose.
    # Should a later mat2 sandbox by default, video fails loudly as NOT CLEANED, never silently.
    args = ["mat2", *(["--lightweight"] if extension == ".pdf" else []), f"{SANDBOX_WORK}/{name}"]
    run = run_sandboxed(args, work)
    output = work / f"input.cleaned{extension}"
    if run.returncode != 0 or not output.exists() or output.stat().st_size == 0:
        why = " ".join((run.stderr or run.stdout).split()).replace(f"{SANDBOX_WORK}/{name}", "the file")
        return CleanResult(NOT_CLEANED, notes=[*notes, f"mat2 could not clean it: {why[:200] or 'no output'}"])

    problem = _check_format(work, name, output, extension, notes)
    if problem:
        return CleanResult(NOT_CLEANED, notes=[*notes, problem])
    try:
        after = read_tags(work, output.name)
    except MetadataUnreadable as error:
        return CleanResult(NOT_CLEANED, notes=[*notes, f"cannot verify the cleaned copy: {error}"])
    left = forbidden_tags(after)
    if left:
        return CleanResult(NOT_CLEANED, notes=[*notes, "still carries " + ", ".join(left)])
    removed = describe(before, sorted(set(before) - set(after)))
    os.replace(output, target)
    return CleanResult(CLEANED, removed=removed, notes=notes)


def _check_format(work: Path, name: str, cleaned: Path, extension: str, notes: list[str]) -> str | None:
    """What is wrong with mat2's output for this format, or None."""
    if extension == ".pdf":
        try:
            had_text, has_text = pdf_text_length(work, name), pdf_text_length(work, cleaned.name)
        except ValueError as error:
            return f"cannot check the cleaned PDF: {error}"
        # Poppler may space glyph runs differently; losing a tenth of the text is losing text.
        if has_text < had_text * 0.9:
            return f"the cleaned PDF lost its text ({has_text} of {had_text} characters left)"
        if had_text:
            notes.append(f"text kept ({has_text} characters)")
    if extension == ".docx" and docx_opens(cleaned) is not None:
        fixed = repair_ooxml(cleaned)
        still = docx_opens(cleaned)
        if still is not None:
            return f"mat2 broke the DOCX and it could not be repaired ({still[:120]})"
        notes.append(f"repaired the DOCX mat2 produced ({fixed} dangling references removed)")
    if extension == ".docx" and docx_names_author(cleaned):
        return "the cleaned DOCX still names its author"
    if extension in _OOXML and extension != ".docx":
        repair_ooxml(cleaned)  # same mat2 defect; no reader here to prove it, exiftool checks tags
    return None
