"""What the reading room may show of a file, and page images of documents.

- Images: only their cleaned copies, served as images (the metadata is gone; the browser decodes
  pixels only).
- PDFs and office files: page images rendered from the cleaned copy by pdftoppm (and LibreOffice
  for office files) inside the desk's bubblewrap sandbox, with no network; never handed to the
  browser's own PDF viewer. A missing renderer is said, by name (`tipline desk doctor` lists it).
- Everything else: "download cleaned copy". A file NOT CLEANED is never previewed nor offered.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tipline.desk.conversation import FileView
from tipline.desk.errors import SandboxUnavailable
from tipline.desk.sandbox import SANDBOX_WORK, run_sandboxed
from tipline.desk.scrub import PLAIN_TEXT
from tipline.desk.store import DeskFolder, canonical_uuid

IMAGE, PAGES, TEXT, DOWNLOAD, NOTHING = "image", "pages", "text", "download", "nothing"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".csv", ".tsv", ".log"})
MAX_TEXT_BYTES = 512 * 1024
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
OFFICE_SUFFIXES = frozenset({".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls", ".ppt", ".rtf"})
PREVIEWS = "previews"
MAX_PAGES = 10
RESOLUTION = "80"


def kind_of(item: FileView) -> str:
    if item.not_cleaned or item.cleaned_as is None:
        return NOTHING
    suffix = Path(item.cleaned_as).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return IMAGE
    if suffix in TEXT_SUFFIXES and item.status == PLAIN_TEXT:
        return TEXT
    if suffix == ".pdf" or suffix in OFFICE_SUFFIXES:
        return PAGES
    return DOWNLOAD


def text_of(item: FileView) -> str:
    """A plain-text file's text (shown escaped, like a message); its first 512 KiB."""
    if kind_of(item) != TEXT or item.cleaned_path is None:
        return ""
    try:
        with item.cleaned_path.open("rb") as handle:
            return handle.read(MAX_TEXT_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


@dataclass
class Rendered:
    pages: list[int] = field(default_factory=list)
    problem: str | None = None


def _folder(desk: DeskFolder, item: FileView) -> Path:
    return desk.inside(desk.root / PREVIEWS / canonical_uuid(item.submission))


def page_path(desk: DeskFolder, item: FileView, number: int) -> Path | None:
    if kind_of(item) != PAGES:
        return None
    path = _folder(desk, item) / f"page-{number}.png"
    return path if path.is_file() else None


def _existing(folder: Path) -> list[int]:
    numbers = []
    for path in folder.glob("page-*.png"):
        number = path.stem.removeprefix("page-")
        if number.isdecimal():
            numbers.append(int(number))
    return sorted(numbers)


def render_pages(desk: DeskFolder, item: FileView) -> Rendered:
    """Page images of a cleaned PDF or office file (rendered once, kept under previews/)."""
    if kind_of(item) != PAGES or item.cleaned_path is None:
        return Rendered(problem="no page images for this file")
    folder = _folder(desk, item)
    if folder.is_dir() and (done := _existing(folder)):
        return Rendered(done)
    suffix = item.cleaned_path.suffix.lower()
    needed = ["pdftoppm"] + ([] if suffix == ".pdf" else ["libreoffice"])
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if missing:
        return Rendered(problem=f"{', '.join(missing)} is not installed: `tipline desk doctor` lists what is missing")
    work = Path(tempfile.mkdtemp(prefix="pages-", dir=desk.tmp))
    try:
        problem = _render(desk.inside(item.cleaned_path), suffix, work)
        if problem is not None:
            return Rendered(problem=problem)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in sorted(work.glob("page-*.png")):
            # pdftoppm numbers "page-01.png" or "page-1.png" depending on the page count.
            shutil.move(path, folder / f"page-{int(path.stem.removeprefix('page-'))}.png")
        return Rendered(_existing(folder))
    except SandboxUnavailable as error:
        return Rendered(problem=str(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _render(cleaned: Path, suffix: str, work: Path) -> str | None:
    """Page images work/page-N.png of ``cleaned``, made in the sandbox; or what went wrong."""
    name = f"input{suffix}"
    shutil.copyfile(cleaned, work / name)
    if suffix != ".pdf":
        run = run_sandboxed(
            ["libreoffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", SANDBOX_WORK,
             f"{SANDBOX_WORK}/{name}"],
            work,
            timeout=180,
        )  # fmt: skip
        if not (work / "input.pdf").is_file():
            return f"LibreOffice could not render it: {(run.stderr or run.stdout)[:200]}"
    run = run_sandboxed(
        ["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", str(MAX_PAGES), f"{SANDBOX_WORK}/input.pdf",
         f"{SANDBOX_WORK}/page"],
        work,
        timeout=180,
    )  # fmt: skip
    if not any(work.glob("page-*.png")):
        return f"pdftoppm could not render it: {(run.stderr or run.stdout)[:200]}"
    return None
