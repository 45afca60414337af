"""A detail a text holds (details.py finds them): its span, its comparison keys and what it is.

Keys are script-free (see normalise.py and details.py); ``what`` says how a report names it.
"""

from __future__ import annotations

from dataclasses import dataclass

PLACE, NAME, WORD, TERM, TITLE = "place", "name", "word", "term", "title"


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    keys: frozenset[str]
    what: str
    rare: bool  # counts as identifying when found in one source's material only
    # Keys that spell one thing, where not all of ``keys`` do: each 2-4 characters of a Chinese run, read
    # in Korean, in Mandarin Hangul and in pinyin (银河 = 은하 = 인허 = yinhe). Empty: all of ``keys``.
    groups: tuple[frozenset[str], ...] = ()
    # Keys rare whatever ``rare`` says: a Chinese sentence of ordinary words (收货的是烟台一家公司) still holds
    # a name, and 烟台 in Mandarin Hangul (옌타이) is a name only.
    rare_spellings: frozenset[str] = frozenset()
