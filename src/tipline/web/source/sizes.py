"""Sizes and counts in the page's language, units spelled out (no Latin "MiB" on a Korean page)."""

from __future__ import annotations

from babel.units import format_unit
from flask_babel import get_locale


def human_size(size: int) -> str:
    """Whole units, rounded down (a limit must never read larger than it is). Megabytes at most:
    the glossary's unit (메가바이트)."""
    locale = str(get_locale() or "en")
    for unit, scale in (("digital-megabyte", 1024**2), ("digital-kilobyte", 1024)):
        if size >= scale:
            return format_unit(size // scale, unit, length="long", locale=locale)
    return format_unit(size, "digital-byte", length="long", locale=locale)
