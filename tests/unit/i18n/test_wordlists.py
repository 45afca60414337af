"""Wordlists are shipped data, read once, in NFC."""

from __future__ import annotations

import unicodedata

import pytest

from tipline.i18n import load_wordlist


def test_the_english_list_is_the_eff_large_list() -> None:
    words = load_wordlist("en")
    assert 7776 == len(words)
    assert 7776 == len(set(words))
    assert all(w == unicodedata.normalize("NFC", w) and w == w.strip() and " " not in w for w in words)
    assert load_wordlist("en") is words  # cached


def test_an_unknown_wordlist_is_refused() -> None:
    with pytest.raises(ValueError, match="no wordlist 'xx'"):
        load_wordlist("xx")
