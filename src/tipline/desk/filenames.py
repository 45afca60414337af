"""Turning untrusted names (from a source's manifest) into safe names inside one folder.

A manifest filename was typed or crafted by whoever submitted: it may climb out of the folder
("../../etc/passwd"), hide its real extension behind a right-to-left override, carry NUL or
terminal escape sequences, or be longer than any filesystem allows.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

# ext4 and most filesystems allow 255 bytes per name; leave room for ".cleaned" and " (99)".
MAX_NAME_BYTES = 200
MAX_EXTENSION_CHARS = 16
# Characters that mean something to shells, Windows or our own layout.
_REPLACED = set('<>:"|?*\\/')
_FALLBACK = "file"


def _allowed(char: str) -> bool:
    # Cc: control (NUL, ESC…); Cf: format (RTL/LTR overrides, zero-width joiners…);
    # Cs: lone surrogates; Co: private use; Zl/Zp: line and paragraph separators.
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def safe_name(untrusted: str | None, fallback: str = _FALLBACK) -> str:
    """A single path component that is safe to create, readable and keeps a short extension.

    Sanitising the result again gives it back unchanged (fuzz/fuzz_filenames.py checks it).
    """
    # Drop what is never allowed before composing: a format character between a letter and its
    # combining mark keeps them apart until it is removed, and the name would change if
    # sanitised again.
    text = "".join(char for char in untrusted or "" if _allowed(char))
    text = unicodedata.normalize("NFC", text)
    # Keep only the last component: a directory part is never meaningful from a source.
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join("_" if char in _REPLACED else char for char in text)
    text = " ".join(text.split())  # runs of (Unicode) spaces become one space
    text = text.strip(" .")  # no hidden files, no "." or "..", no trailing dots
    if not text:
        return fallback
    # Cutting a long name without an extension can leave one that reads as "stem.ext" with a
    # stem ending in dots: fitting it again settles that, and never cuts again.
    return _fit(_fit(text))


def _fit(text: str) -> str:
    """Split off a short alphanumeric extension and cut the stem to fit MAX_NAME_BYTES."""
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or len(extension) > MAX_EXTENSION_CHARS or not extension.isalnum():
        stem, extension = text, ""
    suffix = f".{extension}" if extension else ""
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .") or _FALLBACK
    return stem + suffix


def split_extension(name: str) -> tuple[str, str]:
    """("report", ".pdf") for a name produced by safe_name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, f".{extension}"


def create_exclusive(folder: Path, name: str, reserved: frozenset[str] = frozenset()) -> Path:
    """Create an empty file (0600) named ``name`` in ``folder``, or "name (2).ext", … if taken.

    O_EXCL makes the check and the creation one step: nothing is ever overwritten, and a
    symlink planted under that name is not followed.
    """
    stem, extension = split_extension(name)
    for number in range(1, 10_000):
        candidate = name if number == 1 else f"{stem} ({number}){extension}"
        if candidate.lower() in reserved:
            continue
        path = folder / candidate
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"no free name for {name!r} in {folder}")
