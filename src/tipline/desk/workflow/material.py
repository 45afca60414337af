"""The decrypted material of sources on the desk: the one place that knows the folder layout.

Layout (written by the desk's ``fetch``/``open``)::

    DESK_DIR/sources/<designation>/<batch>/message.txt        the source's message
    DESK_DIR/sources/<designation>/<batch>/<name>             a file, under its sanitised name
    DESK_DIR/sources/<designation>/<batch>/<stem>.cleaned.<ext>   its scrubbed copy

Translations saved by ``translate --save`` live apart, under
``DESK_DIR/translations/<designation>/<batch>/<name>.<lang>.txt``, and count as material of the
same source (so a quote is found across languages).

A submission is named by its path below ``sources/``: ``<designation>/<batch>/<name>``; a bare
``<designation>/<batch>`` means its message. ``<batch>`` may also be the batch's number, counted
from 1 in the order of the batch folders (day of arrival first; ``desk show`` prints the numbers):
``quiet-heron/3`` and ``quiet-heron/3/photo.jpg``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tipline.desk.errors import MaterialError

SOURCES_DIR = "sources"
TRANSLATIONS_DIR = "translations"
MESSAGE_FILE = "message.txt"
CLEANED_MARKER = ".cleaned"
TEXT_SUFFIXES = frozenset({".txt", ".md"})
# What the desk itself writes beside the material: the newsroom's own replies and notes and the
# cleaning reports are not the source's words, and must not count as what the source knows.
NOT_MATERIAL_DIRS = frozenset({"replies", "notes"})
NOT_MATERIAL_FILES = frozenset({"report.json", "REPORT.txt"})
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic"})
MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Material:
    designation: str
    submission: str  # "<designation>/<batch>/<name>"
    path: Path
    text: str | None  # None for files that are not text
    is_translation: bool = False

    @property
    def is_message(self) -> bool:
        return self.path.name == MESSAGE_FILE

    @property
    def is_cleaned(self) -> bool:
        return is_cleaned(self.path)

    @property
    def is_image(self) -> bool:
        return self.path.suffix.lower() in IMAGE_SUFFIXES


def is_cleaned(path: Path) -> bool:
    return CLEANED_MARKER in path.name


def cleaned_copy_of(path: Path) -> Path | None:
    """The scrubbed copy beside an original (``photo.jpg`` → ``photo.cleaned.jpg``), if there is one."""
    if is_cleaned(path):
        return path
    candidate = path.with_name(f"{path.stem}{CLEANED_MARKER}{path.suffix}")
    return candidate if candidate.is_file() else None


def _read_text(path: Path) -> str | None:
    if path.suffix.lower() not in TEXT_SUFFIXES or path.stat().st_size > MAX_TEXT_BYTES:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def sources_root(desk_dir: Path) -> Path:
    return desk_dir / SOURCES_DIR


def designations(desk_dir: Path) -> list[str]:
    root = sources_root(desk_dir)
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def _walk(root: Path, designation: str, *, translations: bool) -> Iterator[Material]:
    base = root / designation
    if not base.is_dir():
        return
    for path in sorted(base.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name.startswith("."):
            continue
        inside = path.relative_to(base).parts
        if path.name in NOT_MATERIAL_FILES or (len(inside) > 1 and inside[0] in NOT_MATERIAL_DIRS):
            continue
        relative = path.relative_to(root).as_posix()
        if translations:
            # "<designation>/<batch>/<name>.<lang>.txt" translates "<designation>/<batch>/<name>"
            relative = relative.rsplit(".", 2)[0] if relative.count(".") >= 2 else relative
        yield Material(designation, relative, path, _read_text(path), is_translation=translations)


def iter_material(desk_dir: Path, only: Iterable[str] | None = None) -> Iterator[Material]:
    """Every file of every source (or of the designations in ``only``), translations included."""
    wanted = sorted(set(only)) if only is not None else designations(desk_dir)
    for designation in wanted:
        yield from _walk(sources_root(desk_dir), designation, translations=False)
        yield from _walk(desk_dir / TRANSLATIONS_DIR, designation, translations=True)


def batch_folders(desk_dir: Path, designation: str) -> list[Path]:
    """A source's batch folders in the order their numbers count them (``<day>_<batch uuid>``
    sorts by day of arrival; the server keeps no finer time)."""
    base = sources_root(desk_dir) / designation
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in NOT_MATERIAL_DIRS)


def _numbered(desk_dir: Path, parts: list[str]) -> list[str]:
    """``[designation, "3", …]`` with the number replaced by the third batch folder's name; a
    real folder of that name wins (the long form keeps working)."""
    designation, batch = parts[0], parts[1]
    if not batch.isdecimal() or (sources_root(desk_dir) / designation / batch).exists():
        return parts
    folders = batch_folders(desk_dir, designation)
    number = int(batch)
    if not 1 <= number <= len(folders):
        raise MaterialError(f"{designation} has {len(folders)} opened batches on this desk, not a batch {number}")
    return [designation, folders[number - 1].name, *parts[2:]]


def resolve(desk_dir: Path, reference: str) -> Material:
    """The material a submission reference names; never a path outside ``DESK_DIR/sources``."""
    root = sources_root(desk_dir).resolve()
    parts = [p for p in reference.strip("/").split("/") if p]
    if len(parts) < 2 or any(p in {".", ".."} for p in parts):
        raise MaterialError(f"not a submission reference: {reference!r} (expected DESIGNATION/BATCH[/NAME])")
    parts = _numbered(desk_dir, parts)
    path = (root.joinpath(*parts)).resolve()
    if not path.is_relative_to(root):
        raise MaterialError(f"{reference!r} points outside the sources folder")
    if path.is_dir():
        path = path / MESSAGE_FILE
    if not path.is_file():
        raise MaterialError(f"no submission {reference!r} on this desk (looked for {path})")
    relative = path.relative_to(root)
    return Material(relative.parts[0], relative.as_posix(), path, _read_text(path))


def translation_path(desk_dir: Path, material: Material, lang: str) -> Path:
    return desk_dir / TRANSLATIONS_DIR / f"{material.submission}.{lang}.txt"
