"""Wordlists shipped with the package, read as data."""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

# Wordlist name → file in tipline/i18n/wordlists/.
WORDLISTS = {"en": "eff_large.txt"}


@functools.cache
def load_wordlist(name: str) -> tuple[str, ...]:
    try:
        filename = WORDLISTS[name]
    except KeyError:
        raise ValueError(f"no wordlist {name!r}") from None
    text = resources.files("tipline.i18n").joinpath("wordlists", filename).read_text(encoding="utf-8")
    words = tuple(unicodedata.normalize("NFC", w.strip()) for w in text.splitlines() if w.strip())
    if len(set(words)) != len(words):
        raise ValueError(f"wordlist {name!r} has duplicates")
    return words
