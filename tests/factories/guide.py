"""Poppler and zbar, to read back what the guide prints: rendered pages, text, fonts, QR codes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tipline.guide import onion_address_for

POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdffonts")
ZBAR = shutil.which("zbarimg")
NEED_POPPLER = "poppler-utils is not installed (bin/install-system-deps installs it)"
NEED_ZBAR = "zbar-tools is not installed (bin/install-system-deps installs it)"


def fresh_onion_address() -> str:
    """A valid v3 address of a random key: no test shares one."""
    return onion_address_for(os.urandom(32))


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def pdf_text(pdf: Path) -> str:
    return _run("pdftotext", "-layout", str(pdf), "-")


def pdf_info(pdf: Path) -> dict[str, str]:
    lines = _run("pdfinfo", str(pdf)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, emb, sub, uni, and the whole line)."""
    fonts = []
    for line in _run("pdffonts", str(pdf)).splitlines()[2:]:
        parts = line.split()
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3], "line": line})
    return fonts


def render_pages(pdf: Path, prefix: Path, dpi: int = 150) -> list[Path]:
    """Each page as PNG (prefix-1.png, prefix-2.png…), as a person would see it printed."""
    _run("pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix))
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def read_qr_codes(png: Path) -> list[str]:
    """What a phone's scanner would read on the picture."""
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], check=False, capture_output=True, text=True, timeout=60
    )
    return out.stdout.split()
