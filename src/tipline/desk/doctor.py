"""What the desk needs from the workstation, what is missing, and what each missing piece disables.

`tipline desk doctor` prints this. The Debian packages are those bin/install-desk installs; the
Python packages are the `desk` extra (requirements/desk.in). Nothing here imports the packages it
checks (finding them is enough, and importing the NLP stack takes seconds).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tipline.desk.sandbox import BWRAP
from tipline.desk.workflow.translation.packages import installed, models_dir

# The system Python (not the desk's virtualenv) runs Poppler inside the sandbox (desk/formats.py).
_POPPLER_PROBE = "import gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler"


@dataclass(frozen=True)
class Requirement:
    name: str
    kind: str  # "debian" (a system package), "python" (the desk extra), "model", or "optional" (a large
    # Debian package the desk does well without: listed, never counted as missing)
    install: str  # how to get it
    disables: str  # what does not work without it
    present: Callable[[str | None], bool]


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    present: bool


def _program(name: str, fallback: str | None = None) -> Callable[[str | None], bool]:
    def present(search_path: str | None) -> bool:
        if shutil.which(name, path=search_path):
            return True
        # The sandbox also looks in this fixed place when bwrap is not on PATH (desk/sandbox.py).
        return search_path is None and fallback is not None and Path(fallback).exists()

    return present


# The sandbox sees the system's /usr only: perl and python3 are those of /usr/bin there, whatever
# $PATH says out here (a pyenv python3 has no gi).
_SANDBOX_PATH = "/usr/bin:/bin"


def _runs(*command: str) -> Callable[[str | None], bool]:
    def present(search_path: str | None) -> bool:
        program = shutil.which(command[0], path=search_path or _SANDBOX_PATH)
        if program is None:
            return False
        try:
            result = subprocess.run([program, *command[1:]], capture_output=True, timeout=30, check=False)  # noqa: S603  (a fixed probe)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return result.returncode == 0

    return present


def _module(*names: str) -> Callable[[str | None], bool]:
    def present(_search_path: str | None) -> bool:
        return all(importlib.util.find_spec(name) is not None for name in names)

    return present


REQUIREMENTS = (
    Requirement(
        "bubblewrap", "debian", "apt install bubblewrap",
        "cleaning and metadata checks: hostile files are never parsed outside the sandbox, so `desk open` "
        "saves them NOT CLEANED", _program("bwrap", BWRAP),
    ),
    Requirement(
        "mat2", "debian", "apt install mat2",
        "metadata cleaning: `desk open` saves files NOT CLEANED (no .cleaned copies)", _program("mat2"),
    ),
    Requirement(
        "exiftool", "debian", "apt install libimage-exiftool-perl",
        "metadata reports and the check that a cleaned copy kept nothing identifying", _program("exiftool"),
    ),
    Requirement(
        "Archive::Zip", "debian", "apt install libarchive-zip-perl",
        "exiftool cannot look inside DOCX/XLSX/PPTX: their metadata goes unchecked",
        _runs("perl", "-MArchive::Zip", "-e", "1"),
    ),
    Requirement(
        "poppler", "debian", "apt install gir1.2-poppler-0.18 python3-gi",
        "the check that a cleaned PDF kept its text (a rasterised PDF would go unnoticed)",
        _runs("python3", "-c", _POPPLER_PROBE),
    ),
    Requirement(
        "ffmpeg", "debian", "apt install ffmpeg",
        "cleaning audio and video (mat2 needs it): they are saved NOT CLEANED", _program("ffmpeg"),
    ),
    Requirement(
        "pdftoppm", "debian", "apt install poppler-utils",
        "page images of PDFs in the reading room (`desk ui`): it offers the cleaned copy to download instead",
        _program("pdftoppm"),
    ),
    Requirement(
        "LibreOffice", "optional", "apt install libreoffice-nogui",
        "page images of office files (DOCX, XLSX, PPTX, ODT …) in the reading room: download instead",
        _program("libreoffice"),
    ),
    Requirement(
        "python-docx", "python", "pipx install 'tipline[desk]' (or bin/install-desk)",
        "the check that a cleaned DOCX still opens, and its author check", _module("docx"),
    ),
    Requirement(
        "ctranslate2 + sentencepiece", "python", "pipx install 'tipline[desk]' (or bin/install-desk)",
        "`desk translate` and the cross-language exposure check", _module("ctranslate2", "sentencepiece"),
    ),
    Requirement(
        "kiwipiepy + model", "python", "pipx install 'tipline[desk]' (or bin/install-desk)",
        "Korean tokenising: the exposure check and corroboration on Korean text",
        _module("kiwipiepy", "kiwipiepy_model"),
    ),
    Requirement(
        "fpdf2", "python", "pipx install 'tipline[guide]' (or bin/install-desk)",
        "the printable guide's PDFs: `tipline guide` writes only its HTML", _module("fpdf", "fontTools"),
    ),
)  # fmt: skip


def examine(search_path: str | None = None) -> list[Finding]:
    """Every requirement, present or not. ``search_path`` replaces $PATH for the programs."""
    return [Finding(requirement, requirement.present(search_path)) for requirement in REQUIREMENTS]


def model_finding(desk_dir: Path) -> Finding:
    """Translation models: at least one language pair installed in the desk folder."""
    pairs = sorted({package.pair for package in installed(desk_dir)})
    requirement = Requirement(
        "translation models" + (f" ({', '.join(pairs)})" if pairs else ""),
        "model",
        f"tipline desk models install FILE.argosmodel (into {models_dir(desk_dir)})",
        "`desk translate` and `exposure-check` across languages (same-language checks still run)",
        lambda _search_path: bool(pairs),
    )
    return Finding(requirement, bool(pairs))
