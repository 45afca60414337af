"""Wordlists shipped with the package, read as data."""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

# Wordlist name → file in tipline/i18n/wordlists/. Names are the locales whose sources get
# codenames from that list (zh_Hans: the page locale of Simplified Chinese).
WORDLISTS = {
    "en": "eff_large.txt",
    # Tipline's own list (korean_codenames.py: BIP-39 Korean minus loanwords, politics, places…).
    "ko": "tipline_korean.txt",
    # Not drawn from any more: kept so that codenames made from it before still log in.
    "ko_bip39": "bip39_korean.txt",
    "ru": "bip39_russian.txt",
    "zh_Hans": "bip39_chinese_simplified.txt",
    # Not a codename language: index-aligned with zh_Hans, it lets a source type its Chinese
    # codename with a traditional-character keyboard (這 for 这).
    "zh_Hant": "bip39_chinese_traditional.txt",
}
CODENAME_LANGUAGES = ("en", "ko", "ru", "zh_Hans")
# Lists that are still accepted at login but never drawn from.
ACCEPTED_ONLY = ("ko_bip39",)


@functools.cache
def load_wordlist(name: str) -> tuple[str, ...]:
    """The words of a list in display form: NFC (the BIP-39 Korean file is stored decomposed)."""
    try:
        filename = WORDLISTS[name]
    except KeyError:
        raise ValueError(f"no wordlist {name!r}") from None
    text = resources.files("tipline.i18n").joinpath("wordlists", filename).read_text(encoding="utf-8")
    words = tuple(unicodedata.normalize("NFC", w.strip()) for w in text.splitlines() if w.strip())
    if len(set(words)) != len(words):
        raise ValueError(f"wordlist {name!r} has duplicates")
    return words


def traditional_to_simplified() -> dict[str, str]:
    """Traditional → simplified characters of the BIP-39 Chinese lists (the same word, same index)."""
    pairs = zip(load_wordlist("zh_Hant"), load_wordlist("zh_Hans"), strict=True)
    return {traditional: simplified for traditional, simplified in pairs if traditional != simplified}
