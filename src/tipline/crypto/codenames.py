"""Codenames: the only thing a source has to remember.

A codename is ``count`` words drawn with :mod:`secrets` from a wordlist. What the source types
back is normalised before any key is derived, so that case, composed/decomposed Unicode
(Korean wordlists are stored decomposed, keyboards type composed) and stray or full-width
spaces never lock a source out.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Sequence

# Any run of Unicode whitespace (incl. U+3000 ideographic space), hyphens or dots separates words.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―・·.,]+", re.UNICODE)


def normalise(text: str) -> str:
    """Return the canonical form of a typed codename: NFKC, case-folded, single-spaced."""
    # Remove zero-width and other format characters (Cf) that keyboards and copy-paste insert,
    # before composing: one between a letter and its combining mark (or between Hangul jamo)
    # would otherwise keep them apart, and the same codename would derive different keys.
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    composed = unicodedata.normalize("NFKC", visible)
    words = _SEPARATORS.split(composed.casefold())
    return " ".join(w for w in words if w)


def generate(wordlist: Sequence[str], count: int) -> str:
    """Draw ``count`` words uniformly and independently; return them in display form (NFC)."""
    if len(set(wordlist)) != len(wordlist) or len(wordlist) < 2:
        raise ValueError("a codename wordlist needs at least two distinct words")
    words = [unicodedata.normalize("NFC", secrets.choice(wordlist)) for _ in range(count)]
    return " ".join(words)


def entropy_bits(wordlist_size: int, count: int) -> float:
    return count * math.log2(wordlist_size)
