"""The codename scheme of an instance: one wordlist per source language."""

from __future__ import annotations

from tipline.crypto.codenames import CodenameList, CodenameScheme, words_needed
from tipline.i18n import CODENAME_LANGUAGES, load_wordlist, traditional_to_simplified


def codename_scheme(min_words: int, default: str) -> CodenameScheme:
    """Codenames in every language we have a list for. Each list gets as many words as it needs
    for MIN_CODENAME_BITS, and at least ``min_words`` (the `codename_words` setting)."""
    lists = {}
    for language in CODENAME_LANGUAGES:
        words = load_wordlist(language)
        # A Chinese codename typed with a traditional-character keyboard still works.
        variants = traditional_to_simplified() if language == "zh_Hans" else {}
        lists[language] = CodenameList(words, words_needed(len(words), min_words), variants)
    return CodenameScheme(lists, default if default in lists else "en")
